import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/pool';
import { getAccount } from '../../db/repositories/accounts.repository';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { getCampaign, listCampaignSchools } from '../../db/repositories/campaigns.repository';
import { getReviewerProfile, listAssignments, replaceAssignments } from '../../db/repositories/reviewers.repository';
import { allow } from '../../domain/access';
import { recusalFor } from '../../domain/recusal';
import { approvedPairs } from '../../db/repositories/pairing.repository';
import { actorOf, auditBy } from '../actor';
import { AppError, invalidField, notFound, type FieldError } from '../errors';
import { campaignParams } from '../schemas';

const assignParams = z.object({ campaignId: z.string().uuid(), accountId: z.string().uuid() });
const schoolParams = z.object({ campaignId: z.string().uuid(), schoolId: z.string().uuid() });
const assignBody = z.object({ schoolIds: z.array(z.string().uuid()).max(500).describe("The reviewer's schools in this campaign (replaces the previous set)") });

/** Which schools a reviewer reviews in a campaign; recusal (回避) is checked on every assignment. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;

  app.put('/campaigns/:campaignId/reviewers/:accountId/schools', { schema: { tags: ['reviewers'], summary: "Set a reviewer's schools; refused with the reason where the reviewer must recuse", params: assignParams, body: assignBody }, config: { access: allow('bureau_admin') } }, async (req) => {
    const { campaignId, accountId } = req.params;
    const reviewer = (await getAccount(pool, accountId))!;
    if (reviewer.role !== 'reviewer') throw invalidField('params.accountId', '该账号不是评审专家', 'the account is not a reviewer');
    const schoolIds = [...new Set(req.body.schoolIds)];
    const [schools, profile, pairs] = await Promise.all([listCampaignSchools(pool, campaignId), getReviewerProfile(pool, accountId), approvedPairs(pool, campaignId)]);
    const errors: FieldError[] = [];
    req.body.schoolIds.forEach((id, i) => {
      const school = schools.find((s) => s.id === id);
      if (!school) return errors.push({ field: `body.schoolIds.${i}`, message: '该校未参加本活动 / the school is not in this campaign' });
      const recusal = recusalFor(profile, id, pairs);
      if (recusal) errors.push({ field: `body.schoolIds.${i}`, message: `${school.name}：须回避，${recusal.reason.zh} / recused: ${recusal.reason.en}` });
      return undefined;
    });
    if (errors.length > 0) throw new AppError(422, 'assignment_refused', { zh: '分配被拒绝，未做任何更改', en: 'The assignment is refused; nothing changed' }, errors);
    const bureauId = actorOf(req).bureauId;
    await withTransaction(pool, async (tx) => {
      const before = await replaceAssignments(tx, { campaignId, bureauId, reviewerId: accountId, schoolIds });
      await recordAuditEvent(tx, { bureauId, campaignId, ...auditBy(req), action: 'reviewer.assigned', subject: `account:${accountId}`, before: { schoolIds: before }, after: { schoolIds: [...schoolIds].sort() }, idempotencyKey: `campaign:${campaignId}:assign:${accountId}:${randomUUID()}` });
    });
    return listAssignments(pool, campaignId, accountId);
  });

  app.get('/campaigns/:campaignId/assignments', { schema: { tags: ['reviewers'], summary: 'Reviewer assignments (a reviewer sees their own), each with its recusal check', params: campaignParams }, config: { access: allow('bureau_admin', 'department_staff', 'reviewer') } }, async (req) => {
    const actor = actorOf(req);
    const [rows, pairs] = await Promise.all([listAssignments(pool, req.params.campaignId, actor.role === 'reviewer' ? actor.accountId : undefined), approvedPairs(pool, req.params.campaignId)]);
    const profiles = new Map<string, Awaited<ReturnType<typeof getReviewerProfile>>>();
    const out = [];
    for (const r of rows) {
      if (!profiles.has(r.reviewer_id)) profiles.set(r.reviewer_id, await getReviewerProfile(pool, r.reviewer_id));
      // A conflict declared after the assignment shows here and blocks the reviewer on that school.
      const recusal = recusalFor(profiles.get(r.reviewer_id)!, r.school_id, pairs);
      out.push({ reviewerId: r.reviewer_id, reviewerName: r.reviewer_name, schoolId: r.school_id, schoolName: r.school_name, assignedAt: r.assigned_at.toISOString(), recused: recusal ? { code: recusal.code, reason: recusal.reason } : null });
    }
    return out;
  });

  app.get('/campaigns/:campaignId/schools/:schoolId', { schema: { tags: ['reviewers'], summary: 'A school in a campaign (a school sees itself; a reviewer an assigned, non-recused school)', params: schoolParams }, config: { access: allow('bureau_admin', 'department_staff', 'reviewer', 'school') } }, async (req) => {
    const { campaignId, schoolId } = req.params;
    const [campaign, schools] = await Promise.all([getCampaign(pool, campaignId), listCampaignSchools(pool, campaignId)]);
    const school = schools.find((s) => s.id === schoolId);
    if (!campaign || !school) throw notFound({ zh: '活动中的该学校', en: 'School in this campaign' });
    const actor = actorOf(req);
    const reviewers = actor.role === 'bureau_admin' || actor.role === 'department_staff'
      ? (await listAssignments(pool, campaignId)).filter((a) => a.school_id === schoolId).map((a) => ({ reviewerId: a.reviewer_id, reviewerName: a.reviewer_name }))
      : undefined;
    return { campaignId, campaignName: campaign.name, school, reviewers };
  });
};

export default routes;
