import type { ReviewerProfile } from '../../domain/recusal';
import type { Queryable } from '../pool';

export async function getReviewerProfile(db: Queryable, reviewerId: string): Promise<ReviewerProfile> {
  const [account, conflicts] = await Promise.all([
    db.query<{ school_id: string | null }>('select school_id from accounts where id = $1', [reviewerId]),
    db.query<{ school_id: string; reason: string }>('select school_id, reason from reviewer_conflicts where reviewer_id = $1 order by declared_at', [reviewerId]),
  ]);
  return { schoolId: account.rows[0]?.school_id ?? null, conflicts: conflicts.rows.map((c) => ({ schoolId: c.school_id, reason: c.reason })) };
}

/** Records a declared conflict; false when one was already declared for that school. */
export async function insertConflict(db: Queryable, c: { bureauId: string; reviewerId: string; schoolId: string; reason: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into reviewer_conflicts (bureau_id, reviewer_id, school_id, reason) values ($1, $2, $3, $4) on conflict do nothing`,
    [c.bureauId, c.reviewerId, c.schoolId, c.reason],
  );
  return (rowCount ?? 0) > 0;
}

export async function listAssignedSchoolIds(db: Queryable, campaignId: string, reviewerId: string): Promise<string[]> {
  const { rows } = await db.query<{ school_id: string }>(
    'select school_id from reviewer_assignments where campaign_id = $1 and reviewer_id = $2 order by school_id',
    [campaignId, reviewerId],
  );
  return rows.map((r) => r.school_id);
}

export interface AssignmentRow {
  reviewer_id: string;
  reviewer_name: string;
  school_id: string;
  school_name: string;
  assigned_at: Date;
}

export async function listAssignments(db: Queryable, campaignId: string, reviewerId?: string): Promise<AssignmentRow[]> {
  const { rows } = await db.query<AssignmentRow>(
    `select r.reviewer_id, a.display_name as reviewer_name, r.school_id, s.name as school_name, r.assigned_at
       from reviewer_assignments r join accounts a on a.id = r.reviewer_id join schools s on s.id = r.school_id
      where r.campaign_id = $1 and ($2::uuid is null or r.reviewer_id = $2)
      order by a.display_name, s.code`,
    [campaignId, reviewerId ?? null],
  );
  return rows;
}

/** Makes the reviewer's assignments in a campaign exactly `schoolIds`; returns the previous set. */
export async function replaceAssignments(db: Queryable, a: { campaignId: string; bureauId: string; reviewerId: string; schoolIds: string[] }): Promise<string[]> {
  const before = await listAssignedSchoolIds(db, a.campaignId, a.reviewerId);
  await db.query('delete from reviewer_assignments where campaign_id = $1 and reviewer_id = $2 and not (school_id = any($3))', [a.campaignId, a.reviewerId, a.schoolIds]);
  await db.query(
    `insert into reviewer_assignments (campaign_id, reviewer_id, school_id, bureau_id)
     select $1, $2, unnest($3::uuid[]), $4 on conflict do nothing`,
    [a.campaignId, a.reviewerId, a.schoolIds, a.bureauId],
  );
  return before;
}

export async function hasAssignmentsIn(db: Queryable, campaignId: string, reviewerId: string): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from reviewer_assignments where campaign_id = $1 and reviewer_id = $2 limit 1', [campaignId, reviewerId]);
  return (rowCount ?? 0) > 0;
}
