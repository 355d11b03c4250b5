import { createHmac, randomUUID } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createDeliveryActivities } from '../../activities/delivery.activities';
import { webhookSignature } from '../../notify/channels';
import { ROBOT_POSTS_PER_MINUTE } from '../../notify/dispatch';
import { testPool } from '../helpers/db';
import { createTenant, type Tenant } from '../helpers/tenant';

/** Delivery against real servers started here: an SMTP server and HTTP receivers for robots and webhooks. */
let pool: Pool;
let t: Tenant;
const smtpMessages: { subject: string; messageId: string; to: string }[] = [];
let smtp: SMTPServer;
let smtpPort: number;
const posts: { path: string; query: URLSearchParams; headers: IncomingMessage['headers']; body: string }[] = [];
let receiver: http.Server;
let receiverUrl: string;
let failWebhook = false;

beforeAll(async () => {
  pool = testPool();
  t = await createTenant(pool);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        const header = (name: string) => raw.match(new RegExp(`^${name}: (.*)$`, 'mi'))?.[1]?.trim() ?? '';
        smtpMessages.push({ subject: header('Subject'), messageId: header('Message-ID'), to: session.envelope.rcptTo.map((r) => r.address).join(',') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      posts.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body });
      if (url.pathname === '/webhook' && failWebhook) return res.writeHead(500).end('busy');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await pool?.end();
});

const dispatcher = () => createDeliveryActivities({ pool, logger: pino({ level: 'silent' }), smtpUrl: `smtp://127.0.0.1:${smtpPort}`, claimSeconds: 60 });

async function channel(kind: 'wecom' | 'dingtalk' | 'webhook', path: string, secret: string | null): Promise<string> {
  const { rows } = await pool.query<{ id: string }>('insert into notification_channels (bureau_id, kind, name, url, secret) values ($1, $2, $3, $4, $5) returning id', [t.bureauId, kind, kind, `${receiverUrl}${path}`, secret]);
  return rows[0]!.id;
}

async function queue(channelKind: string, channelId: string | null, recipient: string, n = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const { rows } = await pool.query<{ id: string }>(
      `insert into outbox (bureau_id, channel, channel_id, recipient, subject, body, link, dedupe_key) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [t.bureauId, channelKind, channelId, recipient, `【提醒】异议处理将于 2026-12-10 24:00 截止 #${i}`, `请及时处理 #${i}`, 'http://127.0.0.1:3000/objections/x', `test:${randomUUID()}`],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}
const statuses = async (ids: string[]) => (await pool.query<{ status: string }>('select status from outbox where id = any($1)', [ids])).rows.map((r) => r.status);

it('sends e-mail through the SMTP server, with the outbox id as its Message-ID', async () => {
  const [id] = await queue('email', null, 'principal@school.example.cn');
  await dispatcher().dispatchOutbox({ limit: 50, bureauIds: [t.bureauId] });
  expect(await statuses([id!])).toEqual(['sent']);
  const got = smtpMessages.find((m) => m.messageId === `<${id}@campaign-engine>`);
  expect(got?.to).toBe('principal@school.example.cn');
  expect(got?.subject).toMatch(/^=\?UTF-8\?/i); // a Chinese subject, MIME-encoded
});

it('signs webhooks with HMAC and 钉钉 requests with its timestamp signature', async () => {
  const webhookSecret = 'whsec-test-secret';
  const dingSecret = 'SECdingtalk-test-secret';
  const [hook] = await queue('webhook', await channel('webhook', '/webhook', webhookSecret), 'x');
  const [ding] = await queue('dingtalk', await channel('dingtalk', '/robot/send?access_token=abc', dingSecret), 'x');
  await dispatcher().dispatchOutbox({ limit: 50, bureauIds: [t.bureauId] });
  expect(await statuses([hook!, ding!])).toEqual(['sent', 'sent']);
  const w = posts.find((p) => p.path === '/webhook')!;
  expect(w.headers['x-campaigns-signature']).toBe(webhookSignature(webhookSecret, String(w.headers['x-campaigns-timestamp']), w.body));
  expect(JSON.parse(w.body).id).toBe(hook);
  const d = posts.find((p) => p.path === '/robot/send')!;
  const expected = createHmac('sha256', dingSecret).update(`${d.query.get('timestamp')}\n${dingSecret}`).digest('base64');
  expect(d.query.get('sign')).toBe(expected);
  expect(d.query.get('access_token')).toBe('abc');
  expect(JSON.parse(d.body)).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringContaining('异议处理') } });
});

it(`keeps a robot within ${ROBOT_POSTS_PER_MINUTE} posts a minute by merging messages, and drops none`, async () => {
  const robot = await channel('wecom', '/wecom', null);
  const ids = await queue('wecom', robot, robot, 250);
  const before = posts.filter((p) => p.path === '/wecom').length;
  const first = await dispatcher().dispatchOutbox({ limit: 500, bureauIds: [t.bureauId] });
  const firstPosts = posts.filter((p) => p.path === '/wecom').length - before;
  expect(firstPosts).toBe(ROBOT_POSTS_PER_MINUTE);
  expect(first.sent).toBe(200);
  expect(first.deferred).toBe(50);
  // A minute later (moved back rather than waited for), the rest goes out.
  await pool.query(`update robot_sends set sent_at = sent_at - interval '61 seconds' where channel_id = $1`, [robot]);
  await pool.query(`update outbox set next_attempt_at = now() where id = any($1) and status = 'pending'`, [ids]);
  await dispatcher().dispatchOutbox({ limit: 500, bureauIds: [t.bureauId] });
  expect(new Set(await statuses(ids))).toEqual(new Set(['sent']));
  const delivered = posts.filter((p) => p.path === '/wecom').slice(before).map((p) => JSON.parse(p.body).markdown.content as string).join('\n');
  for (let i = 0; i < 250; i += 1) expect(delivered).toContain(`#${i}\n`);
});

it('backs off after a failure, shows it to the bureau admin after the last attempt, and retries on request', async () => {
  const hook = await channel('webhook', '/webhook', 'whsec-2');
  const [id] = await queue('webhook', hook, hook);
  failWebhook = true;
  await dispatcher().dispatchOutbox({ limit: 50, bureauIds: [t.bureauId] });
  const { rows } = await pool.query<{ status: string; attempts: number; wait: number }>(`select status, attempts, extract(epoch from next_attempt_at - now())::int as wait from outbox where id = $1`, [id]);
  expect(rows[0]).toMatchObject({ status: 'pending', attempts: 1 });
  expect(rows[0]!.wait).toBeGreaterThanOrEqual(25);
  // Exhaust the attempts.
  for (let i = 0; i < 8; i += 1) {
    await pool.query(`update outbox set next_attempt_at = now() where id = $1`, [id]);
    await dispatcher().dispatchOutbox({ limit: 50, bureauIds: [t.bureauId] });
  }
  expect(await statuses([id!])).toEqual(['failed']);
  failWebhook = false;
  await pool.query(`update outbox set status = 'pending', attempts = 0, next_attempt_at = now() where id = $1`, [id]);
  await dispatcher().dispatchOutbox({ limit: 50, bureauIds: [t.bureauId] });
  expect(await statuses([id!])).toEqual(['sent']);
});
