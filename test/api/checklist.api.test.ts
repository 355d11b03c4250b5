import { createHash } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { XLSX_TYPE } from '../../api/accounts-sheet';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar';
import { reminderSeriesId } from '../../domain/reminder-series';
import { testPool } from '../helpers/db';
import { resourceWorkbook } from '../helpers/resource-sheet';
import { timeSkippingWorker } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

/**
 * The county checklist through the API: departments resolved from seed 004's 任务分解表, scope by
 * department, submission with evidence, review, the standing; its reminders in the time-skipping
 * server; and a single resource value corrected with a reason.
 */
const taskQueue = 'checklist-api';
let env: TestWorkflowEnvironment;
let pool: Pool;
let stopWorker: () => Promise<void>;
let app: Awaited<ReturnType<typeof buildApp>>;
let t: Tenant;
let other: Tenant;

beforeAll(async () => {
  pool = testPool();
  ({ env, stop: stopWorker } = await timeSkippingWorker(taskQueue, pool));
  app = await buildApp({ pool, temporal: env.client, taskQueue });
  [t, other] = await Promise.all([createTenant(pool), createTenant(pool)]);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await stopWorker?.();
  await pool?.end();
});

const url = (tenant: Tenant, rest = '') => `/bureaus/${tenant.bureauId}/balance/2025-2026/checklist${rest}`;
// Calendar-day reminders: 2 days before and escalation 1 day after, so the test does not depend on holiday data.
const reminders = { hour: 9, offsets: [{ amount: 2, unit: 'calendar_days', direction: 'before', escalate: false }, { amount: 1, unit: 'calendar_days', direction: 'after', escalate: true }] };
const pdf = Buffer.from('%PDF-1.4 survey report');

