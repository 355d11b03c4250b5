import type { Pair } from '../../domain/recusal';
import type { Queryable } from '../pool';

export interface PairingVersionRow {
  id: string;
  campaign_id: string;
  version: number;
  kind: 'proposed' | 'edited';
  pairs: { potentialId: string; mentorId: string; pinned: boolean; covers: string[]; sameDistrict: boolean; cost: number; explanation: { zh: string; en: string } }[];
  pins: { potentialId: string; mentorId: string }[];
  forbids: { potentialId: string; mentorId: string }[];
  total_cost: string;
  content_hash: string;
  reason: string | null;
  created_at: Date;
  approved_at: Date | null;
}

/** The schools of the campaign's final list of a kind (seed list, mentor list), or null before it is final. */
export async function finalListSchoolIds(db: Queryable, campaignId: string, listKey: string): Promise<string[] | null> {
  const { rows } = await db.query<{ items: { schoolId: string }[] }>(
    'select items from published_lists where campaign_id = $1 and list_key = $2 and final order by version desc limit 1',
    [campaignId, listKey],
  );
  return rows[0] ? rows[0].items.map((i) => i.schoolId) : null;
}

export async function insertPairingVersion(
  db: Queryable,
  v: { campaignId: string; kind: 'proposed' | 'edited'; pairs: unknown; pins: unknown; forbids: unknown; totalCost: number; contentHash: string; reason?: string | null; by: string },
): Promise<PairingVersionRow> {
  const { rows } = await db.query<PairingVersionRow>(
    `insert into pairing_versions (campaign_id, version, kind, pairs, pins, forbids, total_cost, content_hash, reason, created_by)
     values ($1, coalesce((select max(version) from pairing_versions where campaign_id = $1), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
    [v.campaignId, v.kind, JSON.stringify(v.pairs), JSON.stringify(v.pins), JSON.stringify(v.forbids), v.totalCost, v.contentHash, v.reason ?? null, v.by],
  );
  return rows[0]!;
}

export async function listPairingVersions(db: Queryable, campaignId: string): Promise<PairingVersionRow[]> {
  return (await db.query<PairingVersionRow>('select * from pairing_versions where campaign_id = $1 order by version', [campaignId])).rows;
}

export async function approvePairingVersion(db: Queryable, campaignId: string, version: number, by: string): Promise<PairingVersionRow | undefined> {
  const { rows } = await db.query<PairingVersionRow>(
    `update pairing_versions set approved_by = $3, approved_at = now()
      where campaign_id = $1 and version = $2 and not exists (select 1 from pairing_versions where campaign_id = $1 and approved_at is not null)
      returning *`,
    [campaignId, version, by],
  );
  return rows[0];
}

/** The approved 1+X pairs of a campaign, for recusal and awards; empty before approval. */
export async function approvedPairs(db: Queryable, campaignId: string): Promise<Pair[]> {
  const { rows } = await db.query<{ pairs: { potentialId: string; mentorId: string }[] }>('select pairs from pairing_versions where campaign_id = $1 and approved_at is not null', [campaignId]);
  return (rows[0]?.pairs ?? []).map((p) => ({ mentorSchoolId: p.mentorId, partnerSchoolId: p.potentialId }));
}
