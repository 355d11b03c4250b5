import type { Queryable } from '../pool';

export interface AuditEventInput {
  bureauId: string;
  campaignId?: string | null;
  actor: string;
  action: string;
  subject: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
  /** Same key, same event: a retry writes nothing twice. */
  idempotencyKey: string;
  occurredAt?: Date;
}

export interface AuditEventRow {
  id: string;
  bureau_id: string;
  campaign_id: string | null;
  actor: string;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
  occurred_at: Date;
}

/** Appends an audit event; must run in the transaction of the change it records. */
export async function appendAuditEvent(db: Queryable, e: AuditEventInput): Promise<boolean> {
  const result = await db.query(
    `insert into audit_events (bureau_id, campaign_id, actor, action, subject, before, after, reason, request_id, idempotency_key, occurred_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11, now()))
     on conflict (idempotency_key) do nothing`,
    [
      e.bureauId,
      e.campaignId ?? null,
      e.actor,
      e.action,
      e.subject,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.reason ?? null,
      e.requestId ?? null,
      e.idempotencyKey,
      e.occurredAt ?? null,
    ],
  );
  return (result.rowCount ?? 0) > 0;
}

// Ordered by the numeric id: the text alias `id` would sort "100" before "99".
export async function listCampaignAudit(db: Queryable, campaignId: string, limit = 500): Promise<AuditEventRow[]> {
  const result = await db.query<AuditEventRow>(
    `select id::text, bureau_id, campaign_id, actor, action, subject, before, after, reason, request_id, occurred_at
       from audit_events where campaign_id = $1 order by audit_events.id limit $2`,
    [campaignId, limit],
  );
  return result.rows;
}
