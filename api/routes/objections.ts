import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { listDepartments } from '../../db/repositories/bureaus.repository';
import { listCampaignSchools } from '../../db/repositories/campaigns.repository';
import { assignObjection, countObjections, decideObjection, getObjection, insertNotification, listEvidence, listObjections } from '../../db/repositories/objections.repository';
import { getList, getWindow, insertListVersion, latestList, listWindows } from '../../db/repositories/publicity.repository';
import { allow, roles } from '../../domain/access';
import { contentHash } from '../../domain/content-hash';
import { obligationMetSignal, reminderSeriesId } from '../../domain/reminder-series';
import { actorOf, auditBy } from '../actor';
import { AppError, invalidField } from '../errors';
import { listView, objectionView, windowView } from '../publicity-views';
import { campaignParams } from '../schemas';

const objectionParams = z.object({ objectionId: z.string().uuid() });
const inboxQuery = z.object({ windowId: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(200), offset: z.coerce.number().int().min(0).default(0) });
const assignBody = z.object({ departmentId: z.string().uuid() });
const decisionBody = z
  .object({
    outcome: z.enum(['upheld', 'dismissed']).describe('upheld 异议成立 / dismissed 异议不成立'),
    reason: z.string().trim().min(1).max(8000).describe('The written answer the submitter reads'),
    listChange: z
      .object({ add: z.array(z.string().uuid()).max(100).default([]), remove: z.array(z.string().uuid()).max(100).default([]) })
      .optional()
      .describe('For an upheld objection that changes the list: schools to add or remove (a new list version)'),
  })
  .refine((b) => !b.listChange || b.outcome === 'upheld', { message: '只有成立的异议才能改动名单 / only an upheld objection changes the list', path: ['listChange'] });

