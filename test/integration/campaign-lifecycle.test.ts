import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { demoSchools } from '../../demo/yueqing';
import { createWorker } from '../../worker/worker';
import { auditActions } from '../helpers/campaigns';
import { ownerPool, testPool } from '../helpers/db';
import { createTenant, type Tenant } from '../helpers/tenant';
import { bundleWorkflows, createLocalEnv, silentLogger } from '../helpers/temporal';
import { until } from '../helpers/until';

/**
 * The real stack: HTTP over a socket, PostgreSQL, the Temporal CLI dev server (or the cluster in
 * TEMPORAL_ADDRESS) and a worker, with real wall-clock timers. Each phase is brought to its end
 * by moving its deadline a second ahead, as a bureau would shorten a window.
 */
const taskQueue = `lifecycle-${process.pid}`;
let env: TestWorkflowEnvironment;
let pool: Pool;
let app: Awaited<ReturnType<typeof buildApp>>;
let base: string;
let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;
let tenant: Tenant;

beforeAll(async () => {
  [env, bundle] = await Promise.all([createLocalEnv(), bundleWorkflows()]);
  pool = testPool();
  tenant = await createTenant(pool);
  // A loaded CI machine may need more than the default 10 s for a worker to take an update after a restart.
  app = await buildApp({ pool, temporal: env.client, taskQueue, updateTimeoutMs: 30_000 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await pool?.end();
});

const newWorker = (): Promise<Worker> =>
  createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, pool, logger: silentLogger, workflowBundle: bundle });

async function http(method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...tenant.auth('admin'), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}


const phaseStatus = async (id: string, key: string) => {
  const { json } = await http('GET', `/campaigns/${id}`);
  return json.workflow?.progress.phases.find((p: { key: string }) => p.key === key)?.status as string | undefined;
};

it('create → start → approve each phase → completed, with rows and audit events, across a worker restart', async () => {
  const created = await http('POST', `/bureaus/${tenant.bureauId}/campaigns`, {
    name: '集成测试活动',
    templateKey: 'changle-2020-demonstration',
    schools: demoSchools,
  });
  expect(created.status).toBe(201);
  const id: string = created.json.id;
  const phaseKeys: string[] = created.json.template.phases.map((p: { key: string }) => p.key);

  let worker = await newWorker();
  let running = worker.run();
  expect((await http('POST', `/campaigns/${id}/start`)).status).toBe(202);

  for (const [i, key] of phaseKeys.entries()) {
    await until(`${key} open`, async () => ((await phaseStatus(id, key)) === 'open' ? true : undefined));
    const early = await http('POST', `/campaigns/${id}/phases/${key}/approve`, {});
    expect(early.status).toBe(409);
    expect(early.json.code).toBe('phase_still_open');

    const moved = await http('POST', `/campaigns/${id}/phases/${key}/deadline`, {
      deadline: new Date(Date.now() + 1500).toISOString(),
      reason: '集成测试：提前截止',
    });
    expect(moved.status).toBe(200);
    await until(`${key} closed`, async () => ((await phaseStatus(id, key)) === 'awaiting_approval' ? true : undefined));

    if (i === 2) {
      // Restart the worker mid-campaign: the campaign waits durably and the new worker resumes it.
      worker.shutdown();
      await running;
      worker = await newWorker();
      running = worker.run();
    }
    const approved = await http('POST', `/campaigns/${id}/phases/${key}/approve`, { note: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.json.status).toBe('approved');
  }

  const final = await until('campaign completed', async () => {
    const { json } = await http('GET', `/campaigns/${id}`);
    return json.status === 'completed' && json.workflow.status === 'COMPLETED' ? json : undefined;
  });
  worker.shutdown();
  await running;

  expect(final.phases.map((p: { key: string; status: string }) => [p.key, p.status])).toEqual(phaseKeys.map((k) => [k, 'approved']));
  for (const p of final.phases) {
    expect(p.approvedBy).toBe(`测试管理员 (${tenant.accounts.admin.username})`);
    expect(Date.parse(p.closedAt)).toBeGreaterThanOrEqual(Date.parse(p.deadline));
    expect(Date.parse(p.endedAt)).toBeGreaterThanOrEqual(Date.parse(p.closedAt));
  }
  expect(await auditActions(pool, id)).toEqual({
    'campaign.created': 1,
    'campaign.started': 1,
    'phase.opened': 7,
    'phase.deadline_moved': 7,
    'phase.closed': 7,
    'phase.approved': 7,
    'list.published': 2,
    // The seed list, the mentor list and the acceptance scores, each at its phase's approval.
    'list.finalised': 3,
    'campaign.completed': 1,
  });
  // Audit events cannot be edited or deleted: the application's role has no right to, and even the
  // schema owner is stopped by the append-only trigger. The chain verifies end to end.
  await expect(pool.query('update audit_events set actor = $1 where campaign_id = $2', ['x', id])).rejects.toThrow(/permission denied/);
  await expect(pool.query('delete from audit_events where campaign_id = $1', [id])).rejects.toThrow(/permission denied/);
  const owner = ownerPool();
  try {
    await expect(owner.query('update audit_events set actor = $1 where campaign_id = $2', ['x', id])).rejects.toThrow(/append-only/);
  } finally {
    await owner.end();
  }
  const verified = await http('GET', `/campaigns/${id}/audit/verify`);
  expect(verified.json).toMatchObject({ ok: true, events: 36, firstBroken: null });
  const late = await http('POST', `/campaigns/${id}/phases/awards/approve`, {});
  expect(late.status).toBe(409);
}, 120_000);
