import type { PoolClient } from 'pg';
import { appendAuditEvent } from '../db/repositories/audit.repository';
import { finalListSchoolIds } from '../db/repositories/pairing.repository';
import { insertListVersion, markListFinal } from '../db/repositories/publicity.repository';
import type { Refusal } from '../domain/campaign';
import { contentHash } from '../domain/content-hash';
import type { ListItem } from '../domain/publicity';

interface StepScope {
  campaignId: string;
  bureauId: string;
  workflowId: string;
  requestId?: string;
}

/** Why the mentor list cannot be approved yet: the seed list is not final, or seed schools are not evaluated. */
export async function mentorBlocker(tx: PoolClient, campaignId: string): Promise<Refusal | null> {
  const seeds = await finalListSchoolIds(tx, campaignId, 'seed_list');
  if (!seeds) return { code: 'seed_list_not_final', message: { zh: '种子校名单尚未定稿', en: 'The seed list is not final yet' } };
  const { rows } = await tx.query<{ school_id: string }>('select school_id from mentor_evaluations where campaign_id = $1', [campaignId]);
  const missing = seeds.filter((s) => !rows.some((r) => r.school_id === s)).length;
  if (missing > 0) return { code: 'evaluations_pending', message: { zh: `还有 ${missing} 所种子校未完成评议`, en: `${missing} seed school(s) still await their evaluation` } };
  return null;
}

/** Publishes the mentor list (schools the rule made mentors, each with its verdict) as final. */
export async function finaliseMentorList(tx: PoolClient, s: StepScope, p: { phaseKey: string; at: string; actor: string; actorAccountId?: string }): Promise<void> {
  const { rows } = await tx.query<ListItem>(
    `select s.id as "schoolId", s.code, s.name, s.district, e.verdict->'explanation'->>'zh' as basis
       from mentor_evaluations e join schools s on s.id = e.school_id
      where e.campaign_id = $1 and (e.verdict->>'mentor')::boolean order by s.district, s.code`,
    [s.campaignId],
  );
  const hash = contentHash({ campaignId: s.campaignId, listKey: 'mentor_list', items: rows });
  const list = await insertListVersion(tx, { campaignId: s.campaignId, listKey: 'mentor_list', items: rows, contentHash: hash, publishedAt: new Date(p.at), publishedBy: p.actor });
  await markListFinal(tx, list.id);
  await appendAuditEvent(tx, {
    bureauId: s.bureauId,
    campaignId: s.campaignId,
    actor: p.actor,
    actorAccountId: p.actorAccountId ?? null,
    action: 'list.finalised',
    subject: `list:mentor_list`,
    after: { listKey: 'mentor_list', version: list.version, schools: rows.length },
    contentHash: hash,
    requestId: s.requestId,
    idempotencyKey: `${s.workflowId}:${p.phaseKey}:mentor-list`,
    occurredAt: new Date(p.at),
  });
}