it('sets up the checklist with seed 004’s departments, takes a department’s report with evidence, and shows where the county stands', async () => {
  const due = addCalendarDays(shanghaiDate(await env.currentTimeMs()), 10);
  const created = await app.inject({ method: 'POST', url: url(t), headers: t.auth('admin'), payload: { dueOn: due, reminders } });
  expect(created.statusCode).toBe(201);
  const view = created.json();
  expect(view.items).toHaveLength(31);
  // The tenant's only department is 督导室: it leads the survey and the veto conditions; the rest wait for an owner.
  const s01 = view.items.find((i: { code: string }) => i.code === 'S01');
  expect(s01).toMatchObject({ leadDepartment: { id: t.departmentId, name: '督导室' }, status: 'open', atLeast: 0.85, dueOn: due });
  expect(view.items.find((i: { code: string }) => i.code === 'G06').leadDepartment).toBeNull();
  expect(view.byDepartment).toEqual([{ departmentId: t.departmentId, name: '督导室', owed: ['S01', 'V01', 'V02', 'V03', 'V04', 'V05', 'V06'] }]);
  expect(view.standing).toMatchObject({ complete: false, passes: false });
  expect((await app.inject({ method: 'POST', url: url(t), headers: t.auth('admin'), payload: { dueOn: due } })).statusCode).toBe(409);
  // A date that does not exist is named, not a server error.
  const feb30 = await app.inject({ method: 'PATCH', url: url(t, '/items/G01'), headers: t.auth('admin'), payload: { dueOn: '2026-02-30', reason: 'x' } });
  expect([feb30.statusCode, feb30.json().errors[0].field]).toEqual([400, 'body.dueOn']);

  // The survey needs the share reached, named on its field.
  const noValue = await app.inject({ method: 'POST', url: url(t, '/items/S01/submission'), headers: t.auth('staff'), payload: { met: true, statement: '已调查' } });
  expect(noValue.statusCode).toBe(400);
  expect(noValue.json().errors[0]).toMatchObject({ field: 'body.value', message: expect.stringContaining('≥ 85%') });
  // A department that neither leads nor assists an item may not report it.
  const notOurs = await app.inject({ method: 'POST', url: url(t, '/items/G06/submission'), headers: t.auth('staff'), payload: { met: true, statement: 'x' } });
  expect(notOurs.statusCode).toBe(403);
  expect(notOurs.json().code).toBe('not_your_department');

  const submitted = await app.inject({
    method: 'POST', url: url(t, '/items/S01/submission'), headers: t.auth('staff'),
    payload: { value: 0.83, statement: '发放问卷 1,200 份，认可 996 份', evidence: [{ filename: '社会认可度调查报告.pdf', contentType: 'application/pdf', dataBase64: pdf.toString('base64') }] },
  });
  expect(submitted.statusCode).toBe(200);
  // The same request retried (same request id, same file) is not an error and keeps the file once.
  const retried = await app.inject({
    method: 'POST', url: url(t, '/items/S01/submission'), headers: { ...t.auth('staff'), 'x-request-id': submitted.headers['x-request-id'] as string },
    payload: { value: 0.83, statement: '发放问卷 1,200 份，认可 996 份', evidence: [{ filename: '社会认可度调查报告.pdf', contentType: 'application/pdf', dataBase64: pdf.toString('base64') }] },
  });
  expect(retried.statusCode).toBe(200);
  expect(retried.json().evidence).toHaveLength(1);
  expect(submitted.json()).toMatchObject({ status: 'submitted', met: false, value: 0.83, evidence: [{ filename: '社会认可度调查报告.pdf', sha256: createHash('sha256').update(pdf).digest('hex') }] });
  const file = await app.inject({ method: 'GET', url: submitted.json().evidence[0].href, headers: t.auth('admin') });
  expect(file.rawPayload.equals(pdf)).toBe(true);
  // Another bureau cannot fetch it.
  expect((await app.inject({ method: 'GET', url: submitted.json().evidence[0].href, headers: other.auth('admin') })).statusCode).toBe(404);

  // Returned with a reason: the lead department is told and owes it again.
  expect((await app.inject({ method: 'POST', url: url(t, '/items/S01/review'), headers: t.auth('admin'), payload: { decision: 'return' } })).json().errors[0].field).toBe('body.reason');
  const returned = await app.inject({ method: 'POST', url: url(t, '/items/S01/review'), headers: t.auth('admin'), payload: { decision: 'return', reason: '样本未覆盖人大代表、政协委员' } });
  expect(returned.json()).toMatchObject({ status: 'returned', reviewReason: '样本未覆盖人大代表、政协委员' });
  const { rows: told } = await pool.query(`select title->>'zh' as zh from notifications where account_id = $1 and kind = 'checklist.returned'`, [t.accounts.staff.id]);
  expect(told).toEqual([{ zh: '评估清单 S01 被退回' }]);

  await app.inject({ method: 'POST', url: url(t, '/items/S01/submission'), headers: t.auth('staff'), payload: { value: 0.83, statement: '补充调查后仍为 83%' } });
  await app.inject({ method: 'POST', url: url(t, '/items/S01/review'), headers: t.auth('admin'), payload: { decision: 'accept' } });
  // A veto condition reported present.
  await app.inject({ method: 'POST', url: url(t, '/items/V03/submission'), headers: t.auth('staff'), payload: { met: false, statement: '某校仍设实验班' } });
  await app.inject({ method: 'POST', url: url(t, '/items/V03/review'), headers: t.auth('admin'), payload: { decision: 'accept' } });
  // Once accepted the department cannot change it.
  expect((await app.inject({ method: 'POST', url: url(t, '/items/V03/submission'), headers: t.auth('staff'), payload: { met: true, statement: '已整改' } })).statusCode).toBe(409);

  const after = (await app.inject({ method: 'GET', url: url(t), headers: t.auth('staff') })).json();
  expect(after.standing.gaps.map((g: { zh: string }) => g.zh)).toEqual([expect.stringContaining('实际 83%，未达 85%'), '一票否决：存在重点学校或重点班']);
  expect(after.categories.find((c: { key: string }) => c.key === 'veto')).toMatchObject({ items: 6, accepted: 1, met: 0 });

  // Reassigning an item is audited with its reason.
  const moved = await app.inject({ method: 'PATCH', url: url(t, '/items/G06'), headers: t.auth('admin'), payload: { leadDepartmentId: t.departmentId, reason: '计财股未设，由督导室代报' } });
  expect(moved.json().leadDepartment).toEqual({ id: t.departmentId, name: '督导室' });
  const { rows: audit } = await pool.query(`select action, reason from audit_events where bureau_id = $1 and subject like 'checklist:%' order by seq`, [t.bureauId]);
  expect(audit.map((r) => r.action)).toEqual(['checklist.created', 'checklist.item_submitted', 'checklist.item_submitted', 'checklist.item_returned', 'checklist.item_submitted', 'checklist.item_accepted', 'checklist.item_submitted', 'checklist.item_accepted', 'checklist.item_changed']);
}, 60_000);

