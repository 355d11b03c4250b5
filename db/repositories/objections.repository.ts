import type { Queryable } from '../pool';

export interface ObjectionRow {
  id: string;
  window_id: string;
  campaign_id: string;
  bureau_id: string;
  submitter_kind: 'school' | 'unit' | 'person';
  submitter: Record<string, string>;
  submitter_account: string | null;
  submitter_school_id: string | null;
  about_school_id: string | null;
  facts: string;
  reasons: string;
  received_at: Date;
  handling_deadline: Date;
  status: 'received' | 'assigned' | 'decided';
  handler_department: string | null;
  outcome: 'upheld' | 'dismissed' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  submitter_notified_at: Date | null;
  idempotency_key: string | null;
  body_hash: string;
}

export async function insertObjection(
  db: Queryable,
  o: Omit<ObjectionRow, 'id' | 'status' | 'handler_department' | 'outcome' | 'decision_reason' | 'decided_by' | 'decided_at' | 'submitter_notified_at'> & { id: string; followKeyHash: Buffer },
): Promise<ObjectionRow | undefined> {
  const { rows } = await db.query<ObjectionRow>(
    `insert into objections (id, window_id, campaign_id, bureau_id, submitter_kind, submitter, submitter_account, submitter_school_id, about_school_id,
                             facts, reasons, received_at, handling_deadline, follow_key_hash, idempotency_key, body_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     on conflict (window_id, idempotency_key) do nothing returning *`,
    [o.id, o.window_id, o.campaign_id, o.bureau_id, o.submitter_kind, JSON.stringify(o.submitter), o.submitter_account, o.submitter_school_id, o.about_school_id,
      o.facts, o.reasons, o.received_at, o.handling_deadline, o.followKeyHash, o.idempotency_key, o.body_hash],
  );
  return rows[0];
}

export async function findByIdempotencyKey(db: Queryable, windowId: string, key: string): Promise<ObjectionRow | undefined> {
  return (await db.query<ObjectionRow>('select * from objections where window_id = $1 and idempotency_key = $2', [windowId, key])).rows[0];
}

export async function getObjection(db: Queryable, id: string): Promise<ObjectionRow | undefined> {
  return (await db.query<ObjectionRow>('select * from objections where id = $1', [id])).rows[0];
}

export async function objectionFollowKeyMatches(db: Queryable, id: string, keyHash: Buffer): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from objections where id = $1 and follow_key_hash = $2', [id, keyHash]);
  return (rowCount ?? 0) > 0;
}

/** The inbox: overdue undecided first, then undecided by deadline, then decided (newest first). */
export async function listObjections(
  db: Queryable,
  f: { campaignId: string; windowId?: string; departmentId?: string; submitterSchoolId?: string; limit?: number; offset?: number },
): Promise<ObjectionRow[]> {
  const { rows } = await db.query<ObjectionRow>(
    `select * from objections
      where campaign_id = $1 and ($2::uuid is null or window_id = $2) and ($3::uuid is null or handler_department = $3)
        and ($4::uuid is null or submitter_school_id = $4)
      order by (status <> 'decided' and handling_deadline < now()) desc, (status = 'decided'), handling_deadline, decided_at desc
      limit $5 offset $6`,
    [f.campaignId, f.windowId ?? null, f.departmentId ?? null, f.submitterSchoolId ?? null, f.limit ?? 200, f.offset ?? 0],
  );
  return rows;
}

export async function countObjections(db: Queryable, campaignId: string): Promise<{ window_id: string; status: string; overdue: boolean; n: number }[]> {
  const { rows } = await db.query<{ window_id: string; status: string; overdue: boolean; n: string }>(
    `select window_id, status, (status <> 'decided' and handling_deadline < now()) as overdue, count(*)::text as n
       from objections where campaign_id = $1 group by 1, 2, 3`,
    [campaignId],
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export async function assignObjection(db: Queryable, id: string, departmentId: string): Promise<ObjectionRow | undefined> {
  const { rows } = await db.query<ObjectionRow>(
    `update objections set handler_department = $2, status = 'assigned' where id = $1 and status <> 'decided' returning *`,
    [id, departmentId],
  );
  return rows[0];
}

export async function decideObjection(db: Queryable, d: { id: string; outcome: 'upheld' | 'dismissed'; reason: string; decidedBy: string; at: Date }): Promise<ObjectionRow | undefined> {
  const { rows } = await db.query<ObjectionRow>(
    `update objections set status = 'decided', outcome = $2, decision_reason = $3, decided_by = $4, decided_at = $5, submitter_notified_at = $5
      where id = $1 and status <> 'decided' returning *`,
    [d.id, d.outcome, d.reason, d.decidedBy, d.at],
  );
  return rows[0];
}

export async function insertRefusal(db: Queryable, r: { windowId: string; receivedAt: Date; reason: string; submitter: unknown; body: unknown }): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'insert into objection_refusals (window_id, received_at, reason, submitter, body) values ($1, $2, $3, $4, $5) returning id',
    [r.windowId, r.receivedAt, r.reason, r.submitter === undefined ? null : JSON.stringify(r.submitter), JSON.stringify(r.body)],
  );
  return rows[0]!.id;
}

export async function insertEvidence(
  db: Queryable,
  e: { bureauId: string; ownerKind: 'application' | 'objection' | 'practice'; ownerId: string; filename: string; contentType: string; data: Buffer; sha256: string },
): Promise<{ id: string }> {
  const { rows } = await db.query<{ id: string }>(
    `insert into evidence_files (bureau_id, owner_kind, owner_id, filename, content_type, size_bytes, sha256, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [e.bureauId, e.ownerKind, e.ownerId, e.filename, e.contentType, e.data.length, e.sha256, e.data],
  );
  return rows[0]!;
}

export async function listEvidence(db: Queryable, ownerKind: string, ownerId: string): Promise<{ id: string; filename: string; content_type: string; size_bytes: number; sha256: string }[]> {
  const { rows } = await db.query(
    'select id, filename, content_type, size_bytes, sha256 from evidence_files where owner_kind = $1 and owner_id = $2 order by created_at',
    [ownerKind, ownerId],
  );
  return rows;
}

export async function insertNotification(
  db: Queryable,
  n: { bureauId: string; accountId?: string | null; departmentId?: string | null; objectionId?: string | null; kind: string; title: unknown; body: unknown; key: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into notifications (bureau_id, account_id, department_id, objection_id, kind, title, body, idempotency_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (idempotency_key) do nothing`,
    [n.bureauId, n.accountId ?? null, n.departmentId ?? null, n.objectionId ?? null, n.kind, JSON.stringify(n.title), JSON.stringify(n.body), n.key],
  );
  return (rowCount ?? 0) > 0;
}

export interface NotificationRow {
  id: string;
  kind: string;
  title: { zh: string; en: string };
  body: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
  department_id: string | null;
}

/** A person's in-app inbox: messages to them, and to their department. */
export async function listNotifications(db: Queryable, accountId: string, departmentId: string | null, limit = 100): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    `select id, kind, title, body, created_at, read_at, department_id from notifications
      where account_id = $1 or ($2::uuid is not null and department_id = $2)
      order by created_at desc limit $3`,
    [accountId, departmentId, limit],
  );
  return rows;
}

export async function markNotificationRead(db: Queryable, id: string, accountId: string, departmentId: string | null): Promise<boolean> {
  const { rowCount } = await db.query(
    `update notifications set read_at = coalesce(read_at, now())
      where id = $1 and (account_id = $2 or ($3::uuid is not null and department_id = $3))`,
    [id, accountId, departmentId],
  );
  return (rowCount ?? 0) > 0;
}
