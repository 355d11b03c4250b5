import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { getCampaign, listCampaignSchools } from '../../db/repositories/campaigns.repository';
import { approvePairingVersion, finalListSchoolIds, insertPairingVersion, listPairingVersions, type PairingVersionRow } from '../../db/repositories/pairing.repository';
import { allow } from '../../domain/access';
import { contentHash } from '../../domain/content-hash';
import { defaultPairingRules, evaluateAssignment, objective, proposePairing, type PairingInput, type PairingResult } from '../../domain/pairing';
import type { CampaignTemplate } from '../../domain/templates';
import { actorOf, auditBy } from '../actor';
import { AppError } from '../errors';
import { campaignParams } from '../schemas';

const pairRef = z.object({ potentialId: z.string().uuid(), mentorId: z.string().uuid() });
const proposalBody = z.object({ pins: z.array(pairRef).max(2000).default([]), forbids: z.array(pairRef).max(10000).default([]) });
const editBody = z.object({ basedOn: z.number().int().min(1), moves: z.array(pairRef).min(1).max(2000), reason: z.string().trim().min(1).max(2000).describe('Why the proposal is changed') });
const approveBody = z.object({ version: z.number().int().min(1) });
const LEVEL = { excellent: 3, good: 2, fair: 1, weak: 0 } as const;

const versionView = (v: PairingVersionRow) => ({ version: v.version, kind: v.kind, totalCost: Number(v.total_cost), contentHash: v.content_hash, reason: v.reason, createdAt: v.created_at.toISOString(), approved: v.approved_at !== null, pins: v.pins, forbids: v.forbids, pairs: v.pairs });

