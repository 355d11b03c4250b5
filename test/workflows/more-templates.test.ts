import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { listPhases } from '../../db/repositories/phases.repository';
import { computeAwards } from '../../domain/awards';
import { approvePhaseUpdate, campaignWorkflowType, type CampaignWorkflowInput } from '../../domain/campaign';
import { renhuaiBrandTemplate, yueqingNewQualityTemplate } from '../../domain/more-templates';
import { templates } from '../../domain/template-catalog';
import type { CampaignTemplate } from '../../domain/templates';
import { createWorker } from '../../worker/worker';
import { insertTestCampaign, waitForPhase } from '../helpers/campaigns';
import { createTestBureau, testPool } from '../helpers/db';
import { bundleWorkflows, createTimeSkippingEnv, silentLogger } from '../helpers/temporal';

/** The other programmes of the seeds run on the same engine, as templates: a small campaign each. */
const DAY = 86_400_000;
const taskQueue = 'more-templates-test';
let env: TestWorkflowEnvironment;
let pool: Pool;
let bureauId: string;
let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;

beforeAll(async () => {
  [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  pool = testPool();
  bureauId = (await createTestBureau(pool)).id;
}, 120_000);
afterAll(async () => {
  await env?.teardown();
  await pool?.end();
});

it('offers the three templates of the seeds', () => {
  expect([...templates.keys()]).toEqual(['changle-2020-demonstration', 'yueqing-2016-new-quality', 'renhuai-2017-brand']);
});

it.each([
  ['新优质学校 (seed 000), a three-year cycle', yueqingNewQualityTemplate],
  ['品牌学校 (seed 003), baseline, mid-term and final evaluations', renhuaiBrandTemplate],
])('runs a small campaign of %s through every phase', async (_name, template: CampaignTemplate) => {
  const { campaignId, workflowId } = await insertTestCampaign(pool, bureauId, template.phases, template);
  const input: CampaignWorkflowInput = { campaignId, bureauId, phases: template.phases };
  const handle = await env.client.workflow.start(campaignWorkflowType, { taskQueue, workflowId, args: [input] });
  const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, pool, logger: silentLogger, workflowBundle: bundle });
  await worker.runUntil(async () => {
    for (const phase of template.phases) {
      await waitForPhase(handle, phase.key, 'open');
      await env.sleep((phase.duration.amount + 2) * DAY);
      await waitForPhase(handle, phase.key, 'awaiting_approval');
      await handle.executeUpdate(approvePhaseUpdate, { args: [{ phaseKey: phase.key, approvedBy: '教育局', note: '同意' }] });
    }
    expect((await handle.result()).status).toBe('completed');
  });
  expect((await listPhases(pool, campaignId)).map((p) => [p.phase_key, p.status])).toEqual(template.phases.map((p) => [p.key, 'approved']));
}, 120_000);

it('tiers brand schools 品牌 → 特色 → 优质 and eliminates those below (淘汰制)', () => {
  const seed = (schoolId: string, final: number) => ({ schoolId, name: schoolId, role: 'seed' as const, metrics: { final } });
  const out = Object.fromEntries(computeAwards([seed('a', 92), seed('b', 85), seed('c', 72), seed('d', 64)], renhuaiBrandTemplate.awards).map((o) => [o.schoolId, o]));
  expect([out.a!.category, out.b!.category, out.c!.category, out.d!.category]).toEqual(['brand', 'distinctive', 'quality', null]);
  expect(out.d).toMatchObject({ vetoed: true, explanation: { zh: '一票否决：未达到优质学校（验收得分 64 < 70）' } });
  expect(out.a!.explanation.zh).toBe('品牌学校：验收得分 92 ≥ 90');
});
