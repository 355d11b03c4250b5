import type { ListItem } from '../../domain/publicity';
import type { Queryable } from '../pool';

export interface ListRow {
  id: string;
  campaign_id: string;
  list_key: string;
  version: number;
  items: ListItem[];
  content_hash: string;
  final: boolean;
  reason: string | null;
  published_at: Date;
  published_by: string;
}

export interface WindowRow {
  id: string;
  campaign_id: string;
  bureau_id: string;
  phase_key: string;
  round: number;
  list_id: string;
  opens_at: Date;
  closes_at: Date;
  duration: unknown;
  contact: { office: string; phone: string | null; address?: string | null };
  status: 'open' | 'closed' | 'finalised';
  final_list_id: string | null;
}

/**
 * The seed list as it stands: every school a department nominated, and every applicant whose
 * re-check passed, with the basis for each.
 */
export async function currentSeedList(db: Queryable, campaignId: string): Promise<ListItem[]> {
  const { rows } = await db.query<ListItem>(
    `with basis as (
       select n.school_id, string_agg(d.name, '、' order by d.code) as depts, null::text as app
         from nominations n join departments d on d.id = n.department_id
        where n.campaign_id = $1 group by n.school_id
       union all
       select a.school_id, null, '申请并通过资格复核 / applied, re-check passed'
         from applications a where a.campaign_id = $1 and a.status = 'passed'
     )
     select s.id as "schoolId", s.code, s.name, s.district,
            string_agg(coalesce('科室提名：' || b.depts || ' / nominated by departments', b.app), '；') as basis
       from basis b join schools s on s.id = b.school_id
      group by s.id, s.code, s.name, s.district
      order by s.district, s.code`,
    [campaignId],
  );
  return rows;
}

export async function latestList(db: Queryable, campaignId: string, listKey: string): Promise<ListRow | undefined> {
  const { rows } = await db.query<ListRow>('select * from published_lists where campaign_id = $1 and list_key = $2 order by version desc limit 1', [campaignId, listKey]);
  return rows[0];
}

export async function getList(db: Queryable, id: string): Promise<ListRow | undefined> {
  return (await db.query<ListRow>('select * from published_lists where id = $1', [id])).rows[0];
}

export async function insertListVersion(
  db: Queryable,
  l: { campaignId: string; listKey: string; items: ListItem[]; contentHash: string; publishedAt: Date; publishedBy: string; reason?: string | null },
): Promise<ListRow> {
  const { rows } = await db.query<ListRow>(
    `insert into published_lists (campaign_id, list_key, version, items, content_hash, published_at, published_by, reason)
     values ($1, $2, coalesce((select max(version) from published_lists where campaign_id = $1 and list_key = $2), 0) + 1, $3, $4, $5, $6, $7)
     returning *`,
    [l.campaignId, l.listKey, JSON.stringify(l.items), l.contentHash, l.publishedAt, l.publishedBy, l.reason ?? null],
  );
  return rows[0]!;
}

export async function markListFinal(db: Queryable, id: string): Promise<void> {
  await db.query('update published_lists set final = true where id = $1 and not final', [id]);
}

export async function insertWindow(
  db: Queryable,
  w: { campaignId: string; bureauId: string; phaseKey: string; listId: string; opensAt: Date; closesAt: Date; duration: unknown; contact: WindowRow['contact']; round?: number },
): Promise<WindowRow> {
  const { rows } = await db.query<WindowRow>(
    `insert into publicity_windows (campaign_id, bureau_id, phase_key, list_id, opens_at, closes_at, duration, contact, round)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
    [w.campaignId, w.bureauId, w.phaseKey, w.listId, w.opensAt, w.closesAt, JSON.stringify(w.duration), JSON.stringify(w.contact), w.round ?? 1],
  );
  return rows[0]!;
}

export async function getWindow(db: Queryable, id: string): Promise<WindowRow | undefined> {
  return (await db.query<WindowRow>('select * from publicity_windows where id = $1', [id])).rows[0];
}

export async function windowOfPhase(db: Queryable, campaignId: string, phaseKey: string): Promise<WindowRow | undefined> {
  const { rows } = await db.query<WindowRow>('select * from publicity_windows where campaign_id = $1 and phase_key = $2 order by round desc limit 1', [campaignId, phaseKey]);
  return rows[0];
}

export async function listWindows(db: Queryable, campaignId: string): Promise<WindowRow[]> {
  return (await db.query<WindowRow>('select * from publicity_windows where campaign_id = $1 order by opens_at', [campaignId])).rows;
}

/** A moved phase deadline moves its open window's end with it. */
export async function setWindowCloses(db: Queryable, campaignId: string, phaseKey: string, closesAt: Date): Promise<void> {
  await db.query(`update publicity_windows set closes_at = $3 where campaign_id = $1 and phase_key = $2 and status = 'open'`, [campaignId, phaseKey, closesAt]);
}

export async function closeWindow(db: Queryable, campaignId: string, phaseKey: string): Promise<void> {
  await db.query(`update publicity_windows set status = 'closed' where campaign_id = $1 and phase_key = $2 and status = 'open'`, [campaignId, phaseKey]);
}

export async function finaliseWindow(db: Queryable, windowId: string, finalListId: string): Promise<boolean> {
  const { rowCount } = await db.query(`update publicity_windows set status = 'finalised', final_list_id = $2 where id = $1 and status <> 'finalised'`, [windowId, finalListId]);
  return (rowCount ?? 0) > 0;
}

export async function undecidedObjections(db: Queryable, windowId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from objections where window_id = $1 and status <> 'decided'`, [windowId]);
  return Number(rows[0]!.n);
}

export async function undecidedApplications(db: Queryable, campaignId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from applications where campaign_id = $1 and status = 'submitted'`, [campaignId]);
  return Number(rows[0]!.n);
}
