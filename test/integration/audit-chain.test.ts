import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool, PoolClient } from 'pg';
import { buildApp } from '../../api/app';
import { projectRoot } from '../../config';
import { appendAuditEvent, campaignChain, listChains, verifyChain } from '../../db/repositories/audit.repository';
import { contentHash } from '../../domain/content-hash';
import { demoSchools } from '../../demo/yueqing';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { ownerPool, testPool } from '../helpers/db';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

const run = promisify(execFile);
let pool: Pool;
let owner: Pool;
let tenant: Tenant;

beforeAll(async () => {
  pool = testPool();
  owner = ownerPool();
  tenant = await createTenant(pool);
});
afterAll(async () => {
  await pool?.end();
  await owner?.end();
});

/** A campaign chain of `n` events written as the application writes them. */
async function chainOf(n: number): Promise<{ campaignId: string; chain: string }> {
  const { campaignId } = await insertTestCampaign(pool, tenant.bureauId, phasesLasting(5));
  for (let i = 1; i <= n; i += 1) {
    await appendAuditEvent(pool, { bureauId: tenant.bureauId, campaignId, actor: '测试', action: `step.${i}`, subject: `s:${i}`, after: { i, note: '审批意见' }, idempotencyKey: `${campaignId}:${i}` });
  }
  return { campaignId, chain: campaignChain(campaignId) };
}

/** Plays someone with the schema owner's database access, bypassing the append-only triggers. */
async function tamper(sql: string, params: unknown[]): Promise<void> {
  const client: PoolClient = await owner.connect();
  try {
    await client.query('set session_replication_role = replica');
    await client.query(sql, params);
  } finally {
    await client.query('reset session_replication_role').catch(() => undefined);
    client.release();
  }
}

it('verifies an untouched chain, and a retried write does not advance it', async () => {
  const { campaignId, chain } = await chainOf(5);
  expect(await appendAuditEvent(pool, { bureauId: tenant.bureauId, campaignId, actor: 'x', action: 'step.3', subject: 's', idempotencyKey: `${campaignId}:3` })).toBe(false);
  expect(await verifyChain(pool, chain)).toMatchObject({ ok: true, events: 5, headSeq: 5, firstBroken: null });
});

it('keeps one unbroken sequence when many requests append at once', async () => {
  const { campaignId } = await insertTestCampaign(pool, tenant.bureauId, phasesLasting(5));
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => appendAuditEvent(pool, { bureauId: tenant.bureauId, campaignId, actor: 'x', action: 'parallel', subject: `s:${i}`, idempotencyKey: `${campaignId}:p${i}` })),
  );
  expect(await verifyChain(pool, campaignChain(campaignId))).toMatchObject({ ok: true, events: 20 });
});

it('reports an edited event as the first broken link, by the verifier and by the command', async () => {
  const { campaignId, chain } = await chainOf(6);
  await tamper(`update audit_events set after = '{"i": 3, "note": "改过的意见"}' where chain = $1 and seq = 3`, [chain]);
  const v = await verifyChain(pool, chain);
  expect(v).toMatchObject({ ok: false, firstBroken: { seq: 3, problem: 'content_changed' } });

  const cli = path.join(projectRoot, 'dist', 'cli', 'audit-verify.js');
  const failed = await run(process.execPath, [cli, '--campaign', campaignId], { env: process.env }).then(
    () => null,
    (err: { code: number; stdout: string }) => err,
  );
  expect(failed?.code).toBe(1);
  expect(failed?.stdout).toMatch(new RegExp(`BROKEN\\s+${chain}\\s+first broken link at seq 3 .*content_changed`));
}, 60_000);

