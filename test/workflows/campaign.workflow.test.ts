import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Pool } from 'pg';
import { listPhases } from '../../db/repositories/phases.repository';
import { getCampaign } from '../../db/repositories/campaigns.repository';
import {
  approvePhaseUpdate,
  campaignProgressQuery,
  campaignWorkflowType,
  movePhaseDeadlineUpdate,
  type CampaignWorkflowInput,
  type Refusal,
} from '../../domain/campaign';
import type { PhaseDefinition } from '../../domain/templates';
import { createWorker } from '../../worker/worker';
import { auditActions, insertTestCampaign, phasesLasting, waitForPhase } from '../helpers/campaigns';
import { createTestBureau, testPool } from '../helpers/db';
import { bundleWorkflows, createTimeSkippingEnv, silentLogger } from '../helpers/temporal';

const DAY = 24 * 60 * 60 * 1000;
const taskQueue = 'campaign-workflow-test';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let pool: Pool;
let bureauId: string;

beforeAll(async () => {
  [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  pool = testPool();
  bureauId = (await createTestBureau(pool)).id;
}, 120_000);

afterAll(async () => {
  await env?.teardown();
  await pool?.end();
});

const newWorker = (opts: { noCache?: boolean } = {}) =>
  createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    pool,
    logger: silentLogger,
    workflowBundle: bundle,
    // Without a cache the worker keeps no sticky queue, so the next worker gets the campaign's
    // tasks at once (the time-skipping server does not expire a dead worker's sticky queue).
    ...(opts.noCache ? { maxCachedWorkflows: 0 } : {}),
  });

async function startCampaign(phases: PhaseDefinition[]) {
  const { campaignId, workflowId } = await insertTestCampaign(pool, bureauId, phases);
  const input: CampaignWorkflowInput = { campaignId, bureauId, phases, requestId: `req-${campaignId}` };
  const handle = await env.client.workflow.start(campaignWorkflowType, { taskQueue, workflowId, args: [input] });
  return { campaignId, handle };
}

async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).details?.[0] as Refusal;
}

const approve = (phaseKey: string) => ({ phaseKey, approvedBy: '县教育局 张局长', note: '同意' });

it('runs a whole campaign with year-long phases through every phase', async () => {
  const phases = phasesLasting(365);
  const { campaignId, handle } = await startCampaign(phases);
  await newWorker().then((w) =>
    w.runUntil(async () => {
      for (const phase of phases) {
        const progress = await waitForPhase(handle, phase.key, 'open');
        expect(progress.currentPhase).toBe(phase.key);
        // Approving before the deadline is refused with the reason.
        expect((await refusalOf(handle.executeUpdate(approvePhaseUpdate, { args: [approve(phase.key)] }))).code).toBe('phase_still_open');
        await env.sleep(366 * DAY);
        await waitForPhase(handle, phase.key, 'awaiting_approval');
        const approved = await handle.executeUpdate(approvePhaseUpdate, { args: [approve(phase.key)] });
        expect(approved.status).toBe('approved');
      }
      const outcome = await handle.result();
      expect(outcome.status).toBe('completed');
    }),
  );

  const rows = await listPhases(pool, campaignId);
  expect(rows.map((r) => [r.phase_key, r.status])).toEqual(phases.map((p) => [p.key, 'approved']));
  for (const r of rows) {
    // 365 calendar days counted from the day after opening, ending at 24:00 Shanghai.
    const days = (r.deadline_at.getTime() - r.opened_at.getTime()) / DAY;
    expect(days).toBeGreaterThan(365);
    expect(days).toBeLessThanOrEqual(366);
    expect(r.deadline_at.getUTCHours()).toBe(16);
    expect(r.approved_by).toBe('县教育局 张局长');
    expect(r.closed_at!.getTime()).toBeGreaterThanOrEqual(r.deadline_at.getTime());
  }
  expect((await getCampaign(pool, campaignId))?.status).toBe('completed');
  expect(await auditActions(pool, campaignId)).toEqual({
    'campaign.started': 1,
    'phase.opened': 7,
    'phase.closed': 7,
    'phase.approved': 7,
    // The publicity phase publishes its (here empty) list; approvals finalise it and the mentor list.
    'list.published': 2,
    // The seed list, the mentor list and the acceptance scores, each at its phase's approval.
    'list.finalised': 3,
    'campaign.completed': 1,
  });
});

