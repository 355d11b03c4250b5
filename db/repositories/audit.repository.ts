import type { Pool } from 'pg';
import type { Queryable } from '../pool';

export interface AuditEventInput {
  bureauId: string;
  campaignId?: string | null;
  /** Who acted, as a person reads it: "张三 (yq-admin)", or "system" for the workflow's own steps. */
  actor: string;
  actorAccountId?: string | null;
  action: string;
  subject: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** SHA-256 (hex) of a published document, so a printed copy can be checked against the chain. */
  contentHash?: string | null;
  requestId?: string | null;
  /** Same key, same event: a retry writes nothing twice. */
  idempotencyKey: string;
  occurredAt?: Date;
}

export interface AuditEventRow {
  id: string;
  seq: string;
  bureau_id: string;
  campaign_id: string | null;
  actor: string;
  actor_account_id: string | null;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  content_hash: string | null;
  request_id: string | null;
  occurred_at: Date;
  prev_hash: string | null;
  hash: string;
}

/**
 * Appends an audit event; must run in the transaction of the change it records. The database
 * chains it (seq, previous hash, hash) in a trigger; nobody can update or delete it afterwards.
 */
export async function appendAuditEvent(db: Queryable, e: AuditEventInput): Promise<boolean> {
  const result = await db.query(
    `insert into audit_events (bureau_id, campaign_id, actor, actor_account_id, action, subject, before, after, reason, content_hash, request_id, idempotency_key, occurred_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce($13, now()))
     on conflict (idempotency_key) do nothing`,
    [
      e.bureauId,
      e.campaignId ?? null,
      e.actor,
      e.actorAccountId ?? null,
      e.action,
      e.subject,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.reason ?? null,
      e.contentHash ?? null,
      e.requestId ?? null,
      e.idempotencyKey,
      e.occurredAt ?? null,
    ],
  );
  return (result.rowCount ?? 0) > 0;
}

// Ordering is always by e.seq: the text alias `seq` would sort "10" before "2".
const columns = `id::text, seq::text, bureau_id, campaign_id, actor, actor_account_id, action, subject, before, after, reason,
  content_hash, request_id, occurred_at, prev_hash, hash`;

export const campaignChain = (campaignId: string) => `campaign:${campaignId}`;
export const bureauChain = (bureauId: string) => `bureau:${bureauId}`;

/** One chain's events in chain order (a campaign's, or a bureau's events outside campaigns). */
export async function listChain(db: Queryable, chain: string, opts: { afterSeq?: number; limit?: number } = {}): Promise<AuditEventRow[]> {
  const result = await db.query<AuditEventRow>(
    `select ${columns} from audit_events e where chain = $1 and e.seq > $2 order by e.seq limit $3`,
    [chain, opts.afterSeq ?? 0, opts.limit ?? 500],
  );
  return result.rows;
}

export async function listCampaignAudit(db: Queryable, campaignId: string, limit = 500): Promise<AuditEventRow[]> {
  return listChain(db, campaignChain(campaignId), { limit });
}

export async function findByContentHash(db: Queryable, chain: string, contentHash: string): Promise<AuditEventRow[]> {
  const result = await db.query<AuditEventRow>(`select ${columns} from audit_events e where chain = $1 and content_hash = $2 order by e.seq`, [chain, contentHash]);
  return result.rows;
}

export type ChainBreak =
  | 'content_changed' // the event's content no longer matches its hash
  | 'link_broken' // its previous-hash does not match the event before it
  | 'events_missing' // a gap in the sequence: events were removed
  | 'head_mismatch'; // the chain's recorded head is not its last event: the tail was removed or replaced

export interface ChainVerification {
  chain: string;
  ok: boolean;
  events: number;
  headSeq: number;
  headHash: string | null;
  firstBroken: { seq: number; eventId: string | null; problem: ChainBreak } | null;
}

/**
 * Recomputes every event's hash with the same database function that wrote it and checks each
 * link, in chain order; reports the first broken one.
 */
export async function verifyChain(pool: Pool, chain: string): Promise<ChainVerification> {
  // One snapshot for the events and the head, so an event committed in between is no false alarm.
  const db = await pool.connect();
  try {
    await db.query('begin isolation level repeatable read read only');
    const verification = await verifyInSnapshot(db, chain);
    await db.query('commit');
    return verification;
  } finally {
    await db.query('rollback').catch(() => undefined);
    db.release();
  }
}

async function verifyInSnapshot(db: Queryable, chain: string): Promise<ChainVerification> {
  const { rows } = await db.query<{ id: string; seq: string; recomputed_ok: boolean; prev_hash: string | null; prev_actual: string | null; prev_seq: string | null; hash: string }>(
    `select id::text, seq::text, hash = audit_event_hash(e) as recomputed_ok, prev_hash,
            lag(hash) over (order by e.seq) as prev_actual, lag(e.seq) over (order by e.seq)::text as prev_seq, hash
       from audit_events e where chain = $1 order by e.seq`,
    [chain],
  );
  const head = (await db.query<{ seq: string; hash: string }>('select seq::text, hash from audit_chain_heads where chain = $1', [chain])).rows[0];
  const result = (firstBroken: ChainVerification['firstBroken']): ChainVerification => ({
    chain,
    ok: firstBroken === null,
    events: rows.length,
    headSeq: head ? Number(head.seq) : 0,
    headHash: head?.hash || null,
    firstBroken,
  });
  let expectedSeq = 1;
  for (const r of rows) {
    const seq = Number(r.seq);
    if (seq !== expectedSeq) return result({ seq: expectedSeq, eventId: null, problem: 'events_missing' });
    if (!r.recomputed_ok) return result({ seq, eventId: r.id, problem: 'content_changed' });
    if ((r.prev_hash ?? null) !== (r.prev_actual ?? null)) return result({ seq, eventId: r.id, problem: 'link_broken' });
    expectedSeq = seq + 1;
  }
  const last = rows.at(-1);
  const headSeq = head ? Number(head.seq) : 0;
  if (headSeq !== rows.length || (last && head?.hash !== last.hash)) {
    return result({ seq: Math.min(headSeq, rows.length) + 1, eventId: null, problem: 'head_mismatch' });
  }
  return result(null);
}

/** Every chain in a bureau (its own and its campaigns'), for the verification command. */
export async function listChains(db: Queryable, bureauId?: string): Promise<string[]> {
  const { rows } = await db.query<{ chain: string }>(
    // The heads too: a chain whose events were all removed still has its head, and must be checked.
    `select chain from audit_events where $1::uuid is null or bureau_id = $1
     union
     select chain from audit_chain_heads where $1::uuid is null or chain = 'bureau:' || $1::text
        or chain in (select 'campaign:' || id::text from campaigns where bureau_id = $1)
     order by chain`,
    [bureauId ?? null],
  );
  return rows.map((r) => r.chain);
}

/**
 * Appends the audit event of a change made just now (a request, a command): its key is new, so
 * finding it already written means something is wrong, and the change is rolled back with it.
 */
export async function recordAuditEvent(db: Queryable, e: AuditEventInput): Promise<void> {
  if (!(await appendAuditEvent(db, e))) throw new Error(`audit event ${e.idempotencyKey} was already recorded; refusing to change without an audit trail`);
}