it('catches an edit whose hash was recomputed, a removed event and a removed tail', async () => {
  const a = await chainOf(5);
  // Editing an event and recomputing its own hash still breaks the next event's link.
  await tamper(`update audit_events e set reason = '补记', hash = audit_event_hash(e) where chain = $1 and seq = 2`, [a.chain]);
  await tamper(`update audit_events e set hash = audit_event_hash(e) where chain = $1 and seq = 2`, [a.chain]);
  expect((await verifyChain(pool, a.chain)).firstBroken).toMatchObject({ seq: 3, problem: 'link_broken' });

  const b = await chainOf(5);
  await tamper('delete from audit_events where chain = $1 and seq = 4', [b.chain]);
  expect((await verifyChain(pool, b.chain)).firstBroken).toMatchObject({ seq: 4, problem: 'events_missing' });

  const c = await chainOf(5);
  await tamper('delete from audit_events where chain = $1 and seq = 5', [c.chain]);
  expect((await verifyChain(pool, c.chain)).firstBroken).toMatchObject({ seq: 5, problem: 'head_mismatch' });
});

it('gives the application no way around the append-only rule', async () => {
  const client = await pool.connect();
  try {
    // No temporary objects (they could shadow the chain trigger's tables), no new tables.
    await expect(client.query('create temp table shadow (a int)')).rejects.toThrow(/permission denied/);
    await expect(client.query('create table shadow (a int)')).rejects.toThrow(/permission denied/);
    // Dropping the restricted role leaves the application's own login, which has no more rights.
    await client.query('set role none');
    const { rows } = await client.query('select current_user');
    expect(rows[0].current_user).toBe('campaigns_app_login');
    await expect(client.query("update audit_events set reason = 'x' where id = (select min(id) from audit_events)")).rejects.toThrow(/permission denied/);
    await expect(client.query('update audit_chain_heads set seq = 0')).rejects.toThrow(/permission denied/);
  } finally {
    client.release(true);
  }
});

it('still checks a chain whose every event was removed', async () => {
  const { chain } = await chainOf(3);
  await tamper('delete from audit_events where chain = $1', [chain]);
  expect(await listChains(pool, tenant.bureauId)).toContain(chain);
  expect(await verifyChain(pool, chain)).toMatchObject({ ok: false, events: 0, firstBroken: { seq: 1, problem: 'head_mismatch' } });
});

describe('through the API', () => {
  let env: TestWorkflowEnvironment;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    app = await buildApp({ pool, temporal: env.client, taskQueue: 'audit-chain' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await env?.teardown();
  });

  it("puts the published school list's hash in the chain, so a printed copy can be checked", async () => {
    const created = await app.inject({
      method: 'POST',
      url: `/bureaus/${tenant.bureauId}/campaigns`,
      headers: tenant.auth('admin'),
      payload: { name: '哈希测试活动', templateKey: 'changle-2020-demonstration', schools: demoSchools },
    });
    const campaign = created.json();
    // Anyone holding the published rules and list computes the same hash (RFC 8785 JSON, SHA-256).
    const published = { template: campaign.template, schools: demoSchools.map(({ code, name, district, level }) => ({ code, name, district, level })) };
    const hash = contentHash(published);
    const res = await app.inject({ method: 'GET', url: `/campaigns/${campaign.id}/audit/verify?contentHash=${hash}`, headers: tenant.auth('admin') });
    expect(res.json()).toMatchObject({ ok: true, summary: { zh: expect.stringContaining('审计链完整') }, contentHash: { found: true, events: [{ action: 'campaign.created', seq: 1 }] } });
    const altered = contentHash({ ...published, schools: published.schools.slice(1) });
    const other = await app.inject({ method: 'GET', url: `/campaigns/${campaign.id}/audit/verify?contentHash=${altered}`, headers: tenant.auth('admin') });
    expect(other.json().contentHash.found).toBe(false);

    await tamper(`update audit_events set actor = '冒名' where chain = $1 and seq = 1`, [campaignChain(campaign.id)]);
    const broken = (await app.inject({ method: 'GET', url: `/campaigns/${campaign.id}/audit/verify`, headers: tenant.auth('admin') })).json();
    expect(broken).toMatchObject({ ok: false, firstBroken: { seq: 1, problem: 'content_changed' } });
    expect(broken.summary.zh).toContain('第 1 条处断裂');
  });
});
