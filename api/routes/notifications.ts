import { randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashToken } from '../../auth/credentials';
import { withTransaction } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { listDepartments } from '../../db/repositories/bureaus.repository';
import { allow, PUBLIC, SIGNED_IN, type Actor } from '../../domain/access';
import { shanghaiDate } from '../../domain/calendar';
import { actorOf, auditBy } from '../actor';
import { invalidField, notFound } from '../errors';
import { bureauParams } from '../schemas';

const channelBody = z
  .object({
    kind: z.enum(['wecom', 'dingtalk', 'webhook']).describe('wecom 企业微信群机器人, dingtalk 钉钉群机器人, webhook (HMAC-signed POST)'),
    name: z.string().trim().min(1).max(100),
    url: z.string().url().regex(/^https?:\/\//),
    secret: z.string().min(8).max(200).optional().describe('钉钉: the robot\'s signing secret (加签); webhook: the HMAC key'),
    departmentId: z.string().uuid().optional().describe("A department's group; omitted: the bureau's own group"),
  })
  .refine((b) => b.kind === 'wecom' || !!b.secret, { message: '钉钉机器人与 webhook 须填写密钥 / a secret is required', path: ['secret'] });
const outboxQuery = z.object({ status: z.enum(['pending', 'sending', 'sent', 'failed']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
const retryBody = z.object({ ids: z.array(z.string().uuid()).min(1).max(500) });
const preferencesBody = z.object({ email: z.boolean().describe('E-mail reminders to the address on the account'), language: z.enum(['zh', 'en']) });
const feedParams = z.object({ feedToken: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

/** Where reminders go: the bureau's robots and webhooks, the outbox, a person's preferences and calendar feed. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;
  const admin = allow('bureau_admin');

  app.get('/bureaus/:bureauId/channels', { schema: { tags: ['notifications'], summary: "The bureau's group robots and webhooks (secrets not shown)", params: bureauParams }, config: { access: admin } }, async (req) => {
    const { rows } = await pool.query('select id, kind, name, url, department_id as "departmentId", enabled, created_at as "createdAt", secret is not null as "hasSecret" from notification_channels where bureau_id = $1 order by created_at', [req.params.bureauId]);
    return rows;
  });

  app.post('/bureaus/:bureauId/channels', { schema: { tags: ['notifications'], summary: 'Add a group robot (企业微信 / 钉钉) or a webhook', params: bureauParams, body: channelBody }, config: { access: admin } }, async (req, reply) => {
    const { bureauId } = req.params;
    if (req.body.departmentId && !(await listDepartments(pool, bureauId)).some((d) => d.id === req.body.departmentId)) throw invalidField('body.departmentId', '本局没有该科室', 'no such department in this bureau');
    const row = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        'insert into notification_channels (bureau_id, department_id, kind, name, url, secret) values ($1, $2, $3, $4, $5, $6) returning id',
        [bureauId, req.body.departmentId ?? null, req.body.kind, req.body.name, req.body.url, req.body.secret ?? null],
      );
      await recordAuditEvent(tx, { bureauId, ...auditBy(req), action: 'channel.added', subject: `channel:${rows[0]!.id}`, after: { kind: req.body.kind, name: req.body.name, departmentId: req.body.departmentId ?? null }, idempotencyKey: `channel:${rows[0]!.id}:added` });
      return rows[0]!;
    });
    return reply.code(201).send({ id: row.id, kind: req.body.kind, name: req.body.name });
  });

  app.post('/bureaus/:bureauId/channels/test', { schema: { tags: ['notifications'], summary: 'Send a test message through every enabled channel and to your own e-mail', params: bureauParams }, config: { access: admin } }, async (req) => {
    const actor = actorOf(req);
    const run = randomBytes(6).toString('hex');
    const subject = '【测试】提醒通道工作正常 / Test: this channel works';
    const body = `这是一条测试消息：${actor.displayName} 于 ${new Date().toISOString()} 发送。/ A test message sent by ${actor.displayName}.`;
    const queued = await withTransaction(pool, async (tx) => {
      const { rowCount: viaChannels } = await tx.query(
        `insert into outbox (bureau_id, channel, channel_id, recipient, subject, body, dedupe_key)
         select bureau_id, kind, id, id::text, $2, $3, 'test:' || $4 || ':' || id from notification_channels where bureau_id = $1 and enabled`,
        [req.params.bureauId, subject, body, run],
      );
      const { rowCount: viaEmail } = await tx.query(
        `insert into outbox (bureau_id, channel, account_id, recipient, subject, body, dedupe_key)
         select bureau_id, 'email', id, email, $2, $3, 'test:' || $4 || ':email' from accounts where id = $1 and email is not null`,
        [actor.accountId, subject, body, run],
      );
      return (viaChannels ?? 0) + (viaEmail ?? 0);
    });
    return { queued };
  });

  app.get('/bureaus/:bureauId/outbox', { schema: { tags: ['notifications'], summary: 'Messages to send and sent, failed ones first', params: bureauParams, querystring: outboxQuery }, config: { access: admin } }, async (req) => {
    const { rows } = await pool.query(
      `select id, channel, recipient, subject, status, attempts, last_error as "lastError", next_attempt_at as "nextAttemptAt", sent_at as "sentAt", created_at as "createdAt"
         from outbox where bureau_id = $1 and ($2::text is null or status = $2)
        order by (status = 'failed') desc, created_at desc limit $3`,
      [req.params.bureauId, req.query.status ?? null, req.query.limit],
    );
    return rows;
  });

  app.post('/bureaus/:bureauId/outbox/retry', { schema: { tags: ['notifications'], summary: 'Send failed messages again', params: bureauParams, body: retryBody }, config: { access: admin } }, async (req) => {
    const retried = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `update outbox set status = 'pending', attempts = 0, next_attempt_at = now(), last_error = null
          where bureau_id = $1 and id = any($2) and status = 'failed' returning id`,
        [req.params.bureauId, req.body.ids],
      );
      if (rows.length > 0) await recordAuditEvent(tx, { bureauId: req.params.bureauId, ...auditBy(req), action: 'outbox.retried', subject: `bureau:${req.params.bureauId}`, after: { ids: rows.map((r) => r.id) }, idempotencyKey: `outbox:retry:${randomBytes(8).toString('hex')}` });
      return rows.length;
    });
    return { retried };
  });

  app.get('/auth/preferences', { schema: { tags: ['notifications'], summary: 'Your reminder preferences' }, config: { access: SIGNED_IN } }, async (req) => {
    const { rows } = await pool.query<{ email: boolean; language: string }>('select email, language from notification_preferences where account_id = $1', [actorOf(req).accountId]);
    return rows[0] ?? { email: true, language: 'zh' };
  });

  app.put('/auth/preferences', { schema: { tags: ['notifications'], summary: 'Set your reminder preferences (the in-app inbox is always on)', body: preferencesBody }, config: { access: SIGNED_IN } }, async (req) => {
    await pool.query(
      `insert into notification_preferences (account_id, email, language) values ($1, $2, $3)
       on conflict (account_id) do update set email = excluded.email, language = excluded.language, updated_at = now()`,
      [actorOf(req).accountId, req.body.email, req.body.language],
    );
    return req.body;
  });

  app.post('/auth/calendar-feed', { schema: { tags: ['notifications'], summary: 'A private iCalendar feed URL of your upcoming deadlines (replaces the previous one)' }, config: { access: SIGNED_IN } }, async (req, reply) => {
    const actor = actorOf(req);
    const token = randomBytes(24).toString('base64url');
    await withTransaction(pool, async (tx) => {
      await tx.query('update calendar_feeds set revoked_at = now() where account_id = $1 and revoked_at is null', [actor.accountId]);
      await tx.query('insert into calendar_feeds (account_id, token_hash) values ($1, $2)', [actor.accountId, hashToken(token)]);
    });
    return reply.code(201).send({ url: `/feeds/${token}`, note: { zh: '请妥善保管此链接：持有者可看到您的截止事项', en: 'Keep this link private: whoever has it sees your deadlines' } });
  });

  app.get('/feeds/:feedToken', { schema: { tags: ['notifications'], summary: 'An iCalendar feed (text/calendar) of upcoming deadlines', params: feedParams, security: [] }, config: { access: PUBLIC } }, async (req, reply) => {
    const { rows } = await pool.query<{ id: string; bureau_id: string; role: Actor['role']; department_id: string | null; school_id: string | null; display_name: string }>(
      `select a.id, a.bureau_id, a.role, a.department_id, a.school_id, a.display_name from calendar_feeds f join accounts a on a.id = f.account_id
        where f.token_hash = $1 and f.revoked_at is null and a.disabled_at is null`,
      [hashToken(req.params.feedToken)],
    );
    const who = rows[0];
    if (!who) throw notFound({ zh: '日历订阅', en: 'Calendar feed' });
    const calendar = ical({ name: `截止事项 Deadlines · ${who.display_name}`, timezone: 'Asia/Shanghai', prodId: { company: 'campaign-engine', product: 'deadlines', language: 'ZH' } });
    for (const d of await deadlinesFor(who)) {
      const day = shanghaiDate(d.deadline.getTime() - 1);
      calendar.createEvent({ id: d.uid, start: new Date(`${day}T00:00:00+08:00`), allDay: true, summary: d.summary, description: d.description });
    }
    return reply.type('text/calendar; charset=utf-8').send(calendar.toString());
  });

  /** Upcoming deadlines a person should see: open phases of their campaigns; for staff and admins, undecided objections. */
  async function deadlinesFor(who: { id: string; bureau_id: string; role: Actor['role']; department_id: string | null; school_id: string | null }) {
    const out: { uid: string; deadline: Date; summary: string; description: string }[] = [];
    const { rows: phases } = await pool.query<{ campaign_id: string; phase_key: string; deadline_at: Date; campaign: string; template: { phases: { key: string; name: { zh: string; en: string } }[] } }>(
      `select p.campaign_id, p.phase_key, p.deadline_at, c.name as campaign, c.template from phase_instances p join campaigns c on c.id = p.campaign_id
        where c.bureau_id = $1 and p.status = 'open' and p.deadline_at > now()
          and ($2::uuid is null or exists (select 1 from campaign_schools cs where cs.campaign_id = c.id and cs.school_id = $2))
          and ($3::uuid is null or exists (select 1 from reviewer_assignments r where r.campaign_id = c.id and r.reviewer_id = $3))`,
      [who.bureau_id, who.role === 'school' ? who.school_id : null, who.role === 'reviewer' ? who.id : null],
    );
    for (const p of phases) {
      const name = p.template.phases.find((x) => x.key === p.phase_key)?.name ?? { zh: p.phase_key, en: p.phase_key };
      out.push({ uid: `phase-${p.campaign_id}-${p.phase_key}-${p.deadline_at.getTime()}@campaign-engine`, deadline: p.deadline_at, summary: `截止：${name.zh}（${p.campaign}）`, description: `${name.en} ends 24:00 Beijing time` });
    }
    if (who.role === 'bureau_admin' || who.role === 'department_staff') {
      const { rows: objections } = await pool.query<{ id: string; handling_deadline: Date; campaign: string }>(
        `select o.id, o.handling_deadline, c.name as campaign from objections o join campaigns c on c.id = o.campaign_id
          where o.bureau_id = $1 and o.status <> 'decided' and ($2::uuid is null or o.handler_department = $2)`,
        [who.bureau_id, who.role === 'department_staff' ? who.department_id : null],
      );
      for (const o of objections) out.push({ uid: `objection-${o.id}@campaign-engine`, deadline: o.handling_deadline, summary: `异议处理截止（${o.campaign}）`, description: `Objection due; /objections/${o.id}` });
    }
    return out.sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  }

};

export default routes;
