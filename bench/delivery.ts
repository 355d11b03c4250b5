import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createDeliveryActivities } from '../activities/delivery.activities';
import { createBureauWithAdmin } from '../auth/accounts';
import { projectRoot } from '../config';
import { resolveAppDatabaseUrl } from '../db/app-login';
import { startEmbeddedPostgres } from '../db/embedded';
import { ensureDatabase, migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';

/**
 * How many messages a minute the delivery path sustains: the outbox drained by the dispatch
 * activity into a local SMTP server and a local webhook receiver (so the figure is ours, not a
 * provider's), and a group robot under its 20-posts-a-minute limit.
 *
 *   npm run bench:delivery              (BENCH_MESSAGES=4000 by default: half e-mail, half webhook)
 */
const N = Number(process.env.BENCH_MESSAGES ?? 4000);

async function main(): Promise<void> {
  const port = Number(process.env.BENCH_PG_PORT ?? 54335);
  const dataDir = path.join(projectRoot, '.data', 'bench-delivery-pg');
  const pg = await startEmbeddedPostgres({ dataDir, port, stopOnSignals: false });
  const ownerUrl = `postgres://postgres:postgres@127.0.0.1:${port}/campaigns_bench`;
  await ensureDatabase(ownerUrl);
  await migrateUp(ownerUrl);
  const pool = createPool((await resolveAppDatabaseUrl({ ownerUrl, embedded: true, dataDir: `${dataDir}-app` }))!, { max: 8, role: 'campaigns_app' });
  let mails = 0;
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], onData: (s, _x, done) => { s.on('data', () => undefined); s.on('end', () => { mails += 1; done(); }); } });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  let hooks = 0;
  const receiver = http.createServer((req, res) => { req.on('data', () => undefined); req.on('end', () => { hooks += 1; res.writeHead(200).end('{"errcode":0}'); }); });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  try {
    const tag = randomUUID().slice(0, 8);
    const { bureau } = await createBureauWithAdmin(pool, { code: `bench-${tag}`, name: '基准', admin: { username: `bench-${tag}`, displayName: 'bench' } });
    const hook = (await pool.query<{ id: string }>(`insert into notification_channels (bureau_id, kind, name, url, secret) values ($1, 'webhook', 'bench', $2, 'whsec-bench') returning id`, [bureau.id, `${base}/hook`])).rows[0]!.id;
    const robot = (await pool.query<{ id: string }>(`insert into notification_channels (bureau_id, kind, name, url) values ($1, 'wecom', 'bench', $2) returning id`, [bureau.id, `${base}/robot`])).rows[0]!.id;
    await pool.query(
      `insert into outbox (bureau_id, channel, channel_id, recipient, subject, body, dedupe_key)
       select $1, case when g % 2 = 0 then 'email' else 'webhook' end, case when g % 2 = 0 then null else $2::uuid end,
              case when g % 2 = 0 then 'user' || g || '@example.cn' else $2::text end, '【提醒】基准消息 ' || g, '正文 ' || g, $3 || g
         from generate_series(1, $4::int) g`,
      [bureau.id, hook, `bench-${tag}-`, N],
    );
    const acts = createDeliveryActivities({ pool, logger: pino({ level: 'silent' }), smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?pool=true&maxConnections=4`, claimSeconds: 60 });
    const started = performance.now();
    let sent = 0;
    for (;;) {
      const r = await acts.dispatchOutbox({ limit: 200, bureauIds: [bureau.id] });
      sent += r.sent;
      if (r.claimed === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`e-mail + webhook, one dispatcher:  ${sent} messages in ${seconds.toFixed(1)} s = ${Math.round((sent / seconds) * 60)} messages/min (SMTP got ${mails}, webhook got ${hooks})`);

    await pool.query(
      `insert into outbox (bureau_id, channel, channel_id, recipient, subject, body, dedupe_key)
       select $1, 'wecom', $2::uuid, $2::text, '【提醒】机器人消息 ' || g, '正文 ' || g, $3 || g from generate_series(1, 1000) g`,
      [bureau.id, robot, `bench-robot-${tag}-`],
    );
    const r = await acts.dispatchOutbox({ limit: 1000, bureauIds: [bureau.id] });
    console.log(`a group robot:                     ${r.sent} of 1000 messages in its first minute (20 posts × 10 merged), ${r.deferred} deferred to the next minutes, none dropped`);
  } finally {
    await new Promise<void>((r) => smtp.close(() => r()));
    await new Promise<void>((r) => receiver.close(() => r()));
    await pool.end();
    await pg.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