/** 1+X pairing (搭对): the engine's proposal, the bureau's edits, and the approved version. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;
  const admin = allow('bureau_admin');

  /** Potential schools (not on the final seed list) with their weakest indicators, and the final mentors with their practices. */
  async function inputFor(campaignId: string, pins: PairingInput['pins'], forbids: PairingInput['forbids']): Promise<PairingInput> {
    const campaign = (await getCampaign(pool, campaignId))!;
    const template = campaign.template as CampaignTemplate;
    const [seeds, mentorIds, schools] = await Promise.all([finalListSchoolIds(pool, campaignId, 'seed_list'), finalListSchoolIds(pool, campaignId, 'mentor_list'), listCampaignSchools(pool, campaignId)]);
    if (!seeds || !mentorIds) throw new AppError(409, 'mentor_list_not_final', { zh: '导师型学校名单尚未审批定稿，暂不能结对', en: 'The mentor list is not approved yet' });
    const { rows: baselines } = await pool.query<{ school_id: string; ratings: Record<string, keyof typeof LEVEL> }>('select school_id, ratings from baselines where campaign_id = $1', [campaignId]);
    const { rows: practices } = await pool.query<{ school_id: string; indicator_key: string }>('select distinct school_id, indicator_key from practices where campaign_id = $1', [campaignId]);
    const weakest = (ratings?: Record<string, keyof typeof LEVEL>): string[] => {
      if (!ratings) return [];
      const low = Object.entries(ratings).filter(([, r]) => LEVEL[r] <= LEVEL.fair).map(([k]) => k);
      if (low.length > 0) return low.sort();
      const min = Math.min(...Object.values(ratings).map((r) => LEVEL[r]));
      return Object.entries(ratings).filter(([, r]) => LEVEL[r] === min).map(([k]) => k).sort();
    };
    return {
      potentials: schools.filter((s) => !seeds.includes(s.id)).map((s) => ({ id: s.id, name: s.name, district: s.district, weak: weakest(baselines.find((b) => b.school_id === s.id)?.ratings) })),
      mentors: schools.filter((s) => mentorIds.includes(s.id)).map((s) => ({ id: s.id, name: s.name, district: s.district, strengths: practices.filter((p) => p.school_id === s.id).map((p) => p.indicator_key).sort() })),
      rules: template.pairing ?? defaultPairingRules,
      pins,
      forbids,
      indicatorNames: Object.fromEntries(template.indicators.map((i) => [i.key, i.name])),
    };
  }

  const refused = (r: Extract<PairingResult, { ok: false }>) => new AppError(422, 'pairing_infeasible', r.problem);

  app.get('/campaigns/:campaignId/pairing', { schema: { tags: ['pairing'], summary: 'Pairing versions (a school sees its own approved pair)', params: campaignParams }, config: { access: allow('bureau_admin', 'department_staff', 'school') } }, async (req) => {
    const actor = actorOf(req);
    const versions = await listPairingVersions(pool, req.params.campaignId);
    const approved = versions.find((v) => v.approved_at !== null);
    if (actor.role === 'school') {
      const mine = (approved?.pairs ?? []).filter((p) => p.potentialId === actor.schoolId || p.mentorId === actor.schoolId);
      return { objective, approvedVersion: approved?.version ?? null, pairs: mine };
    }
    return { objective, approvedVersion: approved?.version ?? null, versions: versions.map(versionView) };
  });

  app.post('/campaigns/:campaignId/pairing/proposals', { schema: { tags: ['pairing'], summary: "The engine's proposal: optimal for the stated cost, with pins and forbids, each pair explained", params: campaignParams, body: proposalBody }, config: { access: admin } }, async (req, reply) => {
    const { campaignId } = req.params;
    const result = proposePairing(await inputFor(campaignId, req.body.pins, req.body.forbids));
    if (!result.ok) throw refused(result);
    const version = await withTransaction(pool, async (tx) => {
      const hash = contentHash({ campaignId, pairs: result.pairs.map((p) => [p.potentialId, p.mentorId]) });
      const v = await insertPairingVersion(tx, { campaignId, kind: 'proposed', pairs: result.pairs, pins: req.body.pins, forbids: req.body.forbids, totalCost: result.totalCost, contentHash: hash, by: actorOf(req).accountId });
      await recordAuditEvent(tx, { bureauId: actorOf(req).bureauId, campaignId, ...auditBy(req), action: 'pairing.proposed', subject: `pairing:v${v.version}`, after: { pairs: result.pairs.length, totalCost: result.totalCost, pins: req.body.pins.length, forbids: req.body.forbids.length }, contentHash: hash, idempotencyKey: `pairing:${campaignId}:v${v.version}` });
      return v;
    });
    return reply.code(201).send({ objective, ...versionView(version) });
  });

  app.post('/campaigns/:campaignId/pairing/edits', { schema: { tags: ['pairing'], summary: 'Move schools to other mentors; checked against capacity, pins and forbids; a new version', params: campaignParams, body: editBody }, config: { access: admin } }, async (req, reply) => {
    const { campaignId } = req.params;
    const base = (await listPairingVersions(pool, campaignId)).find((v) => v.version === req.body.basedOn);
    if (!base) throw new AppError(404, 'not_found', { zh: `没有第 ${req.body.basedOn} 版配对`, en: `No pairing version ${req.body.basedOn}` });
    const input = await inputFor(campaignId, base.pins, base.forbids);
    const assignment = new Map(base.pairs.map((p) => [p.potentialId, p.mentorId]));
    for (const m of req.body.moves) assignment.set(m.potentialId, m.mentorId);
    const result = evaluateAssignment(input, assignment);
    if (!result.ok) throw refused(result);
    const version = await withTransaction(pool, async (tx) => {
      const hash = contentHash({ campaignId, pairs: result.pairs.map((p) => [p.potentialId, p.mentorId]) });
      const v = await insertPairingVersion(tx, { campaignId, kind: 'edited', pairs: result.pairs, pins: base.pins, forbids: base.forbids, totalCost: result.totalCost, contentHash: hash, reason: req.body.reason, by: actorOf(req).accountId });
      await recordAuditEvent(tx, { bureauId: actorOf(req).bureauId, campaignId, ...auditBy(req), action: 'pairing.edited', subject: `pairing:v${v.version}`, before: { version: base.version, totalCost: Number(base.total_cost) }, after: { version: v.version, moves: req.body.moves, totalCost: result.totalCost }, reason: req.body.reason, contentHash: hash, idempotencyKey: `pairing:${campaignId}:v${v.version}` });
      return v;
    });
    return reply.code(201).send({ objective, ...versionView(version) });
  });

  app.post('/campaigns/:campaignId/pairing/approve', { schema: { tags: ['pairing'], summary: 'Approve a pairing version; later stages (recusal, awards) use it', params: campaignParams, body: approveBody }, config: { access: admin } }, async (req) => {
    const { campaignId } = req.params;
    const approved = await withTransaction(pool, async (tx) => {
      const v = await approvePairingVersion(tx, campaignId, req.body.version, actorOf(req).accountId);
      if (!v) throw new AppError(409, 'pairing_not_approvable', { zh: '该版本不存在，或本活动已有审批通过的配对', en: 'No such version, or a pairing is already approved' });
      await recordAuditEvent(tx, { bureauId: actorOf(req).bureauId, campaignId, ...auditBy(req), action: 'pairing.approved', subject: `pairing:v${v.version}`, after: { version: v.version, pairs: v.pairs.length }, contentHash: v.content_hash, idempotencyKey: `pairing:${campaignId}:approved:${randomUUID()}` });
      return v;
    });
    return versionView(approved);
  });
};

export default routes;
