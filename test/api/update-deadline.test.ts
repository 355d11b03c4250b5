import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { testPool } from '../helpers/db';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

/** With no worker running, an approval does not hang: it answers 503 and says nothing changed. */
let env: TestWorkflowEnvironment;
let pool: Pool;
let tenant: Tenant;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  pool = testPool();
  tenant = await createTenant(pool);
}, 60_000);
afterAll(async () => {
  await env?.teardown();
  await pool?.end();
});

it('answers 503 when the workflow does not take the update in time', async () => {
  const app = await buildApp({ pool, temporal: env.client, taskQueue: 'no-worker-here', updateTimeoutMs: 1500 });
  try {
    const { campaignId } = await insertTestCampaign(pool, tenant.bureauId, phasesLasting(30));
    expect((await app.inject({ method: 'POST', url: `/campaigns/${campaignId}/start`, headers: tenant.auth('admin') })).statusCode).toBe(202);
    const started = Date.now();
    const res = await app.inject({ method: 'POST', url: `/campaigns/${campaignId}/phases/seed_selection/approve`, headers: tenant.auth('admin'), payload: {} });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('workflow_unavailable');
    expect(res.json().titleZh).toContain('未生效');
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    await app.close();
  }
}, 60_000);
