import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { projectRoot } from '../../config';
import { testPool } from '../helpers/db';
import { createLocalEnv } from '../helpers/temporal';
import { until } from '../helpers/until';
import { createTenant, type Tenant } from '../helpers/tenant';

/**
 * A worker killed while it is handing an e-mail to the SMTP server: another worker takes the
 * message over and the server receives it exactly once. Runs the compiled worker as a process.
 */
let env: TestWorkflowEnvironment;
let pool: Pool;
let t: Tenant;
let smtp: SMTPServer;
let port: number;
let stallNext = true;
let stalled = false;
const completed: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  env = await createLocalEnv();
  pool = testPool();
  t = await createTenant(pool);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, done) {
      let raw = '';
      const stall = stallNext;
      stallNext = false;
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        // The first message is never acknowledged: its sender is killed while waiting.
        if (stall) {
          stalled = true;
          return;
        }
        completed.push(raw.match(/^Message-ID: (.*)$/im)?.[1]?.trim() ?? '');
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await env?.teardown();
  await pool?.end();
});

function worker(taskQueue: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'worker', 'main.js')], {
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: `smtp://127.0.0.1:${port}`, OUTBOX_CLAIM_SECONDS: '2', OUTBOX_BUREAU_IDS: t.bureauId, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}


it('sends an e-mail once when the worker delivering it is killed mid-send', async () => {
  const { rows } = await pool.query<{ id: string }>(
    `insert into outbox (bureau_id, channel, recipient, subject, body, dedupe_key) values ($1, 'email', 'admin@bureau.example.cn', '【提醒】测试', '正文', $2) returning id`,
    [t.bureauId, `crash:${randomUUID()}`],
  );
  const id = rows[0]!.id;
  const taskQueue = `delivery-crash-${process.pid}`;
  const first = worker(taskQueue);
  await until('the first worker to be mid-send', () => stalled, 60_000);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  const second = worker(taskQueue);
  await until('the message to be delivered', async () => (await pool.query<{ status: string }>('select status from outbox where id = $1', [id])).rows[0]!.status === 'sent', 90_000);
  second.kill('SIGTERM');
  expect(completed.filter((m) => m === `<${id}@campaign-engine>`)).toHaveLength(1);
  const { rows: after } = await pool.query<{ attempts: number }>('select attempts from outbox where id = $1', [id]);
  expect(after[0]!.attempts).toBe(2);
}, 150_000);