/** The bureau's side of objections: the inbox, assignment to a department, and the decision. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool, temporal } = app.deps;
  const handlers = allow('bureau_admin', 'department_staff');

  app.get('/campaigns/:campaignId/publicity', { schema: { tags: ['publicity'], summary: "A campaign's publicity windows with their lists and objection counts", params: campaignParams }, config: { access: allow(...roles) } }, async (req) => {
    const [windows, counts] = await Promise.all([listWindows(pool, req.params.campaignId), countObjections(pool, req.params.campaignId)]);
    const out = [];
    for (const w of windows) {
      const mine = counts.filter((c) => c.window_id === w.id);
      const sum = (pred: (c: (typeof mine)[number]) => boolean) => mine.filter(pred).reduce((n, c) => n + c.n, 0);
      const [published, final] = await Promise.all([getList(pool, w.list_id), w.final_list_id ? getList(pool, w.final_list_id) : undefined]);
      const latest = await latestList(pool, w.campaign_id, published!.list_key);
      out.push({
        ...windowView(w),
        published: listView(published!),
        latest: listView(latest!),
        final: final ? listView(final) : null,
        objections: { received: sum((c) => c.status === 'received'), assigned: sum((c) => c.status === 'assigned'), decided: sum((c) => c.status === 'decided'), overdue: sum((c) => c.overdue) },
      });
    }
    return out;
  });

  app.get('/campaigns/:campaignId/objections', { schema: { tags: ['publicity'], summary: 'The objection inbox, overdue first (staff: their department; a school: its own)', params: campaignParams, querystring: inboxQuery }, config: { access: allow('bureau_admin', 'department_staff', 'school') } }, async (req) => {
    const actor = actorOf(req);
    const rows = await listObjections(pool, {
      campaignId: req.params.campaignId,
      windowId: req.query.windowId,
      departmentId: actor.role === 'department_staff' ? actor.departmentId! : undefined,
      submitterSchoolId: actor.role === 'school' ? actor.schoolId! : undefined,
      limit: req.query.limit,
      offset: req.query.offset,
    });
    return rows.map((o) => objectionView(o));
  });

  app.get('/objections/:objectionId', { schema: { tags: ['publicity'], summary: 'One objection with its evidence files', params: objectionParams }, config: { access: allow('bureau_admin', 'department_staff', 'school') } }, async (req) => {
    const o = (await getObjection(pool, req.params.objectionId))!;
    return { ...objectionView(o), evidence: await listEvidence(pool, 'objection', o.id) };
  });

  app.post('/objections/:objectionId/assign', { schema: { tags: ['publicity'], summary: 'Assign an objection to the department that handles it', params: objectionParams, body: assignBody }, config: { access: allow('bureau_admin') } }, async (req) => {
    const actor = actorOf(req);
    if (!(await listDepartments(pool, actor.bureauId)).some((d) => d.id === req.body.departmentId)) throw invalidField('body.departmentId', '本局没有该科室', 'no such department in this bureau');
    const updated = await withTransaction(pool, async (tx) => {
      const before = (await getObjection(tx, req.params.objectionId))!;
      const o = await assignObjection(tx, req.params.objectionId, req.body.departmentId);
      if (!o) throw new AppError(409, 'objection_decided', { zh: '该异议已作出决定，不能再分派', en: 'The objection is already decided' });
      await recordAuditEvent(tx, { bureauId: o.bureau_id, campaignId: o.campaign_id, ...auditBy(req), action: 'objection.assigned', subject: `objection:${o.id}`, before: { handlerDepartmentId: before.handler_department }, after: { handlerDepartmentId: o.handler_department }, idempotencyKey: `objection:${o.id}:assign:${randomUUID()}` });
      await insertNotification(tx, { bureauId: o.bureau_id, departmentId: o.handler_department, objectionId: o.id, kind: 'objection.assigned', title: { zh: '新的异议待处理', en: 'A new objection to handle' }, body: { objectionId: o.id, deadline: o.handling_deadline.toISOString(), link: `/objections/${o.id}` }, key: `objection:${o.id}:assigned:${o.handler_department}` });
      return o;
    });
    return objectionView(updated);
  });

  app.post('/objections/:objectionId/decision', { schema: { tags: ['publicity'], summary: 'Decide an objection with a written reason; an upheld one may change the list (new version)', params: objectionParams, body: decisionBody }, config: { access: handlers } }, async (req) => {
    const actor = actorOf(req);
    const { outcome, reason, listChange } = req.body;
    const decided = await withTransaction(pool, async (tx) => {
      const before = (await getObjection(tx, req.params.objectionId))!;
      const window = (await getWindow(tx, before.window_id))!;
      if (window.status === 'finalised') throw new AppError(409, 'list_final', { zh: '名单已定稿，不能再作出改变名单的决定', en: 'The list is already final' });
      const o = await decideObjection(tx, { id: before.id, outcome, reason, decidedBy: actor.accountId, at: new Date() });
      if (!o) throw new AppError(409, 'objection_decided', { zh: '该异议已作出决定', en: 'The objection is already decided' });
      await recordAuditEvent(tx, { bureauId: o.bureau_id, campaignId: o.campaign_id, ...auditBy(req), action: 'objection.decided', subject: `objection:${o.id}`, before: { status: before.status }, after: { status: 'decided', outcome }, reason, idempotencyKey: `objection:${o.id}:decided` });
      if (listChange && (listChange.add.length > 0 || listChange.remove.length > 0)) await reviseList(tx, o.campaign_id, window.list_id, listChange, o.id, req);
      // The submitter is told in the same transaction: a school in its inbox, the public on its follow link.
      if (o.submitter_account) {
        await insertNotification(tx, { bureauId: o.bureau_id, accountId: o.submitter_account, objectionId: o.id, kind: 'objection.decided', title: outcome === 'upheld' ? { zh: '您提出的异议成立', en: 'Your objection was upheld' } : { zh: '您提出的异议不成立', en: 'Your objection was dismissed' }, body: { objectionId: o.id, reason, link: `/objections/${o.id}` }, key: `objection:${o.id}:decided:submitter` });
      }
      return o;
    });
    // Stops its reminders; the decision is already recorded whatever happens to this signal.
    const series = reminderSeriesId({ kind: 'objection', bureauId: decided.bureau_id, campaignId: decided.campaign_id, objectionId: decided.id });
    await temporal.workflow.getHandle(series).signal(obligationMetSignal).catch((err: unknown) => req.log.warn({ err }, "could not stop the objection's reminders"));
    return objectionView(decided);
  });

  async function reviseList(tx: Parameters<typeof getWindow>[0], campaignId: string, publishedListId: string, change: { add: string[]; remove: string[] }, objectionId: string, req: Parameters<typeof auditBy>[0]) {
    const published = (await getList(tx, publishedListId))!;
    const current = (await latestList(tx, campaignId, published.list_key))!;
    const schools = await listCampaignSchools(tx, campaignId);
    const items = current.items.filter((it) => !change.remove.includes(it.schoolId));
    for (const [i, id] of change.add.entries()) {
      const s = schools.find((x) => x.id === id);
      if (!s) throw invalidField(`body.listChange.add.${i}`, '该校不在本次活动中', 'the school is not in this campaign');
      if (!items.some((it) => it.schoolId === id)) items.push({ schoolId: s.id, code: s.code, name: s.name, district: s.district, basis: '异议成立后增列 / added after an upheld objection' });
    }
    items.sort((a, b) => a.district.localeCompare(b.district) || a.code.localeCompare(b.code));
    const hash = contentHash({ campaignId, listKey: current.list_key, items });
    const list = await insertListVersion(tx, { campaignId, listKey: current.list_key, items, contentHash: hash, publishedAt: new Date(), publishedBy: auditBy(req).actor, reason: `objection:${objectionId}` });
    await recordAuditEvent(tx, { bureauId: actorOf(req).bureauId, campaignId, ...auditBy(req), action: 'list.revised', subject: `list:${current.list_key}`, before: { version: current.version, schools: current.items.length }, after: { version: list.version, schools: items.length, added: change.add, removed: change.remove }, reason: `objection ${objectionId}`, contentHash: hash, idempotencyKey: `list:${list.id}:revised` });
  }
};

export default routes;
