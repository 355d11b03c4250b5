import { createHash } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { takeObjection } from '../../api/objection-intake';
import { OBJECTION_RATE_PER_MINUTE } from '../../api/routes/notices';
import { insertListVersion, insertWindow, type WindowRow } from '../../db/repositories/publicity.repository';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { testPool } from '../helpers/db';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

let env: TestWorkflowEnvironment;
let pool: Pool;
let app: Awaited<ReturnType<typeof buildApp>>;
let t: Tenant;
let window: WindowRow;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  pool = testPool();
  app = await buildApp({ pool, temporal: env.client, taskQueue: 'objections-api' });
  t = await createTenant(pool);
  const { campaignId } = await insertTestCampaign(pool, t.bureauId, phasesLasting(30));
  const list = await insertListVersion(pool, { campaignId, listKey: 'seed_list', items: [], contentHash: 'c'.repeat(64), publishedAt: new Date(), publishedBy: 'test' });
  window = await insertWindow(pool, { campaignId, bureauId: t.bureauId, phaseKey: 'seed_publicity', listId: list.id, opensAt: new Date(Date.now() - 86_400_000), closesAt: new Date(Date.now() + 86_400_000), duration: null, contact: { office: '督导室', phone: '0577-1' } });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await pool?.end();
});

const person = { kind: 'person' as const, name: '李四', unit: '某中学', phone: '13600000000' };
const body = (facts: string) => ({ submitter: person, facts, reasons: '理由', evidence: [] });

it('takes an objection received one second before the window ends and refuses, but records, one a second after', async () => {
  const deps = { pool, temporal: env.client, taskQueue: 'objections-api', log: app.log };
  const justInTime = await takeObjection(deps, { window, body: body('最后一秒'), actor: null, receivedAt: new Date(window.closes_at.getTime() - 1000), requestId: 'r1' });
  expect(justInTime.objection.status).toBe('received');
  const late = takeObjection(deps, { window, body: body('晚了一秒'), actor: null, receivedAt: new Date(window.closes_at.getTime() + 1000), requestId: 'r2' });
  await expect(late).rejects.toMatchObject({ status: 409, code: 'window_closed' });
  const { rows } = await pool.query(`select reason, body->>'facts' as facts from objection_refusals where window_id = $1`, [window.id]);
  expect(rows).toEqual([{ reason: 'window_closed', facts: '晚了一秒' }]);
});

it('stores evidence with its SHA-256 and refuses a file over the limit, naming it', async () => {
  const pdf = Buffer.from('%PDF-1.4 证据材料');
  const res = await app.inject({ method: 'POST', url: `/notices/${window.id}/objections`, remoteAddress: '198.51.100.1', payload: { ...body('附证据'), evidence: [{ filename: '照片.pdf', contentType: 'application/pdf', dataBase64: pdf.toString('base64') }] } });
  expect(res.statusCode).toBe(201);
  const stored = await app.inject({ method: 'GET', url: `/objections/${res.json().id}`, headers: t.auth('admin') });
  expect(stored.json().evidence).toEqual([expect.objectContaining({ filename: '照片.pdf', size_bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') })]);
  const big = Buffer.alloc(5 * 1024 * 1024 + 1, 1).toString('base64');
  const tooBig = await app.inject({ method: 'POST', url: `/notices/${window.id}/objections`, remoteAddress: '198.51.100.2', payload: { ...body('太大'), evidence: [{ filename: 'big.pdf', contentType: 'application/pdf', dataBase64: big }] } });
  expect(tooBig.statusCode).toBe(400);
  expect(tooBig.json().errors[0].field).toBe('body.evidence.0.dataBase64');
});

it(`limits objections to ${OBJECTION_RATE_PER_MINUTE} a minute per address`, async () => {
  const send = () => app.inject({ method: 'POST', url: `/notices/${window.id}/objections`, remoteAddress: '203.0.113.9', payload: body('频繁提交') });
  for (let i = 0; i < OBJECTION_RATE_PER_MINUTE; i += 1) expect((await send()).statusCode).toBe(201);
  const limited = await send();
  expect(limited.statusCode).toBe(429);
  expect(limited.json().titleZh).toContain('请求过于频繁');
});

it('lets a clerk enter a paper objection under the real name on it, and shows the inbox overdue first', async () => {
  const paper = await app.inject({ method: 'POST', url: `/notices/${window.id}/objections`, headers: t.auth('staff'), payload: { ...body('纸质来信'), submitter: { kind: 'unit', unitName: '某社区居委会', contactName: '周主任', contactPhone: '0577-7654321' } } });
  expect(paper.statusCode).toBe(201);
  await pool.query(`update objections set handling_deadline = now() - interval '1 day' where id = $1`, [paper.json().id]);
  const inbox = (await app.inject({ method: 'GET', url: `/campaigns/${window.campaign_id}/objections`, headers: t.auth('admin') })).json();
  expect(inbox[0]).toMatchObject({ id: paper.json().id, overdue: true, submitter: { unitName: '某社区居委会' } });
});

it("tells the submitting school the decision in its inbox", async () => {
  const mine = await app.inject({ method: 'POST', url: `/notices/${window.id}/objections`, headers: t.auth('school'), payload: { contact: { name: '钱老师', phone: '13500000000' }, facts: '本校情况说明', reasons: '请求更正' } });
  expect(mine.statusCode).toBe(201);
  await app.inject({ method: 'POST', url: `/objections/${mine.json().id}/assign`, headers: t.auth('admin'), payload: { departmentId: t.departmentId } });
  // The handling department sees the assignment in its inbox.
  const staffInbox = (await app.inject({ method: 'GET', url: '/auth/notifications', headers: t.auth('staff') })).json();
  expect(staffInbox[0]).toMatchObject({ kind: 'objection.assigned', toDepartment: true });
  await app.inject({ method: 'POST', url: `/objections/${mine.json().id}/decision`, headers: t.auth('staff'), payload: { outcome: 'dismissed', reason: '材料不足' } });
  const inbox = (await app.inject({ method: 'GET', url: '/auth/notifications', headers: t.auth('school') })).json();
  expect(inbox[0]).toMatchObject({ kind: 'objection.decided', title: { zh: '您提出的异议不成立' }, body: { reason: '材料不足' }, readAt: null });
  const read = await app.inject({ method: 'POST', url: '/auth/notifications/read', headers: t.auth('school'), payload: { ids: [inbox[0].id, staffInbox[0].id] } });
  expect(read.json().marked).toBe(1); // the department's message is not the school's to mark
});
