import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { addCalendarDays, endOfShanghaiDay, shanghaiDate } from '../../domain/calendar';
import { targetPlanWorkflowId, targetPlanWorkflowType, type Target } from '../../domain/targets';
import { createWorker } from '../../worker/worker';
import { buildApp } from '../../api/app';
import { testPool } from '../helpers/db';
import { bundleWorkflows, createTimeSkippingEnv, silentLogger } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

/** A three-year target plan in the time-skipping server: years pass in seconds. */
const taskQueue = 'target-plan-test';
let env: TestWorkflowEnvironment;
let pool: Pool;
let t: Tenant;
let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;

beforeAll(async () => {
  [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  pool = testPool();
  t = await createTenant(pool);
}, 120_000);
afterAll(async () => {
  await env?.teardown();
  await pool?.end();
});

const passing = { qualifiedTeachers: 5, backboneTeachers: 1.2, peArtsTeachers: 1, teachingSpace: 500, sportsSpace: 800, equipment: 250000, multimediaRooms: 3 };
const failing = { ...passing, sportsSpace: 500, qualifiedTeachers: 3 };

it('checks each target at its date across three years, continuing as new, and holds schools to account', async () => {
  const now = await env.currentTimeMs();
  const today = shanghaiDate(now);
  const years = ['2026-2027', '2027-2028', '2028-2029'];
  for (const year of years) {
    for (const [i, resources] of [passing, passing, failing, failing].entries()) {
      await pool.query(
        `insert into resource_records (bureau_id, school_id, school_year, level, pupils, resources, version, reason, recorded_by) values ($1, $2, $3, 'primary', 100, $4, 1, 'test', $5)`,
        [t.bureauId, t.schools[i]!.id, year, JSON.stringify(resources), t.accounts.admin.id],
      );
    }
  }
  const targets: Target[] = [0, 1, 2].map((i) => ({
    key: `y${i + 1}`,
    name: { zh: `第 ${i + 1} 年目标`, en: `Year ${i + 1} target` },
    due: addCalendarDays(today, 365 * (i + 1)),
    level: 'primary',
    atLeast: [0.25, 0.6, 0.75][i]!,
    schoolYear: years[i]!,
  }));
  const planId = randomUUID();
  await pool.query('insert into target_plans (id, bureau_id, name, targets) values ($1, $2, $3, $4)', [planId, t.bureauId, '三年达标计划', JSON.stringify(targets)]);
  const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, pool, logger: silentLogger, workflowBundle: bundle });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(targetPlanWorkflowType, {
      taskQueue,
      workflowId: targetPlanWorkflowId(planId),
      args: [{ planId, bureauId: t.bureauId, schedule: targets.map((x) => ({ key: x.key, dueAt: endOfShanghaiDay(x.due).toISOString() })), next: 0 }],
    });
    expect(await handle.result()).toEqual({ checked: 3 });
    // Each run holds one target: the last run's history is a handful of events.
    const last = env.client.workflow.getHandle(targetPlanWorkflowId(planId));
    expect((await last.fetchHistory()).events!.length).toBeLessThan(20);
  });
  const { rows: results } = await pool.query<{ target_key: string; met: boolean; explanation: { zh: string } }>('select target_key, met, explanation from target_results where plan_id = $1 order by target_key', [planId]);
  expect(results.map((r) => [r.target_key, r.met])).toEqual([['y1', true], ['y2', false], ['y3', false]]);
  expect(results[1]!.explanation.zh).toBe('未达成：2/4 个学段达标（50% < 60%）');
  const { rows: entries } = await pool.query<{ school_id: string; target_key: string; consequence: string }>('select school_id, target_key, consequence from accountability_entries where plan_id = $1 order by target_key, consequence, school_id', [planId]);
  const failingIds = [t.schools[2]!.id, t.schools[3]!.id].sort();
  expect(entries.filter((e) => e.consequence === 'no_honours').map((e) => [e.target_key, e.school_id])).toEqual([...failingIds.map((id) => ['y2', id]), ...failingIds.map((id) => ['y3', id])]);
  expect(entries.filter((e) => e.consequence === 'principal_flagged').map((e) => [e.target_key, e.school_id])).toEqual(failingIds.map((id) => ['y3', id]));
}, 120_000);

it('declares a plan through the API and shows its result and who is held to account', async () => {
  const app = await buildApp({ pool, temporal: env.client, taskQueue });
  try {
    const due = addCalendarDays(shanghaiDate(await env.currentTimeMs()), 10);
    const bad = await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/target-plans`, headers: t.auth('admin'), payload: { name: '重复', targets: [1, 2].map(() => ({ key: 'a', name: { zh: '目标', en: 'target' }, due, level: 'all', atLeast: 0.5, schoolYear: '2026-2027' })) } });
    expect(bad.json().errors[0].field).toBe('body.targets.1.key');
    const made = await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/target-plans`, headers: t.auth('admin'), payload: { name: '年度达标', targets: [{ key: 'all_pass', name: { zh: '九成学段达标', en: '90 % of sections pass' }, due, level: 'all', atLeast: 0.9, schoolYear: '2026-2027' }] } });
    expect(made.statusCode).toBe(201);
    const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, pool, logger: silentLogger, workflowBundle: bundle });
    await worker.runUntil(() => env.client.workflow.getHandle(targetPlanWorkflowId(made.json().id)).result());
    const plans = (await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/target-plans`, headers: t.auth('admin') })).json();
    const plan = plans.find((p: { id: string }) => p.id === made.json().id);
    expect(plan.results).toEqual([expect.objectContaining({ key: 'all_pass', met: false, measured: 0.5, required: 0.9 })]);
    expect(plan.accountability.map((a: { schoolId: string }) => a.schoolId).sort()).toEqual([t.schools[2]!.id, t.schools[3]!.id].sort());
  } finally {
    await app.close();
  }
}, 120_000);
