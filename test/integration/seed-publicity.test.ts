import type { Pool } from 'pg';
import { demoSchools } from '../../demo/yueqing';
import { devServerStack } from '../helpers/temporal';
import { until } from '../helpers/until';
import type { Tenant } from '../helpers/tenant';

/**
 * Seed selection and its publicity window through the API on the real stack (Temporal dev server,
 * PostgreSQL, a worker, wall-clock time): nominations, applications and re-check; the list
 * published; objections from the public and from a school; an upheld one revising the list; a
 * late one refused and recorded; approval refused while one is undecided; the final list.
 */
const taskQueue = `seed-publicity-${process.pid}`;
let pool: Pool;
let base: string;
let t: Tenant;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ pool, base, t, stop } = await devServerStack(taskQueue));
}, 120_000);

afterAll(async () => {
  await stop?.();
});

async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${base}${url}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* HTML */
  }
  return { status: res.status, json, text };
}
const as = (token: string) => ({ authorization: `Bearer ${token}` });


it('runs seed selection, publicity, objections and the final list', async () => {
  const admin = as(t.tokens.admin);
  const staff = as(t.tokens.staff); // 督导室 (dudao): nominates, re-checks and handles objections
  const schoolA = as(t.tokens.school); // demo school 0
  const school = (i: number) => t.schools[i]!;
  const phaseStatus = async (id: string, key: string) => (await http('GET', `/campaigns/${id}`, undefined, admin)).json.workflow?.progress.phases.find((p: { key: string }) => p.key === key)?.status as string | undefined;
  const closeNow = async (id: string, key: string) => {
    expect((await http('POST', `/campaigns/${id}/phases/${key}/deadline`, { deadline: new Date(Date.now() + 1500).toISOString(), reason: '测试：提前截止' }, admin)).status).toBe(200);
    await until(`${key} closed`, async () => ((await phaseStatus(id, key)) === 'awaiting_approval' ? true : undefined));
  };

  // A second school user, for a school whose application will be rejected.
  const other = await http('POST', `/bureaus/${t.bureauId}/accounts`, { username: `school3-${Date.now()}`, displayName: '第四校', role: 'school', schoolId: school(3).id }, admin);
  const login = await http('POST', '/auth/login', { username: other.json.username, password: other.json.initialPassword });
  const schoolD = as(login.json.token);

  const created = await http('POST', `/bureaus/${t.bureauId}/campaigns`, { name: '种子校公示测试', templateKey: 'changle-2020-demonstration', schools: demoSchools, publicityContact: { office: '督导室', phone: '0577-61234567' } }, admin);
  const id: string = created.json.id;
  expect((await http('POST', `/campaigns/${id}/start`, undefined, admin)).status).toBe(202);
  await until('seed selection open', async () => ((await phaseStatus(id, 'seed_selection')) === 'open' ? true : undefined));

  // Nominations by the department, applications by two schools, re-checked by 督导室.
  for (const i of [1, 2]) {
    expect((await http('POST', `/campaigns/${id}/nominations`, { schoolId: school(i).id, indicators: ['teaching_quality', 'campus_culture'], reasons: '教学质量突出' }, staff)).status).toBe(201);
  }
  const assessment = Object.fromEntries(['resources', 'teachers', 'student_development', 'teaching_quality', 'campus_culture', 'management', 'education_mechanism', 'social_recognition'].map((k) => [k, { level: 'good' }]));
  const missing = await http('POST', `/campaigns/${id}/applications`, { selfAssessment: { resources: { level: 'good' } }, statement: '申请' }, schoolA);
  expect(missing.json.errors[0].field).toBe('body.selfAssessment.teachers');
  const appA = await http('POST', `/campaigns/${id}/applications`, { selfAssessment: assessment, statement: '我校各项指标良好', evidence: [{ filename: '自评报告.pdf', contentType: 'application/pdf', dataBase64: Buffer.from('%PDF-1.4 自评').toString('base64') }] }, schoolA);
  expect(appA.status).toBe(201);
  const appD = await http('POST', `/campaigns/${id}/applications`, { selfAssessment: assessment, statement: '申请进入名单' }, schoolD);
  expect((await http('POST', `/campaigns/${id}/phases/seed_selection/deadline`, { deadline: new Date(Date.now() + 60_000).toISOString(), reason: '测试' }, admin)).status).toBe(200);
  await closeNow(id, 'seed_selection');
  // The re-check is due ten working days (the template's rule) after the application deadline.
  const queue = (await http('GET', `/campaigns/${id}/applications`, undefined, staff)).json;
  expect(queue).toHaveLength(2);
  for (const a of queue) expect(Date.parse(a.recheckDueAt)).toBeGreaterThan(Date.now() + 9 * 86_400_000);
  const pending = await http('POST', `/campaigns/${id}/phases/seed_selection/approve`, {}, admin);
  expect([pending.status, pending.json.code]).toEqual([409, 'applications_pending']);
  expect((await http('POST', `/applications/${appA.json.id}/recheck`, { outcome: 'passed' }, staff)).json.status).toBe('passed');
  expect((await http('POST', `/applications/${appD.json.id}/recheck`, { outcome: 'rejected' }, staff)).json.errors[0].field).toBe('body.reason');
  await http('POST', `/applications/${appD.json.id}/recheck`, { outcome: 'rejected', reason: '课程建设指标未达标' }, staff);
  expect((await http('GET', `/campaigns/${id}/applications`, undefined, schoolD)).json[0]).toMatchObject({ status: 'rejected', decision_reason: '课程建设指标未达标' });
  expect((await http('POST', `/campaigns/${id}/phases/seed_selection/approve`, { note: '同意' }, admin)).status).toBe(200);

  // The publicity phase publishes the list: 2 nominated + 1 passed applicant.
  await until('publicity open', async () => ((await phaseStatus(id, 'seed_publicity')) === 'open' ? true : undefined));
  const [window] = (await http('GET', `/campaigns/${id}/publicity`, undefined, admin)).json;
  expect(window.published.items.map((it: { schoolId: string }) => it.schoolId).sort()).toEqual([school(0).id, school(1).id, school(2).id].sort());
  const notice = await http('GET', `/notices/${window.id}`);
  expect(notice.status).toBe(200);
  expect(notice.json.window.contact).toMatchObject({ office: '督导室', phone: '0577-61234567' });
  const print = await http('GET', `/notices/${window.id}/print`);
  expect(print.text).toContain(school(1).name);
  expect(print.text).toContain(window.published.contentHash);

  // Objections: anonymous refused; real-name accepted; a retry with the same key is the same one.
  const body = { submitter: { kind: 'person', name: '王五', unit: '某某小学家长委员会', phone: '13900000000' }, aboutSchoolId: school(1).id, facts: '该校近三年未开展课程建设', reasons: '不符合标杆种子校条件' };
  const anonymous = await http('POST', `/notices/${window.id}/objections`, { ...body, submitter: undefined });
  expect([anonymous.status, anonymous.json.errors[0].field]).toEqual([400, 'body.submitter']);
  const first = await http('POST', `/notices/${window.id}/objections`, body, { 'idempotency-key': 'paper-001' });
  expect(first.status).toBe(201);
  const again = await http('POST', `/notices/${window.id}/objections`, body, { 'idempotency-key': 'paper-001' });
  expect([again.status, again.json.id, again.json.replayed]).toEqual([200, first.json.id, true]);
  const reused = await http('POST', `/notices/${window.id}/objections`, { ...body, facts: '另一件事' }, { 'idempotency-key': 'paper-001' });
  expect([reused.status, reused.json.code]).toEqual([422, 'idempotency_key_reused']);
  const bySchool = await http('POST', `/notices/${window.id}/objections`, { contact: { name: '赵校长', phone: '13700000000' }, facts: '本校申请被驳回', reasons: '请求重新复核' }, schoolD);
  expect(bySchool.status).toBe(201);

  // The bureau assigns, 督导室 upholds the public objection and takes the school off the list.
  expect((await http('POST', `/objections/${first.json.id}/assign`, { departmentId: t.departmentId }, admin)).json.status).toBe('assigned');
  // The campaign page's "who still owes what": two undecided objections, 督导室 and its staff among those owing.
  const owed = (await http('GET', `/campaigns/${id}/phases/seed_publicity/owed`, undefined, admin)).json;
  expect(owed.owed.zh).toContain('2 件异议尚未作出决定');
  expect(owed.departments).toEqual([{ id: t.departmentId, name: '督导室' }]);
  expect(owed.people.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([t.accounts.staff.id, t.accounts.admin.id]));
  const inbox = (await http('GET', `/campaigns/${id}/objections`, undefined, staff)).json;
  expect(inbox.map((o: { id: string }) => o.id)).toEqual([first.json.id]);
  const upheld = await http('POST', `/objections/${first.json.id}/decision`, { outcome: 'upheld', reason: '经核查情况属实，该校移出名单', listChange: { remove: [school(1).id] } }, staff);
  expect(upheld.json).toMatchObject({ status: 'decided', outcome: 'upheld' });

  // The window closes; a late objection is refused with the time, and recorded.
  await closeNow(id, 'seed_publicity');
  const late = await http('POST', `/notices/${window.id}/objections`, { ...body, facts: '迟到的异议' });
  expect([late.status, late.json.code]).toEqual([409, 'window_closed']);
  expect(late.json.titleZh).toContain('逾期异议不予受理');
  const { rows: refusals } = await pool.query('select reason from objection_refusals where id = $1', [late.json.refusalId]);
  expect(refusals).toEqual([{ reason: 'window_closed' }]);

  // Not final while the school's objection is undecided; then final with version 2.
  const blocked = await http('POST', `/campaigns/${id}/phases/seed_publicity/approve`, {}, admin);
  expect([blocked.status, blocked.json.code]).toEqual([409, 'objections_pending']);
  await http('POST', `/objections/${bySchool.json.id}/assign`, { departmentId: t.departmentId }, admin);
  await http('POST', `/objections/${bySchool.json.id}/decision`, { outcome: 'dismissed', reason: '复核结论无误' }, staff);
  // A school came off the list: the bureau re-publicises the revised list in a new window.
  const republished = await http('POST', `/campaigns/${id}/phases/seed_publicity/approve`, { republish: true, note: '名单有较大变动，重新公示' }, admin);
  expect(republished.json).toMatchObject({ status: 'open' });
  const windows = (await http('GET', `/campaigns/${id}/publicity`, undefined, admin)).json;
  expect(windows.map((w: { round: number; status: string; published: { version: number } }) => [w.round, w.status, w.published.version])).toEqual([[1, 'closed', 1], [2, 'open', 2]]);
  const second = windows[1];
  expect((await http('POST', `/notices/${window.id}/objections`, { ...body, facts: '对旧名单的异议' })).json.code).toBe('window_closed');
  await closeNow(id, 'seed_publicity');
  expect((await http('POST', `/campaigns/${id}/phases/seed_publicity/approve`, { note: '名单定稿' }, admin)).status).toBe(200);
  const finalNotice = (await http('GET', `/notices/${second.id}`)).json;
  expect(finalNotice.window.status).toBe('finalised');
  expect(finalNotice.list).toMatchObject({ version: 2, final: true });
  expect(finalNotice.list.items.map((it: { schoolId: string }) => it.schoolId).sort()).toEqual([school(0).id, school(2).id].sort());

  // The submitters read their answers; the chain holds each list's hash and verifies.
  // The retry's response holds the valid follow key; the first one's was replaced by it.
  expect((await http('GET', first.json.followUrl)).status).toBe(404);
  const followed = await http('GET', again.json.followUrl);
  expect(followed.json).toMatchObject({ status: 'decided', outcome: 'upheld', decisionReason: '经核查情况属实，该校移出名单' });
  expect((await http('GET', `/objections/${bySchool.json.id}`, undefined, schoolD)).json).toMatchObject({ outcome: 'dismissed', decisionReason: '复核结论无误' });
  const verified = (await http('GET', `/campaigns/${id}/audit/verify?contentHash=${finalNotice.list.contentHash}`, undefined, admin)).json;
  expect(verified).toMatchObject({ ok: true, contentHash: { found: true } });
  expect(verified.contentHash.events.map((e: { action: string }) => e.action)).toEqual(['list.revised', 'list.republished', 'list.finalised']);
  const trail = (await http('GET', `/campaigns/${id}/audit`, undefined, admin)).json.map((e: { action: string }) => e.action);
  expect(trail).toEqual(expect.arrayContaining(['seed.nominated', 'seed.applied', 'seed.rechecked', 'list.published', 'objection.received', 'objection.assigned', 'objection.decided', 'list.revised', 'list.republished', 'phase.reopened', 'list.finalised']));
}, 120_000);
