import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction, type Queryable } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { listDepartments } from '../../db/repositories/bureaus.repository';
import { getCampaign, listCampaignSchools } from '../../db/repositories/campaigns.repository';
import { insertEvidence, insertNotification } from '../../db/repositories/objections.repository';
import { currentSeedList } from '../../db/repositories/publicity.repository';
import { decideApplication, getApplication, insertApplication, insertNomination, isNominated, listApplications, listNominations, phaseOfKind } from '../../db/repositories/seed-selection.repository';
import { allow, roles } from '../../domain/access';
import { evidenceSchema, MAX_EVIDENCE_FILES } from '../../domain/publicity';
import type { CampaignTemplate } from '../../domain/templates';
import { formatShanghai } from '../../domain/time-format';
import { deadlineFor } from '../../domain/calendar';
import { actorOf, auditBy } from '../actor';
import { AppError, invalidField } from '../errors';
import { decodeEvidence } from '../evidence';
import { campaignParams } from '../schemas';

const levels = ['excellent', 'good', 'fair', 'weak'] as const;
const nominationBody = z.object({
  schoolId: z.string().uuid(),
  indicators: z.array(z.string().min(1)).min(1).max(20).describe("Keys of the template's indicator categories the nomination rests on"),
  reasons: z.string().trim().min(1).max(4000),
  departmentId: z.string().uuid().optional().describe('Only for a bureau admin nominating on behalf of a department'),
});
const applicationBody = z.object({
  selfAssessment: z.record(z.string(), z.object({ level: z.enum(levels).describe('excellent 优秀, good 良好, fair 一般, weak 薄弱'), note: z.string().trim().max(2000).optional() })),
  statement: z.string().trim().min(1).max(8000).describe('申请理由 (why the school should be on the list)'),
  evidence: z.array(evidenceSchema).max(MAX_EVIDENCE_FILES).default([]),
});
const applicationParams = z.object({ applicationId: z.string().uuid() });
const recheckBody = z
  .object({ outcome: z.enum(['passed', 'rejected']).describe('passed 复核达标, rejected 驳回'), reason: z.string().trim().max(4000).optional() })
  .refine((b) => b.outcome === 'passed' || (b.reason && b.reason.length > 0), { message: '驳回须写明理由 / a rejection needs a written reason', path: ['reason'] });

