import type { Queryable } from '../pool';

export interface PhaseRow {
  campaign_id: string;
  phase_key: string;
  seq: number;
  kind: string;
  status: 'open' | 'awaiting_approval' | 'approved';
  opened_at: Date;
  deadline_at: Date;
  duration: { amount: number; unit: string };
  closed_at: Date | null;
  approved_at: Date | null;
  approved_by: string | null;
  approval_note: string | null;
  ended_at: Date | null;
}

/** Inserts the phase once; a second call returns the row as first written. */
export async function insertPhaseOnce(
  db: Queryable,
  p: { campaignId: string; phaseKey: string; seq: number; kind: string; openedAt: Date; deadline: Date; duration: unknown },
): Promise<{ row: PhaseRow; inserted: boolean }> {
  const inserted = await db.query<PhaseRow>(
    `insert into phase_instances (campaign_id, phase_key, seq, kind, status, opened_at, deadline_at, duration)
     values ($1, $2, $3, $4, 'open', $5, $6, $7)
     on conflict (campaign_id, phase_key) do nothing
     returning *`,
    [p.campaignId, p.phaseKey, p.seq, p.kind, p.openedAt, p.deadline, JSON.stringify(p.duration)],
  );
  if (inserted.rows[0]) return { row: inserted.rows[0], inserted: true };
  const existing = await getPhase(db, p.campaignId, p.phaseKey);
  if (!existing) throw new Error(`phase ${p.phaseKey} vanished for campaign ${p.campaignId}`);
  return { row: existing, inserted: false };
}

export async function getPhase(db: Queryable, campaignId: string, phaseKey: string, forUpdate = false): Promise<PhaseRow | undefined> {
  const result = await db.query<PhaseRow>(
    `select * from phase_instances where campaign_id = $1 and phase_key = $2${forUpdate ? ' for update' : ''}`,
    [campaignId, phaseKey],
  );
  return result.rows[0];
}

export async function listPhases(db: Queryable, campaignId: string): Promise<PhaseRow[]> {
  const result = await db.query<PhaseRow>('select * from phase_instances where campaign_id = $1 order by seq', [campaignId]);
  return result.rows;
}

export async function closePhaseRow(db: Queryable, campaignId: string, phaseKey: string, at: Date): Promise<boolean> {
  const result = await db.query(
    `update phase_instances set status = 'awaiting_approval', closed_at = $3
      where campaign_id = $1 and phase_key = $2 and status = 'open'`,
    [campaignId, phaseKey, at],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function approvePhaseRow(
  db: Queryable,
  p: { campaignId: string; phaseKey: string; at: Date; approvedBy: string; note: string | null },
): Promise<boolean> {
  const result = await db.query(
    `update phase_instances
        set status = 'approved', approved_at = $3, approved_by = $4, approval_note = $5, ended_at = $3
      where campaign_id = $1 and phase_key = $2 and status = 'awaiting_approval'`,
    [p.campaignId, p.phaseKey, p.at, p.approvedBy, p.note],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Opens a closed phase again (a list re-publicised in a new window) with a new deadline. */
export async function reopenPhaseRow(db: Queryable, campaignId: string, phaseKey: string, deadline: Date): Promise<boolean> {
  const result = await db.query(
    `update phase_instances set status = 'open', closed_at = null, deadline_at = $3
      where campaign_id = $1 and phase_key = $2 and status = 'awaiting_approval'`,
    [campaignId, phaseKey, deadline],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function setPhaseDeadline(db: Queryable, campaignId: string, phaseKey: string, deadline: Date): Promise<void> {
  await db.query(`update phase_instances set deadline_at = $3 where campaign_id = $1 and phase_key = $2 and status = 'open'`, [
    campaignId,
    phaseKey,
    deadline,
  ]);
}
