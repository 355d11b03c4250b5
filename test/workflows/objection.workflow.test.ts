import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { assignObjection, decideObjection, insertObjection } from '../../db/repositories/objections.repository';
import { insertListVersion, insertWindow } from '../../db/repositories/publicity.repository';
import { objectionDecidedSignal, objectionWorkflowId, objectionWorkflowType, type ObjectionOutcome } from '../../domain/objection';
import { createWorker } from '../../worker/worker';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { testPool } from '../helpers/db';
import { bundleWorkflows, createTimeSkippingEnv, silentLogger } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

/** An objection's handling clock in the time-skipping server: days pass in milliseconds. */
const taskQueue = 'objection-workflow-test';
const DAY = 86_400_000;
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
  const list = await insertListVersion(pool, { campaignId, listKey: 'seed_list', items: [], contentHash: 'b'.repeat(64), publishedAt: new Date(), publishedBy: 'test' });
  windowId = (await insertWindow(pool, { campaignId, bureauId: t.bureauId, phaseKey: 'seed_publicity', listId: list.id, opensAt: new Date(), closesAt: new Date(Date.now() + 7 * DAY), duration: null, contact: { office: '督导室', phone: null } })).id;
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await pool?.end();
});

async function newObjection(assigned: boolean): Promise<string> {
  const id = randomUUID();
  const now = await env.currentTimeMs();
  await insertObjection(pool, {
    id, window_id: windowId, campaign_id: campaignId, bureau_id: t.bureauId, submitter_kind: 'person', submitter: { name: '张三', unit: '某单位', phone: '13800000000' },
    submitter_account: null, submitter_school_id: null, about_school_id: null, facts: '事实', reasons: '理由', received_at: new Date(now),
    handling_deadline: new Date(now + 4 * DAY), followKeyHash: Buffer.alloc(32), idempotency_key: null, body_hash: 'h',
  });
  if (assigned) await assignObjection(pool, id, t.departmentId);
  return id;
}

async function start(id: string) {
  const now = await env.currentTimeMs();
  return env.client.workflow.start(objectionWorkflowType, {
    taskQueue,
    workflowId: objectionWorkflowId(id),
    args: [{ objectionId: id, bureauId: t.bureauId, campaignId, remindAt: new Date(now + 3 * DAY).toISOString(), escalateAt: new Date(now + 5 * DAY).toISOString() }],
  });
}

const notified = async (id: string) =>
  (await pool.query<{ kind: string; department_id: string | null; account_id: string | null }>('select kind, department_id, account_id from notifications where objection_id = $1 order by created_at', [id])).rows;

it('reminds the handling department before the deadline and tells the bureau admin once overdue', async () => {
  const id = await newObjection(true);
  const handle = await start(id);
  expect(await handle.result()).toBe<ObjectionOutcome>('escalated');
  expect(await notified(id)).toEqual([
    { kind: 'objection.reminder', department_id: t.departmentId, account_id: null },
    { kind: 'objection.escalation', department_id: null, account_id: t.accounts.admin.id },
  ]);
  const history = await handle.fetchHistory();
  // A handful of events, whatever happens in the window around it.
  expect(history.events!.length).toBeLessThan(40);
}, 60_000);

it('reminds the bureau admins when nobody has been assigned yet', async () => {
  const id = await newObjection(false);
  expect(await (await start(id)).result()).toBe('escalated');
  expect((await notified(id)).map((n) => [n.kind, n.account_id])).toEqual([
    ['objection.reminder', t.accounts.admin.id],
    ['objection.escalation', t.accounts.admin.id],
  ]);
}, 60_000);

it('stops at once when the objection is decided, and tells nobody', async () => {
  const id = await newObjection(true);
  const handle = await start(id);
  await decideObjection(pool, { id, outcome: 'dismissed', reason: '经核查，该校各项指标符合条件', decidedBy: t.accounts.admin.id, at: new Date() });
  await handle.signal(objectionDecidedSignal);
  expect(await handle.result()).toBe('decided_in_time');
  expect(await notified(id)).toEqual([]);
}, 60_000);

it('reminds nobody when the decision is in the database but the signal was lost', async () => {
  const id = await newObjection(true);
  const handle = await start(id);
  await decideObjection(pool, { id, outcome: 'upheld', reason: '情况属实', decidedBy: t.accounts.admin.id, at: new Date() });
  // Recipients are computed when the reminder fires: the decided objection owes nothing.
  expect(await handle.result()).toBe('decided_in_time');
  expect(await notified(id)).toEqual([]);
}, 60_000);
