import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { assignObjection, decideObjection, insertObjection } from '../../db/repositories/objections.repository';
import { insertListVersion, insertWindow } from '../../db/repositories/publicity.repository';
import { shanghaiAt, shanghaiDate, addCalendarDays } from '../../domain/calendar';
import { deadlineSetSignal, obligationMetSignal, reminderSeriesId, reminderSeriesWorkflowType, type ReminderSubject } from '../../domain/reminder-series';
import type { ReminderRules } from '../../domain/reminders';
import { createWorker } from '../../worker/worker';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { testPool } from '../helpers/db';
import { bundleWorkflows, createTimeSkippingEnv, silentLogger } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

/**
 * Reminder series in the time-skipping server. The offsets here are in calendar days so the test
 * does not depend on which years the holiday data covers; working-day offsets across National Day
 * are checked on the planner itself (test/unit/reminders.test.ts).
 */
const taskQueue = 'reminder-series-test';
const DAY = 86_400_000;
const rules: ReminderRules = {
  hour: 9,
  offsets: [
    { amount: 3, unit: 'calendar_days', direction: 'before', escalate: false },
    { amount: 1, unit: 'calendar_days', direction: 'before', escalate: false },
    { amount: 1, unit: 'calendar_days', direction: 'after', escalate: true },
  ],
};
let env: TestWorkflowEnvironment;
let pool: Pool;
let worker: Worker;
let running: Promise<void>;
let t: Tenant;
let campaignId: string;
let windowId: string;

beforeAll(async () => {
  const [e, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  env = e;
  pool = testPool();
  worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, pool, logger: silentLogger, workflowBundle: bundle });
  running = worker.run();
  t = await createTenant(pool);
  ({ campaignId } = await insertTestCampaign(pool, t.bureauId, phasesLasting(30)));
  await pool.query(`update campaigns set template = jsonb_set(template, '{reminders}', $2::jsonb) where id = $1`, [campaignId, JSON.stringify(rules)]);
  const list = await insertListVersion(pool, { campaignId, listKey: 'seed_list', items: [], contentHash: 'd'.repeat(64), publishedAt: new Date(), publishedBy: 'test' });
  windowId = (await insertWindow(pool, { campaignId, bureauId: t.bureauId, phaseKey: 'seed_publicity', listId: list.id, opensAt: new Date(), closesAt: new Date(Date.now() + 30 * DAY), duration: null, contact: { office: '督导室', phone: null } })).id;
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await pool?.end();
});

async function objection(): Promise<ReminderSubject> {
  const id = randomUUID();
  await insertObjection(pool, {
    id, window_id: windowId, campaign_id: campaignId, bureau_id: t.bureauId, submitter_kind: 'person', submitter: { name: '张三', unit: '某单位', phone: '13800000000' },
    submitter_account: null, submitter_school_id: null, about_school_id: null, facts: '事实', reasons: '理由', received_at: new Date(),
    handling_deadline: new Date(Date.now() + 10 * DAY), followKeyHash: Buffer.alloc(32), idempotency_key: null, body_hash: 'h',
  });
  await assignObjection(pool, id, t.departmentId);
  return { kind: 'objection', bureauId: t.bureauId, campaignId, objectionId: id };
}

/** 24:00 Beijing time, `days` days from the test server's now. */
async function deadlineIn(days: number): Promise<Date> {
  const today = shanghaiDate(await env.currentTimeMs());
  return shanghaiAt(addCalendarDays(today, days + 1), 0);
}
const at9 = (deadline: Date, days: number) => shanghaiAt(addCalendarDays(shanghaiDate(deadline.getTime() - 1), days), 9).toISOString();

async function start(subject: ReminderSubject, deadline: Date) {
  return env.client.workflow.signalWithStart(reminderSeriesWorkflowType, {
    taskQueue, workflowId: reminderSeriesId(subject), args: [{ subject, deadline: deadline.toISOString() }], signal: deadlineSetSignal, signalArgs: [deadline.toISOString()],
  });
}

const fired = async (subject: ReminderSubject) =>
  (await pool.query<{ action: string; fired_at: string; deadline: string }>(
    `select action, after->>'firedAt' as fired_at, after->>'deadline' as deadline from audit_events where subject = $1 and action like 'reminder.%' order by seq`,
    [reminderSeriesId(subject)],
  )).rows.map((r) => ({ ...r, fired_at: toSecond(r.fired_at) }));
// Timers fire within milliseconds of their instant; compare to the second.
const toSecond = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
const inbox = async (accountId: string) => (await pool.query<{ n: string }>(`select count(*)::text as n from notifications where account_id = $1 and kind = 'reminder'`, [accountId])).rows[0]!.n;

