import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { generateToken, hashPassword, verifyPassword } from '../auth/credentials';
import { createBureauWithAdmin } from '../auth/accounts';
import { projectRoot } from '../config';
import { startEmbeddedPostgres } from '../db/embedded';
import { ensureDatabase, migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { appendAuditEvent, verifyChain } from '../db/repositories/audit.repository';
import { findActiveToken, insertToken } from '../db/repositories/tokens.repository';

/**
 * What the hash chain and sign-in cost: audit appends per second on one chain (sequential and
 * contended) and across chains, chain verification time, token lookup latency per request, and
 * argon2id hashing time. Uses its own embedded PostgreSQL (or DATABASE_URL).
 *
 *   npm run bench:audit
 */
const N = Number(process.env.BENCH_EVENTS ?? 2000);

async function main(): Promise<void> {
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const port = Number(process.env.BENCH_PG_PORT ?? 54333);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(projectRoot, '.data', 'bench-pg'), port, stopOnSignals: false });
    stop = () => pg.stop();
    url = `postgres://postgres:postgres@127.0.0.1:${port}/campaigns_bench`;
  }
  await ensureDatabase(url);
  await migrateUp(url);
  const pool = createPool(url, { max: 8, role: 'campaigns_app' });
  const tag = randomUUID().slice(0, 8);
  const { bureau, admin } = await createBureauWithAdmin(pool, { code: `bench-${tag}`, name: '基准测试', admin: { username: `bench-${tag}`, displayName: 'bench' } });
  const event = (chainBureau: string, key: string) => appendAuditEvent(pool, { bureauId: chainBureau, actor: 'bench', action: 'bench.event', subject: key, after: { key, note: '基准测试事件' }, idempotencyKey: key });
  const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000)} events/s`;

  let t = performance.now();
  for (let i = 0; i < N; i += 1) await event(bureau.id, `${tag}:seq:${i}`);
  console.log(`append, one chain, one writer:        ${N} events in ${(performance.now() - t).toFixed(0)} ms = ${rate(N, performance.now() - t)}`);

  t = performance.now();
  await Promise.all(Array.from({ length: 8 }, (_, w) => (async () => { for (let i = w; i < N; i += 8) await event(bureau.id, `${tag}:con:${i}`); })()));
  console.log(`append, one chain, 8 writers:         ${N} events in ${(performance.now() - t).toFixed(0)} ms = ${rate(N, performance.now() - t)}`);

  const others = await Promise.all(Array.from({ length: 8 }, (_, i) => createBureauWithAdmin(pool, { code: `bench-${tag}-${i}`, name: `基准 ${i}`, admin: { username: `bench-${tag}-${i}`, displayName: 'b' } })));
  t = performance.now();
  await Promise.all(others.map((o, w) => (async () => { for (let i = 0; i < N / 8; i += 1) await event(o.bureau.id, `${tag}:par:${w}:${i}`); })()));
  console.log(`append, 8 chains, 8 writers:          ${N} events in ${(performance.now() - t).toFixed(0)} ms = ${rate(N, performance.now() - t)}`);

  t = performance.now();
  const v = await verifyChain(pool, `bureau:${bureau.id}`);
  console.log(`verify a chain of ${v.events} events:       ${(performance.now() - t).toFixed(0)} ms (ok=${v.ok})`);

  const token = generateToken('session');
  await insertToken(pool, { accountId: admin.account.id, kind: 'session', hash: token.hash, scopes: ['read', 'write'], expiresAt: new Date(Date.now() + 3600_000) });
  const lookups: number[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const s = performance.now();
    await findActiveToken(pool, token.hash);
    lookups.push(performance.now() - s);
  }
  lookups.sort((a, b) => a - b);
  console.log(`token lookup per request:             p50 ${lookups[500]!.toFixed(2)} ms, p95 ${lookups[950]!.toFixed(2)} ms`);

  t = performance.now();
  const h = await hashPassword('a-password-for-bench');
  const hashMs = performance.now() - t;
  t = performance.now();
  await verifyPassword(h, 'a-password-for-bench');
  console.log(`argon2id hash / verify:               ${hashMs.toFixed(0)} ms / ${(performance.now() - t).toFixed(0)} ms`);

  await pool.end();
  await stop?.();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
