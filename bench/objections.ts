import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { buildApp } from '../api/app';
import { createBureauWithAdmin } from '../auth/accounts';
import { generateToken } from '../auth/credentials';
import { loadConfig, projectRoot } from '../config';
import { resolveAppDatabaseUrl } from '../db/app-login';
import { startEmbeddedPostgres } from '../db/embedded';
import { ensureDatabase, migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { insertToken } from '../db/repositories/tokens.repository';
import { campaignWorkflowId } from '../domain/campaign';
import { reminderSeriesId } from '../domain/reminder-series';
import { demoSchools } from '../demo/yueqing';
import { findTool } from '../stack/tools';
import { createWorker } from '../worker/worker';

/**
 * A publicity window receiving thousands of objections on the real stack (embedded PostgreSQL, the
 * Temporal dev server, a worker): how fast they are taken in, that each has its own short
 * workflow, and that the campaign workflow's history does not grow with them.
 *
 *   npm run bench:objections            (BENCH_OBJECTIONS=3000 by default)
 */
const N = Number(process.env.BENCH_OBJECTIONS ?? 3000);
const CONCURRENCY = 8;

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const port = Number(process.env.BENCH_PG_PORT ?? 54334);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(projectRoot, '.data', 'bench-objections-pg'), port, stopOnSignals: false });
  const ownerUrl = `postgres://postgres:postgres@127.0.0.1:${port}/campaigns_bench`;
  await ensureDatabase(ownerUrl);
  await migrateUp(ownerUrl);
  const appUrl = (await resolveAppDatabaseUrl({ ownerUrl, embedded: true, dataDir: path.join(projectRoot, '.data', 'bench-objections-pg-app') }))!;
  const pool = createPool(appUrl, { max: 10, role: 'campaigns_app' });
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: findTool('temporal', config.TOOLS_DIR) } } });
  const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
  const worker = await createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, pool, logger: pino({ level: 'silent' }) });
  const running = worker.run();
  const app = await buildApp({ pool, temporal: env.client, taskQueue });
  try {
    const tag = randomUUID().slice(0, 8);
    const { bureau, admin } = await createBureauWithAdmin(pool, { code: `bench-${tag}`, name: '基准测试教育局', departments: [{ code: 'dudao', name: '督导室' }], admin: { username: `bench-${tag}`, displayName: 'bench' } });
    const t = generateToken('session');
    await insertToken(pool, { accountId: admin.account.id, kind: 'session', hash: t.hash, scopes: ['read', 'write'], expiresAt: new Date(Date.now() + 3600_000) });
    const auth = { authorization: `Bearer ${t.secret}` };
    const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => (await app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) })).json();

    const campaign = await call('POST', `/bureaus/${bureau.id}/campaigns`, { name: '基准活动', templateKey: 'changle-2020-demonstration', schools: demoSchools });
    await call('POST', `/campaigns/${campaign.id}/start`);
    const phase = async (key: string) => (await call('GET', `/campaigns/${campaign.id}`)).workflow?.progress.phases.find((p: { key: string }) => p.key === key)?.status;
    const until = async (cond: () => Promise<boolean>) => { while (!(await cond())) await new Promise((r) => setTimeout(r, 100)); };
    await until(async () => (await phase('seed_selection')) === 'open');
    await call('POST', `/campaigns/${campaign.id}/phases/seed_selection/deadline`, { deadline: new Date(Date.now() + 1000).toISOString(), reason: 'bench' });
    await until(async () => (await phase('seed_selection')) === 'awaiting_approval');
    await call('POST', `/campaigns/${campaign.id}/phases/seed_selection/approve`, {});
    await until(async () => (await phase('seed_publicity')) === 'open');
    const [window] = await call('GET', `/campaigns/${campaign.id}/publicity`);
    const campaignHandle = env.client.workflow.getHandle(campaignWorkflowId(campaign.id));
    const before = (await campaignHandle.fetchHistory()).events!.length;

    const latencies: number[] = [];
    const ids: string[] = [];
    let failures = 0;
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const s = performance.now();
        const res = await app.inject({
          method: 'POST',
          url: `/notices/${window.id}/objections`,
          remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          headers: { 'idempotency-key': `bench-${i}` },
          payload: { submitter: { kind: 'person', name: `异议人${i}`, unit: '某单位', phone: '13800000000' }, facts: `第 ${i} 件异议的事实`, reasons: '理由' },
        });
        latencies.push(performance.now() - s);
        if (res.statusCode === 201) ids.push(res.json().id);
        else failures += 1;
      }
    }));
    const elapsed = performance.now() - started;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
    console.log(`objections taken in:            ${ids.length} of ${N} (${failures} failed) in ${(elapsed / 1000).toFixed(1)} s = ${Math.round((ids.length / elapsed) * 1000)}/s`);
    console.log(`latency per objection:          p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms`);

    const after = (await campaignHandle.fetchHistory()).events!.length;
    console.log(`campaign workflow history:      ${before} events before, ${after} after`);
    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 50)) === 0);
    let longest = 0;
    for (const id of sample) longest = Math.max(longest, (await env.client.workflow.getHandle(reminderSeriesId({ kind: 'objection', bureauId: bureau.id, campaignId: campaign.id, objectionId: id })).fetchHistory()).events!.length);
    console.log(`objection workflow histories:   ${sample.length} sampled, longest ${longest} events (one reminder series per objection)`);
    const s = performance.now();
    const inbox = await call('GET', `/campaigns/${campaign.id}/objections?limit=200`);
    console.log(`inbox first page (200 of ${ids.length}): ${(performance.now() - s).toFixed(0)} ms`);
    const s2 = performance.now();
    const windows = await call('GET', `/campaigns/${campaign.id}/publicity`);
    console.log(`window counts:                  ${JSON.stringify(windows[0].objections)} in ${(performance.now() - s2).toFixed(0)} ms`);
    if (inbox.length !== Math.min(200, ids.length) || after !== before) process.exitCode = 1;
  } finally {
    await app.close();
    worker.shutdown();
    await running;
    await env.teardown();
    await pool.end();
    await pg.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
