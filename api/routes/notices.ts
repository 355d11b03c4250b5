import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashToken } from '../../auth/credentials';
import { getObjection, objectionFollowKeyMatches } from '../../db/repositories/objections.repository';
import { getList, getWindow, type WindowRow } from '../../db/repositories/publicity.repository';
import { PUBLIC } from '../../domain/access';
import { objectionBodySchema } from '../../domain/publicity';
import type { CampaignTemplate } from '../../domain/templates';
import { notFound } from '../errors';
import { noticeHtml, objectionRules, type NoticeContext } from '../notice-page';
import { takeObjection } from '../objection-intake';
import { listView, objectionStatusView, windowView } from '../publicity-views';

const windowParams = z.object({ windowId: z.string().uuid() });
const followParams = z.object({ windowId: z.string().uuid(), objectionId: z.string().uuid() });
const followQuery = z.object({ key: z.string().min(10).max(100).describe('The follow key returned when the objection was submitted') });
/** Objections per client address per minute. */
export const OBJECTION_RATE_PER_MINUTE = 10;
const NOTICE = { zh: '公示', en: 'Notice' };

/** The public side of a publicity window: the notice, the real-name objection form, and following one. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool, temporal, taskQueue } = app.deps;

  async function context(windowId: string): Promise<NoticeContext> {
    const window = await getWindow(pool, windowId);
    if (!window) throw notFound(NOTICE);
    const { rows } = await pool.query<{ bureau_name: string; campaign_name: string; template: CampaignTemplate }>(
      'select b.name as bureau_name, c.name as campaign_name, c.template from campaigns c join bureaus b on b.id = c.bureau_id where c.id = $1',
      [window.campaign_id],
    );
    const c = rows[0]!;
    const phase = c.template.phases.find((p) => p.key === window.phase_key);
    const list = (await getList(pool, window.final_list_id ?? window.list_id))!;
    return { bureauName: c.bureau_name, campaignName: c.campaign_name, phaseName: phase?.name ?? { zh: window.phase_key, en: window.phase_key }, window, list };
  }

  app.get('/notices/:windowId', { schema: { tags: ['publicity'], summary: 'A publicity notice (公示): the list, the window, the contact and the rules', params: windowParams, security: [] }, config: { access: PUBLIC } }, async (req) => {
    const n = await context(req.params.windowId);
    return { bureauName: n.bureauName, campaignName: n.campaignName, phaseName: n.phaseName, window: windowView(n.window), list: listView(n.list), objectionRules };
  });

  app.get('/notices/:windowId/print', { schema: { tags: ['publicity'], summary: 'The notice as a printable HTML page (A4)', params: windowParams, security: [] }, config: { access: PUBLIC } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(noticeHtml(await context(req.params.windowId))),
  );

  app.post(
    '/notices/:windowId/objections',
    {
      schema: {
        tags: ['publicity'],
        summary: 'Object (异议) under a real name while the window is open; a signed-in school objects as itself. Send an Idempotency-Key to make retries safe.',
        params: windowParams,
        body: objectionBodySchema,
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        security: [],
      },
      config: { access: PUBLIC, rateLimit: { max: OBJECTION_RATE_PER_MINUTE, timeWindow: '1 minute' } },
      bodyLimit: 40 * 1024 * 1024,
    },
    async (req, reply) => {
      // The moment of receipt, before the body was read: a slow upload is not made late by its size.
      const receivedAt = new Date(Date.now() - reply.elapsedTime);
      const window: WindowRow | undefined = await getWindow(pool, req.params.windowId);
      if (!window) throw notFound(NOTICE);
      const intake = await takeObjection({ pool, temporal, taskQueue, log: req.log }, { window, body: req.body, actor: req.actor, idempotencyKey: req.headers['idempotency-key'], receivedAt, requestId: req.id });
      return reply.code(intake.replayed ? 200 : 201).send({
        ...objectionStatusView(intake.objection),
        followKey: intake.followKey,
        followUrl: `/notices/${window.id}/objections/${intake.objection.id}?key=${intake.followKey}`,
        replayed: intake.replayed,
      });
    },
  );

  app.get('/notices/:windowId/objections/:objectionId', { schema: { tags: ['publicity'], summary: "Follow an objection's status with its follow key", params: followParams, querystring: followQuery, security: [] }, config: { access: PUBLIC } }, async (req) => {
    const o = await getObjection(pool, req.params.objectionId);
    if (!o || o.window_id !== req.params.windowId || !(await objectionFollowKeyMatches(pool, o.id, hashToken(req.query.key)))) throw notFound({ zh: '异议', en: 'Objection' });
    return objectionStatusView(o);
  });
};

export default routes;