it('resumes a campaign on a new worker after the first one stopped mid-campaign', async () => {
  const phases = phasesLasting(30);
  const { campaignId, handle } = await startCampaign(phases);
  await (await newWorker({ noCache: true })).runUntil(async () => {
    await waitForPhase(handle, 'seed_selection', 'open');
    await env.sleep(31 * DAY);
    await waitForPhase(handle, 'seed_selection', 'awaiting_approval');
  });
  // The first worker is gone; the campaign waits durably. A new worker picks it up.
  await (await newWorker()).runUntil(async () => {
    await handle.executeUpdate(approvePhaseUpdate, { args: [approve('seed_selection')] });
    for (const phase of phases.slice(1)) {
      await waitForPhase(handle, phase.key, 'open');
      await env.sleep(31 * DAY);
      await waitForPhase(handle, phase.key, 'awaiting_approval');
      await handle.executeUpdate(approvePhaseUpdate, { args: [approve(phase.key)] });
    }
    expect((await handle.result()).status).toBe('completed');
  });
  const actions = await auditActions(pool, campaignId);
  expect(actions['phase.opened']).toBe(7);
  expect(actions['phase.approved']).toBe(7);
  expect(actions['campaign.started']).toBe(1);
});

it('re-arms the timer when the bureau moves a deadline', async () => {
  const phases = phasesLasting(10);
  const { campaignId, handle } = await startCampaign(phases);
  await (await newWorker()).runUntil(async () => {
    const opened = await waitForPhase(handle, 'seed_selection', 'open');
    const original = Date.parse(opened.phases[0]!.deadline!);
    const later = new Date(original + 20 * DAY).toISOString();
    const moved = await handle.executeUpdate(movePhaseDeadlineUpdate, {
      args: [{ phaseKey: 'seed_selection', deadline: later, movedBy: '督导室 李主任', reason: '多所学校申请延期提交材料' }],
    });
    expect(moved.deadline).toBe(later);
    // Past the original deadline the phase is still open …
    await env.sleep(12 * DAY);
    expect((await handle.query(campaignProgressQuery)).phases[0]!.status).toBe('open');
    // … and it closes at the new one.
    await env.sleep(20 * DAY);
    await waitForPhase(handle, 'seed_selection', 'awaiting_approval');
    // A closed phase's deadline can no longer move.
    const refusal = await refusalOf(
      handle.executeUpdate(movePhaseDeadlineUpdate, { args: [{ phaseKey: 'seed_selection', deadline: new Date(Date.parse(later) + 400 * DAY).toISOString(), movedBy: 'x', reason: 'y' }] }),
    );
    expect(refusal.code).toBe('deadline_not_movable');
    await handle.terminate('test done');
  });
  const [row] = await listPhases(pool, campaignId);
  expect(row!.deadline_at.getTime()).toBe(Date.parse((await pool.query('select after from audit_events where campaign_id = $1 and action = $2', [campaignId, 'phase.deadline_moved'])).rows[0].after.deadline));
  const { rows } = await pool.query('select reason, actor from audit_events where campaign_id = $1 and action = $2', [campaignId, 'phase.deadline_moved']);
  expect(rows).toEqual([{ reason: '多所学校申请延期提交材料', actor: '督导室 李主任' }]);
});

it('blocks a phase whose working-day deadline is outside the calendar data until the bureau sets one', async () => {
  const phases: PhaseDefinition[] = [
    { ...phasesLasting(800)[0]! },
    { ...phasesLasting(5, 'working_days')[1]! },
  ];
  const { campaignId, handle } = await startCampaign(phases);
  await (await newWorker()).runUntil(async () => {
    await waitForPhase(handle, 'seed_selection', 'open');
    await env.sleep(801 * DAY);
    await waitForPhase(handle, 'seed_selection', 'awaiting_approval');
    await handle.executeUpdate(approvePhaseUpdate, { args: [approve('seed_selection')] });
    const blocked = await waitForPhase(handle, 'seed_publicity', 'blocked');
    expect(blocked.phases[1]!.blockedReason).toMatch(/超出节假日数据范围/);
    expect((await refusalOf(handle.executeUpdate(approvePhaseUpdate, { args: [approve('seed_publicity')] }))).code).toBe('phase_blocked');
    const now = await env.currentTimeMs();
    const deadline = new Date(now + 7 * DAY).toISOString();
    await handle.executeUpdate(movePhaseDeadlineUpdate, { args: [{ phaseKey: 'seed_publicity', deadline, movedBy: '督导室', reason: '按 7 个自然日公示' }] });
    const open = await waitForPhase(handle, 'seed_publicity', 'open');
    expect(open.phases[1]!.deadline).toBe(deadline);
    await env.sleep(8 * DAY);
    await waitForPhase(handle, 'seed_publicity', 'awaiting_approval');
    await handle.executeUpdate(approvePhaseUpdate, { args: [approve('seed_publicity')] });
    expect((await handle.result()).status).toBe('completed');
  });
  const rows = await listPhases(pool, campaignId);
  expect(rows[1]!.deadline_at.toISOString()).toBeDefined();
  expect(rows.map((r) => r.status)).toEqual(['approved', 'approved']);
});
