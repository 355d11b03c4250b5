import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { sendDingtalk, sendWebhook, sendWecom, type OutMessage } from './channels';

/** A group robot takes about 20 posts a minute; more messages than that are merged, never dropped. */
export const ROBOT_POSTS_PER_MINUTE = 20;
export const MESSAGES_PER_ROBOT_POST = 10;
export const MAX_ATTEMPTS = 8;

interface OutboxRow {
  id: string;
  channel: 'email' | 'wecom' | 'dingtalk' | 'webhook';
  channel_id: string | null;
  recipient: string;
  subject: string;
  body: string;
  link: string | null;
  attempts: number;
}

export interface DispatchDeps {
  pool: Pool;
  logger: Logger;
  sendEmail: (to: string, m: OutMessage) => Promise<void>;
  claimSeconds: number;
  /** Called after each message or post, so a dead worker's batch is noticed and taken over. */
  heartbeat?: () => void;
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  deferred: number;
}

/** Exponential backoff: 30 s, 1 min, 2 min … at most an hour. */
export const backoffSeconds = (attempts: number): number => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

/**
 * Sends what is due in the outbox, once per call. Rows are claimed with SKIP LOCKED, so several
 * workers share the work; a row claimed by a worker that died is claimed again after
 * `claimSeconds`. Failures are retried with backoff and, after MAX_ATTEMPTS, left failed for the
 * bureau admin to see and retry.
 */
export async function dispatchOutbox(deps: DispatchDeps, limit = 200, bureauIds?: string[]): Promise<DispatchResult> {
  const { pool } = deps;
  const { rows } = await pool.query<OutboxRow>(
    `update outbox set status = 'sending', claimed_at = now(), attempts = attempts + 1
      where id in (select id from outbox
                    where ((status = 'pending' and next_attempt_at <= now())
                       or (status = 'sending' and claimed_at < now() - make_interval(secs => $2)))
                      and ($3::uuid[] is null or bureau_id = any($3))
                    order by next_attempt_at limit $1 for update skip locked)
      returning id, channel, channel_id, recipient, subject, body, link, attempts`,
    [limit, deps.claimSeconds, bureauIds ?? null],
  );
  const result: DispatchResult = { claimed: rows.length, sent: 0, retrying: 0, failed: 0, deferred: 0 };
  const sent = async (ids: string[]) => {
    await pool.query(`update outbox set status = 'sent', sent_at = now(), last_error = null where id = any($1)`, [ids]);
    result.sent += ids.length;
    deps.heartbeat?.();
  };
  const failedWith = async (batch: OutboxRow[], err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    for (const r of batch) {
      if (r.attempts >= MAX_ATTEMPTS) {
        await pool.query(`update outbox set status = 'failed', last_error = $2 where id = $1`, [r.id, message]);
        result.failed += 1;
      } else {
        await pool.query(`update outbox set status = 'pending', last_error = $2, next_attempt_at = now() + make_interval(secs => $3) where id = $1`, [r.id, message, backoffSeconds(r.attempts)]);
        result.retrying += 1;
      }
    }
    deps.logger.warn({ ids: batch.map((r) => r.id), err: message }, 'delivery failed');
  };
  const message = (r: OutboxRow): OutMessage => ({ id: r.id, subject: r.subject, body: r.body, link: r.link });

  for (const r of rows.filter((x) => x.channel === 'email')) {
    try {
      await deps.sendEmail(r.recipient, message(r));
      await sent([r.id]);
    } catch (err) {
      await failedWith([r], err);
    }
  }

  const byChannel = new Map<string, OutboxRow[]>();
  for (const r of rows.filter((x) => x.channel !== 'email')) byChannel.set(r.channel_id!, [...(byChannel.get(r.channel_id!) ?? []), r]);
  for (const [channelId, batch] of byChannel) {
    const { rows: chs } = await pool.query<{ kind: string; url: string; secret: string | null; enabled: boolean }>('select kind, url, secret, enabled from notification_channels where id = $1', [channelId]);
    const ch = chs[0];
    if (!ch || !ch.enabled) {
      await failedWith(batch.map((r) => ({ ...r, attempts: MAX_ATTEMPTS })), new Error('channel removed or disabled'));
      continue;
    }
    if (ch.kind === 'webhook') {
      for (const r of batch) {
        try {
          await sendWebhook(ch.url, ch.secret!, message(r));
          await sent([r.id]);
        } catch (err) {
          await failedWith([r], err);
        }
      }
      continue;
    }
    // A robot: merge messages into at most the posts its per-minute budget still allows.
    const { rows: recent } = await pool.query<{ n: string; oldest: Date | null }>(
      `select count(*)::text as n, min(sent_at) as oldest from robot_sends where channel_id = $1 and sent_at > now() - interval '1 minute'`,
      [channelId],
    );
    const budget = ROBOT_POSTS_PER_MINUTE - Number(recent[0]!.n);
    const posts: OutboxRow[][] = [];
    for (let i = 0; i < batch.length; i += MESSAGES_PER_ROBOT_POST) posts.push(batch.slice(i, i + MESSAGES_PER_ROBOT_POST));
    const now = posts.slice(0, Math.max(0, budget));
    const later = posts.slice(Math.max(0, budget)).flat();
    if (later.length > 0) {
      // Not a failure: wait for the robot's minute to free up.
      const waitSeconds = recent[0]!.oldest ? Math.max(1, 60 - Math.floor((Date.now() - recent[0]!.oldest.getTime()) / 1000)) : 60;
      await pool.query(`update outbox set status = 'pending', attempts = attempts - 1, next_attempt_at = now() + make_interval(secs => $2) where id = any($1)`, [later.map((r) => r.id), waitSeconds]);
      result.deferred += later.length;
    }
    for (const post of now) {
      try {
        await pool.query('insert into robot_sends (channel_id) values ($1)', [channelId]);
        if (ch.kind === 'dingtalk') await sendDingtalk(ch.url, ch.secret!, post.map(message));
        else await sendWecom(ch.url, post.map(message));
        await sent(post.map((r) => r.id));
      } catch (err) {
        await failedWith(post, err);
      }
    }
  }
  return result;
}
