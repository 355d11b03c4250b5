import type { Queryable } from '../pool';

export interface CampaignRow {
  id: string;
  bureau_id: string;
  name: string;
  template_key: string;
  template: unknown;
  settings: Record<string, unknown>;
  status: 'draft' | 'running' | 'completed' | 'failed' | 'cancelled';
  workflow_id: string;
  starts_at: Date;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

export async function insertCampaign(
  db: Queryable,
  c: { id: string; bureauId: string; name: string; templateKey: string; template: unknown; settings: unknown; workflowId: string; startsAt: Date },
): Promise<CampaignRow> {
  const result = await db.query<CampaignRow>(
    `insert into campaigns (id, bureau_id, name, template_key, template, settings, workflow_id, starts_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
    [c.id, c.bureauId, c.name, c.templateKey, JSON.stringify(c.template), JSON.stringify(c.settings), c.workflowId, c.startsAt],
  );
  return result.rows[0]!;
}

export async function getCampaign(db: Queryable, id: string, forUpdate = false): Promise<CampaignRow | undefined> {
  const result = await db.query<CampaignRow>(`select * from campaigns where id = $1${forUpdate ? ' for update' : ''}`, [id]);
  return result.rows[0];
}

export async function listCampaigns(db: Queryable, bureauId: string): Promise<CampaignRow[]> {
  const result = await db.query<CampaignRow>('select * from campaigns where bureau_id = $1 order by created_at desc', [bureauId]);
  return result.rows;
}

export async function markCampaignRunning(db: Queryable, id: string, at: Date): Promise<boolean> {
  const result = await db.query(`update campaigns set status = 'running', started_at = $2 where id = $1 and status = 'draft'`, [id, at]);
  return (result.rowCount ?? 0) > 0;
}

export async function markCampaignCompleted(db: Queryable, id: string, at: Date): Promise<boolean> {
  const result = await db.query(`update campaigns set status = 'completed', completed_at = $2 where id = $1 and status = 'running'`, [id, at]);
  return (result.rowCount ?? 0) > 0;
}

export async function addCampaignSchools(db: Queryable, campaignId: string, bureauId: string, schoolIds: string[]): Promise<void> {
  await db.query(
    `insert into campaign_schools (campaign_id, school_id, bureau_id)
     select $1, unnest($3::uuid[]), $2 on conflict do nothing`,
    [campaignId, bureauId, schoolIds],
  );
}

export interface CampaignSchoolRow {
  id: string;
  code: string;
  name: string;
  district: string;
  level: string;
}

export async function listCampaignSchools(db: Queryable, campaignId: string): Promise<CampaignSchoolRow[]> {
  const result = await db.query<CampaignSchoolRow>(
    `select s.id, s.code, s.name, s.district, s.level
       from campaign_schools cs join schools s on s.id = cs.school_id
      where cs.campaign_id = $1 order by s.district, s.code`,
    [campaignId],
  );
  return result.rows;
}