it('reminds the departments that still owe items, escalates to the bureau, and stops reminding what was accepted', async () => {
  // The series for the due date above runs in the time-skipping server: let it finish.
  const { rows } = await pool.query<{ id: string; due_on: string }>(`select id, to_char(due_on, 'YYYY-MM-DD') as due_on from readiness_checklists where bureau_id = $1`, [t.bureauId]);
  const series = reminderSeriesId({ kind: 'checklist', bureauId: t.bureauId, checklistId: rows[0]!.id, dueOn: rows[0]!.due_on });
  await env.client.workflow.getHandle(series).result();
  const { rows: sent } = await pool.query<{ action: string; people: string }>(`select action, after->>'people' as people from audit_events where subject = $1 order by seq`, [series]);
  expect(sent.map((s) => s.action)).toEqual(['reminder.sent', 'reminder.escalated']);
  const inbox = async (accountId: string) => (await pool.query<{ body: { text: string } }>(`select body from notifications where account_id = $1 and kind = 'reminder' order by created_at`, [accountId])).rows.map((r) => r.body.text);
  // 督导室 owes the veto items still open (not S01 or V03, accepted); the admin reviews nothing but has items without a lead, so hears each time.
  const staff = await inbox(t.accounts.staff.id);
  expect(staff).toHaveLength(2);
  expect(staff[0]).toContain('V01');
  expect(staff[0]).not.toContain('S01');
  expect(staff[0]).not.toContain('G01'); // not 督导室's item: the administrators hear of it
  expect(staff[0]).toContain('6 项待报送佐证材料（G06、V01、V02、V04、V05、V06）'); // G06 was reassigned to 督导室
  const admin = await inbox(t.accounts.admin.id);
  expect(admin).toHaveLength(2);
  expect(admin[0]).toContain('G01');
}, 60_000);

it('corrects one value of a school section with a reason as a new version, audited', async () => {
  const sheet = await resourceWorkbook(app, t, [[t.schools[0]!.code, '小学', '普通', 200, 10, 2.4, 2, 1000, 1200, 500000, 6]]);
  await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/balance/2025-2026/upload`, headers: { ...t.auth('admin'), 'content-type': XLSX_TYPE }, payload: sheet });
  const base = `/bureaus/${t.bureauId}/balance/2025-2026`;
  expect((await app.inject({ method: 'GET', url: base, headers: t.auth('admin') })).json().schools[0]).toMatchObject({ passes: false, explanation: { zh: expect.stringContaining('生均体育运动场馆面积') } });

  const noReason = await app.inject({ method: 'POST', url: `${base}/corrections`, headers: t.auth('admin'), payload: { schoolId: t.schools[0]!.id, level: 'primary', resources: { sportsSpace: 1600 } } });
  expect(noReason.json().errors[0].field).toBe('body.reason');
  const foreign = await app.inject({ method: 'POST', url: `${base}/corrections`, headers: t.auth('admin'), payload: { schoolId: other.schools[0]!.id, level: 'primary', resources: { sportsSpace: 1600 }, reason: 'x' } });
  expect(foreign.json().errors[0].field).toBe('body.schoolId');
  const fixed = await app.inject({ method: 'POST', url: `${base}/corrections`, headers: t.auth('admin'), payload: { schoolId: t.schools[0]!.id, level: 'primary', resources: { sportsSpace: 1600 }, reason: '漏填租用的校外体育场 400㎡' } });
  expect(fixed.statusCode).toBe(201);
  expect(fixed.json()).toMatchObject({ version: 2, changed: true });
  expect((await app.inject({ method: 'GET', url: base, headers: t.auth('admin') })).json().schools[0]).toMatchObject({ passes: true });
  // Two corrections at the same moment both land, one version after the other.
  const both = await Promise.all([
    app.inject({ method: 'POST', url: `${base}/corrections`, headers: t.auth('admin'), payload: { schoolId: t.schools[0]!.id, level: 'primary', resources: { equipment: 510000 }, reason: '补录一批设备' } }),
    app.inject({ method: 'POST', url: `${base}/corrections`, headers: t.auth('admin'), payload: { schoolId: t.schools[0]!.id, level: 'primary', resources: { multimediaRooms: 7 }, reason: '新建多媒体教室' } }),
  ]);
  expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
  expect(both.map((r) => r.json().version).sort()).toEqual([3, 4]);
  // The same correction again changes nothing.
  expect((await app.inject({ method: 'POST', url: `${base}/corrections`, headers: t.auth('admin'), payload: { schoolId: t.schools[0]!.id, level: 'primary', resources: { sportsSpace: 1600 }, reason: '重复' } })).json()).toMatchObject({ version: 4, changed: false });

  const history = (await app.inject({ method: 'GET', url: `${base}/history`, headers: t.auth('admin') })).json();
  expect(history.map((h: { version: number; resources: { sportsSpace: number; equipment: number; multimediaRooms: number } }) => [h.version, h.resources.sportsSpace, h.resources.equipment, h.resources.multimediaRooms])).toEqual([[4, 1600, 510000, 7], [3, 1600, expect.any(Number), expect.any(Number)], [2, 1600, 500000, 6], [1, 1200, 500000, 6]]);
  expect(history.at(-2).reason).toBe('漏填租用的校外体育场 400㎡');
  const { rows } = await pool.query(`select before, after, reason from audit_events where bureau_id = $1 and action = 'balance.corrected' order by seq limit 1`, [t.bureauId]);
  expect(rows).toEqual([{ before: { version: 1, pupils: 200, sportsSpace: 1200 }, after: { version: 2, pupils: 200, sportsSpace: 1600 }, reason: '漏填租用的校外体育场 400㎡' }]);
}, 60_000);
