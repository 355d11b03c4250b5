import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction, type Queryable } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { insertNotification } from '../../db/repositories/objections.repository';
import { allow } from '../../domain/access';
import { endOfShanghaiDay, shanghaiDate } from '../../domain/calendar';
import { evidenceSchema, MAX_EVIDENCE_FILES } from '../../domain/publicity';
import { categoryInfo, checklistCatalogue, checklistCodes, checklistItem, checklistStanding, resolveDepartment, submissionMeets, type ItemState } from '../../domain/readiness-checklist';
import { reminderRulesSchema } from '../../domain/reminders';
import { deadlineSetSignal, reminderSeriesId, reminderSeriesWorkflowType, type ReminderSubject } from '../../domain/reminder-series';
import { actorOf, auditBy } from '../actor';
import { decodeEvidence } from '../evidence';
import { AppError, invalidField } from '../errors';

const day = z.iso.date().describe('YYYY-MM-DD, a real calendar date');
const yearParams = z.object({ bureauId: z.string().uuid(), schoolYear: z.string().regex(/^[0-9]{4}-[0-9]{4}$/, 'e.g. 2025-2026') });
const itemParams = yearParams.extend({ itemCode: z.enum(checklistCodes as [string, ...string[]]) });

const createBody = z.object({
  dueOn: day.describe('Default due date (Beijing) of every item'),
  assign: z
    .array(z.object({ code: z.enum(checklistCodes as [string, ...string[]]), leadDepartmentId: z.string().uuid().nullable().optional(), assistingDepartmentIds: z.array(z.string().uuid()).max(10).optional(), dueOn: day.optional() }))
    .max(checklistCodes.length)
    .default([])
    .describe('Departments and dates other than the defaults of seed 004’s 任务分解表'),
  reminders: reminderRulesSchema.optional().describe('When to remind those who owe an item; default 3 and 1 working days before, the day itself, escalation 1 working day after, at 09:00'),
});
const patchBody = z.object({ leadDepartmentId: z.string().uuid().nullable().optional(), assistingDepartmentIds: z.array(z.string().uuid()).max(10).optional(), dueOn: day.optional(), reason: z.string().trim().min(1).max(500) });
const submitBody = z.object({
  met: z.boolean().optional().describe('For an item without a measured share: whether it is met (a veto item: true when the condition is absent)'),
  value: z.number().min(0).max(1).optional().describe('For an item with a measured share (e.g. the survey): the share reached, 0..1'),
  statement: z.string().trim().min(1).max(4000),
  evidence: z.array(evidenceSchema).max(MAX_EVIDENCE_FILES).default([]),
});
const reviewBody = z.object({ decision: z.enum(['accept', 'return']), reason: z.string().trim().max(1000).default('') });

interface ItemRow {
  code: string;
  lead_department: string | null;
  assisting: string[];
  due_on: string;
  status: ItemState['status'];
  met: boolean | null;
  value: string | null;
  statement: string | null;
  submitted_at: Date | null;
  review_reason: string | null;
  reviewed_at: Date | null;
}

const notFoundChecklist = () => new AppError(404, 'no_checklist', { zh: '该学年尚未建立评估清单', en: 'No checklist for this school year yet' });

