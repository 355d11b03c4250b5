import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { insertTestCampaign, phasesLasting } from '../helpers/campaigns';
import { testPool } from '../helpers/db';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { createTenant, type Tenant } from '../helpers/tenant';

let env: TestWorkflowEnvironment;
let pool: Pool;
let app: Awaited<ReturnType<typeof buildApp>>;
let t: Tenant;
let campaignId: string;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  pool = testPool();
  app = await buildApp({ pool, temporal: env.client, taskQueue: 'notifications-api' });
  t = await createTenant(pool);
  ({ campaignId } = await insertTestCampaign(pool, t.bureauId, phasesLasting(30)));
  await pool.query(
    `insert into phase_instances (campaign_id, phase_key, seq, kind, status, opened_at, deadline_at, duration) values ($1, 'seed_selection', 0, 'seed_selection', 'open', now(), now() + interval '20 days', '{"amount":20,"unit":"calendar_days"}')`,
    [campaignId],
  );
}, 60_000);
afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await pool?.end();
});

it("serves a school user's private calendar feed of its campaigns' deadlines, and a new one replaces it", async () => {
  const made = await app.inject({ method: 'POST', url: '/auth/calendar-feed', headers: t.auth('school') });
  expect(made.statusCode).toBe(201);
  const feed = await app.inject({ method: 'GET', url: made.json().url });
  expect(feed.headers['content-type']).toContain('text/calendar');
  expect(feed.body).toContain('BEGIN:VEVENT');
  expect(feed.body).toContain('截止：标杆种子校圈定（测试活动）');
  const again = await app.inject({ method: 'POST', url: '/auth/calendar-feed', headers: t.auth('school') });
  expect((await app.inject({ method: 'GET', url: made.json().url })).statusCode).toBe(404);
  expect((await app.inject({ method: 'GET', url: again.json().url })).statusCode).toBe(200);
});

it('keeps reminder preferences per person', async () => {
  expect((await app.inject({ method: 'GET', url: '/auth/preferences', headers: t.auth('staff') })).json()).toEqual({ email: true, language: 'zh' });
  await app.inject({ method: 'PUT', url: '/auth/preferences', headers: t.auth('staff'), payload: { email: false, language: 'en' } });
  expect((await app.inject({ method: 'GET', url: '/auth/preferences', headers: t.auth('staff') })).json()).toEqual({ email: false, language: 'en' });
  expect((await app.inject({ method: 'GET', url: '/auth/preferences', headers: t.auth('admin') })).json()).toEqual({ email: true, language: 'zh' });
});

it('shows failed messages first to the bureau admin, who can send them again', async () => {
  const { rows } = await pool.query<{ id: string }>(
    `insert into outbox (bureau_id, channel, recipient, subject, body, dedupe_key, status, attempts, last_error)
     values ($1, 'email', 'x@example.cn', '提醒', '正文', $2, 'failed', 8, 'no SMTP server configured (SMTP_URL)') returning id`,
    [t.bureauId, `notif-test:${Date.now()}`],
  );
  const list = (await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/outbox`, headers: t.auth('admin') })).json();
  expect(list[0]).toMatchObject({ id: rows[0]!.id, status: 'failed', lastError: expect.stringContaining('SMTP') });
  const retried = await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/outbox/retry`, headers: t.auth('admin'), payload: { ids: [rows[0]!.id] } });
  expect(retried.json()).toEqual({ retried: 1 });
  const { rows: after } = await pool.query('select status, attempts from outbox where id = $1', [rows[0]!.id]);
  expect(after[0]).toEqual({ status: 'pending', attempts: 0 });
});

it('adds robots with their secrets kept out of every answer', async () => {
  const missing = await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/channels`, headers: t.auth('admin'), payload: { kind: 'dingtalk', name: '督导室群', url: 'https://oapi.dingtalk.com/robot/send?access_token=x' } });
  expect(missing.json().errors[0].field).toBe('body.secret');
  await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/channels`, headers: t.auth('admin'), payload: { kind: 'dingtalk', name: '督导室群', url: 'https://oapi.dingtalk.com/robot/send?access_token=x', secret: 'SECtopsecret', departmentId: t.departmentId } });
  const listed = await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/channels`, headers: t.auth('admin') });
  expect(listed.json()[0]).toMatchObject({ kind: 'dingtalk', hasSecret: true, departmentId: t.departmentId });
  expect(listed.body).not.toContain('SECtopsecret');
});
