import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createDeliveryActivities } from '../../activities/delivery.activities';
import { addCalendarDays, shanghaiAt, shanghaiDate } from '../../domain/calendar';
import { deadlineSetSignal, reminderSeriesId, reminderSeriesWorkflowType, type ReminderSubject } from '../../domain/reminder-series';
import { createWorker } from '../../worker/worker';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { testPool } from '../helpers/db';
import { bundleWorkflows, createTimeSkippingEnv, silentLogger } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

/**
 * A phase deadline's reminders on every channel: the in-app inbox, e-mail (a real SMTP server),
 * 企业微信 and 钉钉 robots and a webhook (a real HTTP receiver). The series runs in the
 * time-skipping server; delivery goes out through the outbox.
 */
let env: TestWorkflowEnvironment;
let pool: Pool;
let worker: Worker;
let running: Promise<void>;
let t: Tenant;
let smtp: SMTPServer;
let smtpPort: number;
const mails: string[] = [];
const hits: string[] = [];
let receiver: http.Server;

beforeAll(async () => {
  const [e, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  env = e;
  pool = testPool();
  worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue: 'reminder-channels', pool, logger: silentLogger, workflowBundle: bundle, publicUrl: 'https://campaigns.example.cn' });
  running = worker.run();
  t = await createTenant(pool);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        mails.push(session.envelope.rcptTo.map((r) => r.address).join(','));
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      hits.push(new URL(req.url!, 'http://x').pathname);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await env?.teardown();
  await pool?.end();
});

it('reminds the administrator of a phase deadline in the inbox, by e-mail, on both robots and the webhook', async () => {
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await pool.query(`update accounts set email = 'wang@bureau.example.cn' where id = $1`, [t.accounts.admin.id]);
  for (const [kind, p, secret] of [['wecom', '/wecom', null], ['dingtalk', '/dingtalk', 'SECsecret'], ['webhook', '/webhook', 'whsec']] as const) {
    await pool.query('insert into notification_channels (bureau_id, kind, name, url, secret) values ($1, $2, $3, $4, $5)', [t.bureauId, kind, kind, `${base}${p}`, secret]);
  }
  const { campaignId } = await insertTestCampaign(pool, t.bureauId, phasesLasting(30));
  await pool.query(`update campaigns set template = jsonb_set(template, '{reminders}', '{"hour": 9, "offsets": [{"amount": 2, "unit": "calendar_days", "direction": "before", "escalate": false}]}') where id = $1`, [campaignId]);
  const now = await env.currentTimeMs();
  const deadline = shanghaiAt(addCalendarDays(shanghaiDate(now), 6), 0);
  await pool.query(
    `insert into phase_instances (campaign_id, phase_key, seq, kind, status, opened_at, deadline_at, duration) values ($1, 'seed_selection', 0, 'seed_selection', 'open', now(), $2, '{"amount":5,"unit":"calendar_days"}')`,
    [campaignId, deadline],
  );
  const subject: ReminderSubject = { kind: 'phase', bureauId: t.bureauId, campaignId, phaseKey: 'seed_selection' };
  const handle = await env.client.workflow.signalWithStart(reminderSeriesWorkflowType, { taskQueue: 'reminder-channels', workflowId: reminderSeriesId(subject), args: [{ subject, deadline: deadline.toISOString() }], signal: deadlineSetSignal, signalArgs: [deadline.toISOString()] });
  expect(await handle.result()).toEqual({ sent: 4 }); // the admin's inbox + three group channels

  const { rows: inbox } = await pool.query<{ title: { zh: string } }>(`select title from notifications where account_id = $1 and kind = 'reminder'`, [t.accounts.admin.id]);
  expect(inbox[0]!.title.zh).toMatch(/^【提醒】标杆种子校圈定.*将于 .* 截止$/);
  const { rows: queued } = await pool.query<{ channel: string; body: string }>(`select channel, body from outbox where bureau_id = $1 order by channel`, [t.bureauId]);
  expect(queued.map((r) => r.channel)).toEqual(['dingtalk', 'email', 'webhook', 'wecom']);
  expect(queued[1]!.body).toContain('https://campaigns.example.cn/campaigns/');

  await createDeliveryActivities({ pool, logger: pino({ level: 'silent' }), smtpUrl: `smtp://127.0.0.1:${smtpPort}` }).dispatchOutbox({ limit: 50, bureauIds: [t.bureauId] });
  expect(mails).toEqual(['wang@bureau.example.cn']);
  expect(hits.sort()).toEqual(['/dingtalk', '/webhook', '/wecom']);
}, 60_000);
