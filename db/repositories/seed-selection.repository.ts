import type { Queryable } from '../pool';

export interface NominationRow {
  campaign_id: string;
  school_id: string;
  department_id: string;
  indicators: string[];
  reasons: string;
  nominated_by: string;
  nominated_at: Date;
}

export interface ApplicationRow {
  id: string;
  campaign_id: string;
  school_id: string;
  bureau_id: string;
  self_assessment: Record<string, { level: string; note?: string }>;
  statement: string;
  status: 'submitted' | 'passed' | 'rejected';
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  submitted_by: string;
  submitted_at: Date;
}

export async function insertNomination(db: Queryable, n: { campaignId: string; schoolId: string; departmentId: string; bureauId: string; indicators: string[]; reasons: string; by: string }): Promise<NominationRow | undefined> {
  const { rows } = await db.query<NominationRow>(
    `insert into nominations (campaign_id, school_id, department_id, bureau_id, indicators, reasons, nominated_by)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing returning *`,
    [n.campaignId, n.schoolId, n.departmentId, n.bureauId, n.indicators, n.reasons, n.by],
  );
  return rows[0];
}

export async function listNominations(db: Queryable, campaignId: string): Promise<(NominationRow & { school_name: string; department_name: string })[]> {
  const { rows } = await db.query(
    `select n.*, s.name as school_name, d.name as department_name from nominations n
       join schools s on s.id = n.school_id join departments d on d.id = n.department_id
      where n.campaign_id = $1 order by s.district, s.code, d.code`,
    [campaignId],
  );
  return rows as (NominationRow & { school_name: string; department_name: string })[];
}

export async function isNominated(db: Queryable, campaignId: string, schoolId: string): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from nominations where campaign_id = $1 and school_id = $2 limit 1', [campaignId, schoolId]);
  return (rowCount ?? 0) > 0;
}

export async function insertApplication(db: Queryable, a: { id: string; campaignId: string; schoolId: string; bureauId: string; selfAssessment: unknown; statement: string; by: string }): Promise<ApplicationRow | undefined> {
  const { rows } = await db.query<ApplicationRow>(
    `insert into applications (id, campaign_id, school_id, bureau_id, self_assessment, statement, submitted_by)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (campaign_id, school_id) do nothing returning *`,
    [a.id, a.campaignId, a.schoolId, a.bureauId, JSON.stringify(a.selfAssessment), a.statement, a.by],
  );
  return rows[0];
}

export async function getApplication(db: Queryable, id: string): Promise<ApplicationRow | undefined> {
  return (await db.query<ApplicationRow>('select * from applications where id = $1', [id])).rows[0];
}

export async function listApplications(db: Queryable, campaignId: string, schoolId?: string): Promise<ApplicationRow[]> {
  const { rows } = await db.query<ApplicationRow>(
    'select * from applications where campaign_id = $1 and ($2::uuid is null or school_id = $2) order by submitted_at',
    [campaignId, schoolId ?? null],
  );
  return rows;
}

export async function decideApplication(db: Queryable, d: { id: string; outcome: 'passed' | 'rejected'; reason: string | null; by: string }): Promise<ApplicationRow | undefined> {
  const { rows } = await db.query<ApplicationRow>(
    `update applications set status = $2, decision_reason = $3, decided_by = $4, decided_at = now() where id = $1 and status = 'submitted' returning *`,
    [d.id, d.outcome, d.reason, d.by],
  );
  return rows[0];
}

/** The campaign's phase of a kind and its state, from the database (the API's view of the workflow). */
export async function phaseOfKind(db: Queryable, campaignId: string, kind: string): Promise<{ phase_key: string; status: string; deadline_at: Date } | undefined> {
  const { rows } = await db.query<{ phase_key: string; status: string; deadline_at: Date }>(
    'select phase_key, status, deadline_at from phase_instances where campaign_id = $1 and kind = $2 order by seq limit 1',
    [campaignId, kind],
  );
  return rows[0];
}
