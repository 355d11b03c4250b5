import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { campaignChain, findByContentHash, listChain, verifyChain } from '../../db/repositories/audit.repository';
import { allow } from '../../domain/access';
import { auditEventView, chainVerificationView } from '../audit-views';
import { campaignParams } from '../schemas';

const pageQuery = z.object({ afterSeq: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) });
const verifyQuery = z.object({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256, 64 hex digits').optional().describe('Also look up a published document by its hash (printed on the notice)'),
});

const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;
  const admin = allow('bureau_admin');

  app.get('/campaigns/:campaignId/audit', { schema: { tags: ['audit'], summary: "A campaign's audit chain, in order", params: campaignParams, querystring: pageQuery }, config: { access: admin } }, async (req) =>
    (await listChain(pool, campaignChain(req.params.campaignId), req.query)).map(auditEventView),
  );

  app.get('/campaigns/:campaignId/audit/verify', { schema: { tags: ['audit'], summary: "Verify a campaign's audit chain; reports the first broken link", params: campaignParams, querystring: verifyQuery }, config: { access: admin } }, async (req) => {
    const chain = campaignChain(req.params.campaignId);
    const verification = chainVerificationView(await verifyChain(pool, chain));
    if (!req.query.contentHash) return verification;
    const events = await findByContentHash(pool, chain, req.query.contentHash);
    return { ...verification, contentHash: { hash: req.query.contentHash, found: events.length > 0, events: events.map(auditEventView) } };
  });
};

export default routes;