/** Seed selection (标杆种子校圈定): nominations by departments, applications by schools, and re-check. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;

  async function openSeedPhase(db: Queryable, campaignId: string): Promise<void> {
    const phase = await phaseOfKind(db, campaignId, 'seed_selection');
    if (!phase || phase.status !== 'open') {
      throw new AppError(409, 'phase_not_open', phase
        ? { zh: `种子校圈定阶段已于 ${formatShanghai(phase.deadline_at)}（北京时间）截止`, en: `Seed selection closed at ${formatShanghai(phase.deadline_at)} Beijing time` }
        : { zh: '种子校圈定阶段尚未开始', en: 'Seed selection has not started' });
    }
  }

  app.post('/campaigns/:campaignId/nominations', { schema: { tags: ['seed selection'], summary: 'A department nominates a seed school (标杆种子校) with indicators and reasons', params: campaignParams, body: nominationBody }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req, reply) => {
    const actor = actorOf(req);
    const { campaignId } = req.params;
    const campaign = (await getCampaign(pool, campaignId))!;
    const departmentId = actor.role === 'department_staff' ? actor.departmentId! : req.body.departmentId;
    if (!departmentId) throw invalidField('body.departmentId', '请指定提名科室', 'name the nominating department');
    if (!(await listDepartments(pool, actor.bureauId)).some((d) => d.id === departmentId)) throw invalidField('body.departmentId', '本局没有该科室', 'no such department in this bureau');
    if (!(await listCampaignSchools(pool, campaignId)).some((s) => s.id === req.body.schoolId)) throw invalidField('body.schoolId', '该校不在本次活动中', 'the school is not in this campaign');
    const known = (campaign.template as CampaignTemplate).indicators.map((i) => i.key);
    req.body.indicators.forEach((k, i) => {
      if (!known.includes(k)) throw invalidField(`body.indicators.${i}`, `没有指标 ${k}；可选：${known.join('、')}`, `unknown indicator; one of ${known.join(', ')}`);
    });
    const row = await withTransaction(pool, async (tx) => {
      await openSeedPhase(tx, campaignId);
      const n = await insertNomination(tx, { campaignId, schoolId: req.body.schoolId, departmentId, bureauId: actor.bureauId, indicators: req.body.indicators, reasons: req.body.reasons, by: actor.accountId });
      if (!n) throw new AppError(409, 'already_nominated', { zh: '本科室已提名该校', en: 'Your department already nominated this school' });
      await recordAuditEvent(tx, { bureauId: actor.bureauId, campaignId, ...auditBy(req), action: 'seed.nominated', subject: `school:${n.school_id}`, after: { departmentId, indicators: n.indicators }, reason: n.reasons, idempotencyKey: `nomination:${campaignId}:${n.school_id}:${departmentId}` });
      return n;
    });
    return reply.code(201).send(row);
  });

  app.get('/campaigns/:campaignId/nominations', { schema: { tags: ['seed selection'], summary: 'Nominations of the campaign', params: campaignParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req) => listNominations(pool, req.params.campaignId));

  app.post('/campaigns/:campaignId/applications', { schema: { tags: ['seed selection'], summary: 'A school not nominated applies (申请) with a self-assessment per indicator and evidence', params: campaignParams, body: applicationBody }, config: { access: allow('school') }, bodyLimit: 40 * 1024 * 1024 }, async (req, reply) => {
    const actor = actorOf(req);
    const { campaignId } = req.params;
    const campaign = (await getCampaign(pool, campaignId))!;
    const indicators = (campaign.template as CampaignTemplate).indicators;
    for (const i of indicators) if (!req.body.selfAssessment[i.key]) throw invalidField(`body.selfAssessment.${i.key}`, `请对「${i.name.zh}」作出自评`, `assess "${i.name.en}"`);
    for (const k of Object.keys(req.body.selfAssessment)) if (!indicators.some((i) => i.key === k)) throw invalidField(`body.selfAssessment.${k}`, '模板中没有该指标', 'no such indicator in the template');
    const files = req.body.evidence.map((e, i) => decodeEvidence(e, `body.evidence.${i}.dataBase64`));
    const id = randomUUID();
    const row = await withTransaction(pool, async (tx) => {
      await openSeedPhase(tx, campaignId);
      if (await isNominated(tx, campaignId, actor.schoolId!)) throw new AppError(409, 'already_nominated', { zh: '本校已被科室提名，无需申请', en: 'Your school is already nominated; no application is needed' });
      const a = await insertApplication(tx, { id, campaignId, schoolId: actor.schoolId!, bureauId: actor.bureauId, selfAssessment: req.body.selfAssessment, statement: req.body.statement, by: actor.accountId });
      if (!a) throw new AppError(409, 'already_applied', { zh: '本校已提交过申请', en: 'Your school has already applied' });
      for (const f of files) await insertEvidence(tx, { bureauId: actor.bureauId, ownerKind: 'application', ownerId: id, filename: f.filename, contentType: f.contentType, data: f.data, sha256: f.sha256 });
      await recordAuditEvent(tx, { bureauId: actor.bureauId, campaignId, ...auditBy(req), action: 'seed.applied', subject: `application:${id}`, after: { schoolId: a.school_id, evidence: files.map((f) => ({ filename: f.filename, sha256: f.sha256 })) }, idempotencyKey: `application:${id}:submitted` });
      return a;
    });
    return reply.code(201).send(row);
  });

  app.get('/campaigns/:campaignId/applications', { schema: { tags: ['seed selection'], summary: 'Applications (a school sees its own)', params: campaignParams }, config: { access: allow('bureau_admin', 'department_staff', 'school') } }, async (req) => {
    const actor = actorOf(req);
    const [rows, phase, campaign] = await Promise.all([listApplications(pool, req.params.campaignId, actor.role === 'school' ? actor.schoolId! : undefined), phaseOfKind(pool, req.params.campaignId, 'seed_selection'), getCampaign(pool, req.params.campaignId)]);
    // The re-check is due a campaign-set time after the application deadline.
    let recheckDueAt: string | null = null;
    try {
      const within = (campaign!.template as CampaignTemplate).rules?.recheckWithin;
      if (phase && within) recheckDueAt = deadlineFor(phase.deadline_at, within).toISOString();
    } catch {
      recheckDueAt = null; // outside the calendar data: no date rather than a guessed one
    }
    return rows.map((a) => ({ ...a, recheckDueAt: a.status === 'submitted' ? recheckDueAt : null }));
  });

  app.post('/applications/:applicationId/recheck', { schema: { tags: ['seed selection'], summary: 'Re-check (资格复核) an application: pass, or reject with a reason the school reads', params: applicationParams, body: recheckBody }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req) => {
    const actor = actorOf(req);
    const application = (await getApplication(pool, req.params.applicationId))!;
    const campaign = (await getCampaign(pool, application.campaign_id))!;
    const recheckCode = (campaign.template as CampaignTemplate).rules?.recheckDepartment ?? 'dudao';
    if (actor.role === 'department_staff') {
      const dept = (await listDepartments(pool, actor.bureauId)).find((d) => d.id === actor.departmentId);
      if (dept?.code !== recheckCode) throw new AppError(403, 'not_your_department', { zh: '资格复核由模板指定的科室负责', en: "Re-checks are done by the template's re-check department" });
    }
    const phase = await phaseOfKind(pool, application.campaign_id, 'seed_selection');
    if (phase?.status === 'approved') throw new AppError(409, 'phase_approved', { zh: '种子校圈定阶段已审批，不能再复核', en: 'Seed selection is already approved' });
    const decided = await withTransaction(pool, async (tx) => {
      const a = await decideApplication(tx, { id: application.id, outcome: req.body.outcome, reason: req.body.reason ?? null, by: actor.accountId });
      if (!a) throw new AppError(409, 'already_decided', { zh: '该申请已复核', en: 'The application is already decided' });
      await recordAuditEvent(tx, { bureauId: actor.bureauId, campaignId: a.campaign_id, ...auditBy(req), action: 'seed.rechecked', subject: `application:${a.id}`, before: { status: 'submitted' }, after: { status: a.status }, reason: a.decision_reason, idempotencyKey: `application:${a.id}:decided` });
      await insertNotification(tx, { bureauId: actor.bureauId, accountId: a.submitted_by, kind: 'application.decided', title: a.status === 'passed' ? { zh: '贵校申请已通过资格复核', en: 'Your application passed the re-check' } : { zh: '贵校申请未通过资格复核', en: 'Your application was rejected' }, body: { applicationId: a.id, reason: a.decision_reason }, key: `application:${a.id}:decided` });
      return a;
    });
    return decided;
  });

  app.get('/campaigns/:campaignId/seed-list', { schema: { tags: ['seed selection'], summary: 'The seed list as it stands: nominated schools and passed applicants, with the basis', params: campaignParams }, config: { access: allow(...roles) } }, async (req) => currentSeedList(pool, req.params.campaignId));
};

export default routes;