it('reminds at each offset at 09:00 Beijing time and escalates after the deadline', async () => {
  const subject = await objection();
  const deadline = await deadlineIn(10);
  expect(await (await start(subject, deadline)).result()).toEqual({ sent: expect.any(Number) });
  expect(await fired(subject)).toEqual([
    { action: 'reminder.sent', fired_at: at9(deadline, -3), deadline: deadline.toISOString() },
    { action: 'reminder.sent', fired_at: at9(deadline, -1), deadline: deadline.toISOString() },
    { action: 'reminder.escalated', fired_at: at9(deadline, 1), deadline: deadline.toISOString() },
  ]);
  // The handling department's staff each time; the administrator only when it is escalated.
  expect(await inbox(t.accounts.staff.id)).toBe('3');
  expect(await inbox(t.accounts.admin.id)).toBe('1');
}, 60_000);

it('moves its reminders with a moved deadline and sends none for the old one', async () => {
  const subject = await objection();
  const first = await deadlineIn(10);
  const later = await deadlineIn(20);
  const handle = await start(subject, first);
  await handle.signal(deadlineSetSignal, later.toISOString());
  await handle.result();
  expect((await fired(subject)).map((f) => [f.fired_at, f.deadline])).toEqual([
    [at9(later, -3), later.toISOString()],
    [at9(later, -1), later.toISOString()],
    [at9(later, 1), later.toISOString()],
  ]);
}, 60_000);

it('sends nothing twice when the same deadline is set again after reminders went out', async () => {
  const subject = await objection();
  const deadline = await deadlineIn(10);
  const handle = await start(subject, deadline);
  await env.sleep(8 * DAY); // past the first reminder
  await handle.signal(deadlineSetSignal, deadline.toISOString());
  await handle.result();
  expect((await fired(subject)).map((f) => f.fired_at)).toEqual([at9(deadline, -3), at9(deadline, -1), at9(deadline, 1)]);
}, 60_000);

it('stops when the obligation is met, and a reminder that fires finds nobody owing', async () => {
  const met = await objection();
  const handle = await start(met, await deadlineIn(10));
  await decideObjection(pool, { id: (met as { objectionId: string }).objectionId, outcome: 'dismissed', reason: '不成立', decidedBy: t.accounts.admin.id, at: new Date() });
  await handle.signal(obligationMetSignal);
  expect(await handle.result()).toEqual({ sent: 0 });

  const silent = await objection();
  await decideObjection(pool, { id: (silent as { objectionId: string }).objectionId, outcome: 'upheld', reason: '成立', decidedBy: t.accounts.admin.id, at: new Date() });
  expect(await (await start(silent, await deadlineIn(10))).result()).toEqual({ sent: 0 });
  expect(await fired(silent)).toEqual([]);
}, 60_000);

it('reminds a reviewer who owes a score sheet and escalates the overdue stage to the administrator', async () => {
  const { campaignId: acceptance } = await insertTestCampaign(pool, t.bureauId, phasesLasting(30));
  await pool.query(`update campaigns set template = jsonb_set(template, '{reminders}', $2::jsonb) where id = $1`, [acceptance, JSON.stringify(rules)]);
  const deadline = await deadlineIn(10);
  await pool.query(
    `insert into phase_instances (campaign_id, phase_key, seq, kind, status, opened_at, deadline_at, duration) values ($1, 'acceptance', 4, 'acceptance', 'open', now(), $2, '{"amount":10,"unit":"calendar_days"}')`,
    [acceptance, deadline],
  );
  await pool.query(`insert into panel_members (campaign_id, stage_key, reviewer_id, bureau_id, role) values ($1, 'report', $2, $3, 'chair')`, [acceptance, t.accounts.reviewer.id, t.bureauId]);
  await pool.query(`insert into reviewer_assignments (campaign_id, reviewer_id, school_id, bureau_id) values ($1, $2, $3, $4)`, [acceptance, t.accounts.reviewer.id, t.schools[4]!.id, t.bureauId]);
  const subject: ReminderSubject = { kind: 'phase', bureauId: t.bureauId, campaignId: acceptance, phaseKey: 'acceptance' };
  const before = Number(await inbox(t.accounts.reviewer.id));
  const adminBefore = Number(await inbox(t.accounts.admin.id));
  await (await start(subject, deadline)).result();
  expect((await fired(subject)).map((f) => f.action)).toEqual(['reminder.sent', 'reminder.sent', 'reminder.escalated']);
  expect(Number(await inbox(t.accounts.reviewer.id)) - before).toBe(3);
  expect(Number(await inbox(t.accounts.admin.id)) - adminBefore).toBe(1);
  const { rows } = await pool.query<{ body: { text: string } }>(`select body from notifications where account_id = $1 and kind = 'reminder' order by created_at desc limit 1`, [t.accounts.reviewer.id]);
  expect(rows[0]!.body.text).toContain('1 份评分表未提交');
}, 60_000);