/**
 * The county checklist of the 优质均衡 assessment: every item owed by a lead department with its
 * assisting departments by a due date, reminded until submitted, and accepted or returned by the
 * bureau; the status shows at a glance what is done, owed, overdue and failing.
 */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool, temporal, taskQueue } = app.deps;

  async function departmentsOf(db: Queryable, bureauId: string) {
    return (await db.query<{ id: string; code: string; name: string }>('select id, code, name from departments where bureau_id = $1 order by code', [bureauId])).rows;
  }
  async function checklistOf(db: Queryable, bureauId: string, schoolYear: string) {
    const { rows } = await db.query<{ id: string; due_on: string }>(`select id, to_char(due_on, 'YYYY-MM-DD') as due_on from readiness_checklists where bureau_id = $1 and school_year = $2`, [bureauId, schoolYear]);
    return rows[0] ?? null;
  }
  async function itemsOf(db: Queryable, checklistId: string) {
    return (
      await db.query<ItemRow>(
        `select code, lead_department, assisting, to_char(due_on, 'YYYY-MM-DD') as due_on, status, met, value::text, statement, submitted_at, review_reason, reviewed_at
           from checklist_items where checklist_id = $1 order by code`,
        [checklistId],
      )
    ).rows;
  }
  const checkDepartments = (known: Set<string>, ids: (string | null | undefined)[], field: string) =>
    ids.forEach((id, i) => {
      if (id && !known.has(id)) throw invalidField(`${field}${ids.length > 1 ? `.${i}` : ''}`, '本局没有该科室', 'no such department in this bureau');
    });
  /** Reminders for each due date that has items (idempotent: a running series just re-plans). */
  async function scheduleReminders(bureauId: string, checklistId: string, dates: string[], log: { error: (o: object, m: string) => void }) {
    for (const dueOn of [...new Set(dates)]) {
      const subject: ReminderSubject = { kind: 'checklist', bureauId, checklistId, dueOn };
      const deadline = endOfShanghaiDay(dueOn).toISOString();
      try {
        await temporal.workflow.signalWithStart(reminderSeriesWorkflowType, { taskQueue, workflowId: reminderSeriesId(subject), args: [{ subject, deadline }], signal: deadlineSetSignal, signalArgs: [deadline] });
      } catch (err) {
        log.error({ err, checklistId, dueOn }, 'checklist saved but its reminders did not start');
      }
    }
  }

  app.post('/bureaus/:bureauId/balance/:schoolYear/checklist', { schema: { tags: ['balance'], summary: 'Set up the county checklist (15 + 9 indicators, survey, veto conditions) with departments and due dates', params: yearParams, body: createBody }, config: { access: allow('bureau_admin') } }, async (req, reply) => {
    const { bureauId, schoolYear } = req.params;
    const departments = await departmentsOf(pool, bureauId);
    const known = new Set(departments.map((d) => d.id));
    req.body.assign.forEach((a, i) => {
      checkDepartments(known, [a.leadDepartmentId], `body.assign.${i}.leadDepartmentId`);
      checkDepartments(known, a.assistingDepartmentIds ?? [], `body.assign.${i}.assistingDepartmentIds`);
    });
    const items = checklistCatalogue.map((def) => {
      const a = req.body.assign.find((x) => x.code === def.code);
      const lead = a?.leadDepartmentId !== undefined ? a.leadDepartmentId : resolveDepartment(def.lead, departments);
      const assisting = a?.assistingDepartmentIds ?? def.assisting.map((d) => resolveDepartment(d, departments)).filter((d): d is string => d !== null && d !== lead);
      return { code: def.code, lead, assisting, dueOn: a?.dueOn ?? req.body.dueOn };
    });
    const id = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>('insert into readiness_checklists (bureau_id, school_year, due_on, reminders, created_by) values ($1, $2, $3, $4, $5) on conflict (bureau_id, school_year) do nothing returning id', [bureauId, schoolYear, req.body.dueOn, req.body.reminders ? JSON.stringify(req.body.reminders) : null, actorOf(req).accountId]);
      if (!rows[0]) throw new AppError(409, 'checklist_exists', { zh: '该学年的评估清单已建立；请逐项调整科室或日期', en: 'This school year already has a checklist; change its items one by one' });
      for (const it of items) await tx.query('insert into checklist_items (checklist_id, code, lead_department, assisting, due_on) values ($1, $2, $3, $4, $5)', [rows[0].id, it.code, it.lead, it.assisting, it.dueOn]);
      await recordAuditEvent(tx, { bureauId, ...auditBy(req), action: 'checklist.created', subject: `checklist:${schoolYear}`, after: { dueOn: req.body.dueOn, items: items.map((i) => ({ code: i.code, lead: i.lead, assisting: i.assisting, dueOn: i.dueOn })) }, idempotencyKey: `checklist:${rows[0].id}:created` });
      return rows[0].id;
    });
    await scheduleReminders(bureauId, id, items.map((i) => i.dueOn), req.log);
    return reply.code(201).send(await view(bureauId, schoolYear));
  });

  async function view(bureauId: string, schoolYear: string) {
    const checklist = await checklistOf(pool, bureauId, schoolYear);
    if (!checklist) throw notFoundChecklist();
    const [rows, departments, evidence] = await Promise.all([
      itemsOf(pool, checklist.id),
      departmentsOf(pool, bureauId),
      pool.query<{ id: string; item_code: string; filename: string; content_type: string; size_bytes: number; sha256: string; uploaded_at: Date }>('select id, item_code, filename, content_type, size_bytes, sha256, uploaded_at from checklist_evidence where checklist_id = $1 order by uploaded_at', [checklist.id]),
    ]);
    const name = (id: string | null) => departments.find((d) => d.id === id)?.name ?? null;
    const states: ItemState[] = rows.map((r) => ({ code: r.code, status: r.status, met: r.met, value: r.value === null ? null : Number(r.value), dueOn: r.due_on, leadDepartment: r.lead_department, assisting: r.assisting }));
    const standing = checklistStanding(states, shanghaiDate(Date.now()));
    const today = shanghaiDate(Date.now());
    return {
      schoolYear,
      dueOn: checklist.due_on,
      standing: { ...standing, owed: standing.owed.map((o) => ({ ...o, leadDepartmentName: name(o.leadDepartment) })) },
      categories: Object.entries(categoryInfo).map(([key, title]) => ({ key, title, ...standing.byCategory[key as keyof typeof standing.byCategory] })),
      byDepartment: departments
        .map((d) => ({ departmentId: d.id, name: d.name, owed: standing.owed.filter((o) => o.leadDepartment === d.id || rows.find((r) => r.code === o.code)!.assisting.includes(d.id)).map((o) => o.code) }))
        .filter((d) => d.owed.length > 0),
      items: rows.map((r) => {
        const def = checklistItem(r.code)!;
        return {
          code: r.code,
          category: def.category,
          title: def.title,
          atLeast: def.atLeast ?? null,
          leadDepartment: r.lead_department ? { id: r.lead_department, name: name(r.lead_department) } : null,
          assisting: r.assisting.map((id) => ({ id, name: name(id) })),
          dueOn: r.due_on,
          overdue: (r.status === 'open' || r.status === 'returned') && r.due_on < today,
          status: r.status,
          met: r.met,
          value: r.value === null ? null : Number(r.value),
          statement: r.statement,
          submittedAt: r.submitted_at,
          reviewReason: r.review_reason,
          reviewedAt: r.reviewed_at,
          evidence: evidence.rows.filter((e) => e.item_code === r.code).map((e) => ({ id: e.id, filename: e.filename, contentType: e.content_type, sizeBytes: e.size_bytes, sha256: e.sha256, uploadedAt: e.uploaded_at, href: `/bureaus/${bureauId}/balance/${schoolYear}/checklist/evidence/${e.id}` })),
        };
      }),
    };
  }

  app.get('/bureaus/:bureauId/balance/:schoolYear/checklist', { schema: { tags: ['balance'], summary: 'The checklist at a glance: each item’s status, what is owed and overdue by department, the gaps', params: yearParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req) => view(req.params.bureauId, req.params.schoolYear));

  app.patch('/bureaus/:bureauId/balance/:schoolYear/checklist/items/:itemCode', { schema: { tags: ['balance'], summary: 'Reassign an item’s departments or move its due date, with a reason', params: itemParams, body: patchBody }, config: { access: allow('bureau_admin') } }, async (req) => {
    const { bureauId, schoolYear, itemCode } = req.params;
    const checklist = await checklistOf(pool, bureauId, schoolYear);
    if (!checklist) throw notFoundChecklist();
    const known = new Set((await departmentsOf(pool, bureauId)).map((d) => d.id));
    checkDepartments(known, [req.body.leadDepartmentId], 'body.leadDepartmentId');
    checkDepartments(known, req.body.assistingDepartmentIds ?? [], 'body.assistingDepartmentIds');
    const due = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ lead_department: string | null; assisting: string[]; due_on: string }>(`select lead_department, assisting, to_char(due_on, 'YYYY-MM-DD') as due_on from checklist_items where checklist_id = $1 and code = $2 for update`, [checklist.id, itemCode]);
      const before = rows[0]!;
      const after = { lead_department: req.body.leadDepartmentId !== undefined ? req.body.leadDepartmentId : before.lead_department, assisting: req.body.assistingDepartmentIds ?? before.assisting, due_on: req.body.dueOn ?? before.due_on };
      await tx.query('update checklist_items set lead_department = $3, assisting = $4, due_on = $5 where checklist_id = $1 and code = $2', [checklist.id, itemCode, after.lead_department, after.assisting, after.due_on]);
      await recordAuditEvent(tx, { bureauId, ...auditBy(req), action: 'checklist.item_changed', subject: `checklist:${schoolYear}:${itemCode}`, before, after, reason: req.body.reason, idempotencyKey: `checklist:${checklist.id}:${itemCode}:changed:${randomUUID()}` });
      return after.due_on;
    });
    await scheduleReminders(bureauId, checklist.id, [due], req.log);
    return (await view(bureauId, schoolYear)).items.find((i) => i.code === itemCode)!;
  });

  app.post('/bureaus/:bureauId/balance/:schoolYear/checklist/items/:itemCode/submission', { schema: { tags: ['balance'], summary: 'A lead or assisting department reports an item: met or the share reached, a statement and evidence', params: itemParams, body: submitBody }, config: { access: allow('bureau_admin', 'department_staff') }, bodyLimit: 40 * 1024 * 1024 }, async (req) => {
    const { bureauId, schoolYear, itemCode } = req.params;
    const actor = actorOf(req);
    const def = checklistItem(itemCode)!;
    if (def.atLeast !== undefined && req.body.value === undefined) throw invalidField('body.value', `本项须填写实际达到的比例（0–1，要求 ≥ ${def.atLeast * 100}%）`, `this item needs the share reached (0..1, at least ${def.atLeast})`);
    if (def.atLeast === undefined && req.body.met === undefined) throw invalidField('body.met', def.category === 'veto' ? '请说明是否存在该情形（met = true 表示不存在）' : '请说明本项是否达到要求', def.category === 'veto' ? 'say whether the condition is absent (met = true)' : 'say whether the item is met');
    const checklist = await checklistOf(pool, bureauId, schoolYear);
    if (!checklist) throw notFoundChecklist();
    const files = req.body.evidence.map((e, i) => decodeEvidence(e, `body.evidence.${i}.dataBase64`));
    const met = submissionMeets(def, req.body);
    await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ status: string; lead_department: string | null; assisting: string[] }>('select status, lead_department, assisting from checklist_items where checklist_id = $1 and code = $2 for update', [checklist.id, itemCode]);
      const it = rows[0]!;
      if (actor.role === 'department_staff' && it.lead_department !== actor.departmentId && !it.assisting.includes(actor.departmentId!)) {
        throw new AppError(403, 'not_your_department', { zh: '本项不由您所在的科室牵头或配合', en: 'Your department neither leads nor assists this item' });
      }
      if (it.status === 'accepted') throw new AppError(409, 'item_accepted', { zh: '本项已验收；如需更改，请联系局管理员退回', en: 'This item is already accepted; ask an administrator to return it first' });
      await tx.query(`update checklist_items set status = 'submitted', met = $3, value = $4, statement = $5, submitted_by = $6, submitted_at = now() where checklist_id = $1 and code = $2`, [checklist.id, itemCode, met, req.body.value ?? null, req.body.statement, actor.accountId]);
      // The same file sent again (a retried request) is kept once.
      const { rows: held } = await tx.query<{ sha256: string }>('select sha256 from checklist_evidence where checklist_id = $1 and item_code = $2', [checklist.id, itemCode]);
      for (const f of files.filter((f, i) => !held.some((h) => h.sha256 === f.sha256) && files.findIndex((g) => g.sha256 === f.sha256) === i)) {
        await tx.query('insert into checklist_evidence (bureau_id, checklist_id, item_code, filename, content_type, size_bytes, sha256, data, uploaded_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [bureauId, checklist.id, itemCode, f.filename, f.contentType, f.data.length, f.sha256, f.data, actor.accountId]);
      }
      await recordAuditEvent(tx, { bureauId, ...auditBy(req), action: 'checklist.item_submitted', subject: `checklist:${schoolYear}:${itemCode}`, before: { status: it.status }, after: { status: 'submitted', met, value: req.body.value ?? null, evidence: files.map((f) => ({ filename: f.filename, sha256: f.sha256 })) }, idempotencyKey: `checklist:${checklist.id}:${itemCode}:submitted:${randomUUID()}` });
    });
    return (await view(bureauId, schoolYear)).items.find((i) => i.code === itemCode)!;
  });

  app.post('/bureaus/:bureauId/balance/:schoolYear/checklist/items/:itemCode/review', { schema: { tags: ['balance'], summary: 'The bureau accepts a submitted item or returns it with a reason (the lead department is told)', params: itemParams, body: reviewBody }, config: { access: allow('bureau_admin') } }, async (req) => {
    const { bureauId, schoolYear, itemCode } = req.params;
    const { decision, reason } = req.body;
    if (decision === 'return' && reason === '') throw invalidField('body.reason', '退回时须写明理由', 'a return needs a reason');
    const checklist = await checklistOf(pool, bureauId, schoolYear);
    if (!checklist) throw notFoundChecklist();
    const def = checklistItem(itemCode)!;
    const reviewId = randomUUID();
    const due = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ status: string; lead_department: string | null; due_on: string }>(`select status, lead_department, to_char(due_on, 'YYYY-MM-DD') as due_on from checklist_items where checklist_id = $1 and code = $2 for update`, [checklist.id, itemCode]);
      const it = rows[0]!;
      if (decision === 'accept' && it.status !== 'submitted') throw new AppError(409, 'not_submitted', { zh: '本项尚未报送，不能验收', en: 'This item has not been submitted' });
      if (decision === 'return' && it.status === 'open') throw new AppError(409, 'not_submitted', { zh: '本项尚未报送，无需退回', en: 'This item has not been submitted' });
      const status = decision === 'accept' ? 'accepted' : 'returned';
      await tx.query('update checklist_items set status = $3, review_reason = $4, reviewed_by = $5, reviewed_at = now() where checklist_id = $1 and code = $2', [checklist.id, itemCode, status, reason || null, actorOf(req).accountId]);
      await recordAuditEvent(tx, { bureauId, ...auditBy(req), action: decision === 'accept' ? 'checklist.item_accepted' : 'checklist.item_returned', subject: `checklist:${schoolYear}:${itemCode}`, before: { status: it.status }, after: { status }, reason: reason || undefined, idempotencyKey: `checklist:${checklist.id}:${itemCode}:${status}:${randomUUID()}` });
      if (decision === 'return' && it.lead_department) {
        const { rows: staff } = await tx.query<{ id: string }>(`select id from accounts where department_id = $1 and role = 'department_staff' and disabled_at is null`, [it.lead_department]);
        for (const s of staff) {
          await insertNotification(tx, { bureauId, accountId: s.id, kind: 'checklist.returned', title: { zh: `评估清单 ${itemCode} 被退回`, en: `Checklist item ${itemCode} returned` }, body: { item: itemCode, title: def.title, reason, link: `/bureaus/${bureauId}/balance/${schoolYear}/checklist` }, key: `checklist:${checklist.id}:${itemCode}:returned:${reviewId}:${s.id}` });
        }
      }
      return it.due_on;
    });
    // A returned item is owed again: the reminders of its date still to come include it; if its
    // date's series has ended, a new one sends what it has not sent before (the escalation after the date).
    if (decision === 'return') await scheduleReminders(bureauId, checklist.id, [due], req.log);
    return (await view(bureauId, schoolYear)).items.find((i) => i.code === itemCode)!;
  });

  app.get('/bureaus/:bureauId/balance/:schoolYear/checklist/evidence/:evidenceId', { schema: { tags: ['balance'], summary: 'Download a checklist item’s evidence file', params: yearParams.extend({ evidenceId: z.string().uuid() }) }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req, reply) => {
    const { rows } = await pool.query<{ filename: string; content_type: string; sha256: string; data: Buffer }>('select filename, content_type, sha256, data from checklist_evidence where id = $1 and bureau_id = $2', [req.params.evidenceId, req.params.bureauId]);
    const f = rows[0]!;
    return reply.type(f.content_type).header('content-disposition', `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(f.filename)}`).header('x-content-sha256', f.sha256).send(f.data);
  });
};

export default routes;
