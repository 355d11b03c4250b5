import type { PoolClient } from 'pg';
import { appendAuditEvent } from '../db/repositories/audit.repository';
import { getCampaign } from '../db/repositories/campaigns.repository';
import {
  closeWindow,
  currentSeedList,
  finaliseWindow,
  insertListVersion,
  insertWindow,
  latestList,
  markListFinal,
  undecidedApplications,
  undecidedObjections,
  windowOfPhase,
} from '../db/repositories/publicity.repository';
import { listDepartments } from '../db/repositories/bureaus.repository';
import type { Refusal } from '../domain/campaign';
import { contentHash } from '../domain/content-hash';
import type { CampaignTemplate, PhaseKind } from '../domain/templates';
import type { ListItem } from '../domain/publicity';
import { acceptanceFinals } from '../db/repositories/acceptance.repository';

/**
 * The publicity and seed-selection steps of the campaign's phases, run inside the campaign
 * activities' transactions (so each is as idempotent as the phase change it belongs to).
 */

interface StepScope {
  campaignId: string;
  bureauId: string;
  workflowId: string;
  requestId?: string;
}

const audit = (tx: PoolClient, s: StepScope, at: string, e: { actor?: string; actorAccountId?: string; action: string; subject: string; after?: unknown; reason?: string | null; contentHash?: string; key: string }) =>
  appendAuditEvent(tx, {
    bureauId: s.bureauId,
    campaignId: s.campaignId,
    actor: e.actor ?? 'system:campaign-workflow',
    actorAccountId: e.actorAccountId ?? null,
    action: e.action,
    subject: e.subject,
    after: e.after,
    reason: e.reason ?? null,
    contentHash: e.contentHash ?? null,
    requestId: s.requestId,
    idempotencyKey: `${s.workflowId}:${e.key}`,
    occurredAt: new Date(at),
  });

/** Publishes the phase's list as a new version and opens its window until the phase deadline. */
export async function openPublicityWindow(tx: PoolClient, s: StepScope, p: { phaseKey: string; openedAt: string; deadline: Date }): Promise<void> {
  const campaign = (await getCampaign(tx, s.campaignId))!;
  const template = campaign.template as CampaignTemplate;
  const phase = template.phases.find((x) => x.key === p.phaseKey);
  const listKey = phase?.publishes ?? 'seed_list';
  const items = listKey === 'acceptance_scores' ? await scoreItems(tx, s.campaignId) : await currentSeedList(tx, s.campaignId);
  const hash = contentHash({ campaignId: s.campaignId, listKey, items });
  const list = await insertListVersion(tx, { campaignId: s.campaignId, listKey, items, contentHash: hash, publishedAt: new Date(p.openedAt), publishedBy: 'system:campaign-workflow' });
  const settings = campaign.settings as { publicityContact?: { office: string; phone: string; address?: string } | null };
  const recheck = (await listDepartments(tx, s.bureauId)).find((d) => d.code === (template.rules?.recheckDepartment ?? 'dudao'));
  const contact = settings.publicityContact ?? { office: recheck?.name ?? '教育局', phone: null };
  const window = await insertWindow(tx, { campaignId: s.campaignId, bureauId: s.bureauId, phaseKey: p.phaseKey, listId: list.id, opensAt: new Date(p.openedAt), closesAt: p.deadline, duration: phase?.duration ?? null, contact });
  await audit(tx, s, p.openedAt, {
    action: 'list.published',
    subject: `window:${window.id}`,
    after: { listKey, version: list.version, schools: items.length, opensAt: p.openedAt, closesAt: p.deadline.toISOString() },
    contentHash: hash,
    key: `${p.phaseKey}:published:v${list.version}`,
  });
}

/** Publicises the latest list version again in a new window (the next round) until `deadline`. */
export async function republishWindow(tx: PoolClient, s: StepScope, p: { phaseKey: string; at: string; deadline: Date; actor: string; actorAccountId?: string; note?: string }): Promise<void> {
  const previous = (await windowOfPhase(tx, s.campaignId, p.phaseKey))!;
  const published = await getListOfWindow(tx, previous.list_id);
  const latest = (await latestList(tx, s.campaignId, published.list_key))!;
  const window = await insertWindow(tx, { campaignId: s.campaignId, bureauId: s.bureauId, phaseKey: p.phaseKey, listId: latest.id, opensAt: new Date(p.at), closesAt: p.deadline, duration: previous.duration, contact: previous.contact, round: previous.round + 1 });
  await audit(tx, s, p.at, {
    actor: p.actor,
    actorAccountId: p.actorAccountId,
    action: 'list.republished',
    subject: `window:${window.id}`,
    after: { listKey: latest.list_key, version: latest.version, round: window.round, opensAt: p.at, closesAt: p.deadline.toISOString(), previousWindow: previous.id },
    reason: p.note ?? null,
    contentHash: latest.content_hash,
    key: `${p.phaseKey}:republished:r${window.round}`,
  });
}

/** The acceptance scores as a publicised list: each school's final score and how it was reached. */
async function scoreItems(tx: PoolClient, campaignId: string): Promise<ListItem[]> {
  return (await acceptanceFinals(tx, campaignId)).map((f) => ({ schoolId: f.schoolId, code: f.code, name: f.name, district: f.district, basis: `最终得分 ${f.final}：${f.explanation.zh}` }));
}

export async function closePublicityWindow(tx: PoolClient, campaignId: string, phaseKey: string): Promise<void> {
  await closeWindow(tx, campaignId, phaseKey);
}

/** Why the phase's result cannot be approved yet, or null. */
export async function approvalBlocker(tx: PoolClient, campaignId: string, phaseKey: string, kind: PhaseKind): Promise<Refusal | null> {
  if (kind === 'seed_selection') {
    const pending = await undecidedApplications(tx, campaignId);
    if (pending > 0) {
      return { code: 'applications_pending', message: { zh: `还有 ${pending} 份申请未完成资格复核，复核完毕后方可审批`, en: `${pending} application(s) still await their re-check; approve once all are decided` } };
    }
  }
  if (kind === 'publicity') {
    const window = await windowOfPhase(tx, campaignId, phaseKey);
    const pending = window ? await undecidedObjections(tx, window.id) : 0;
    if (pending > 0) {
      return { code: 'objections_pending', message: { zh: `还有 ${pending} 件异议未作出处理决定，全部处理后名单方可定稿`, en: `${pending} objection(s) are still undecided; the list becomes final once every one is decided` } };
    }
  }
  return null;
}

/** Makes the window's latest list version final (a revised version if an upheld objection changed it). */
export async function finalisePublicity(tx: PoolClient, s: StepScope, p: { phaseKey: string; at: string; actor: string; actorAccountId?: string }): Promise<void> {
  const window = await windowOfPhase(tx, s.campaignId, p.phaseKey);
  if (!window) return;
  const published = await getListOfWindow(tx, window.list_id);
  const final = (await latestList(tx, s.campaignId, published.list_key))!;
  if (!(await finaliseWindow(tx, window.id, final.id))) return;
  await markListFinal(tx, final.id);
  await audit(tx, s, p.at, {
    actor: p.actor,
    actorAccountId: p.actorAccountId,
    action: 'list.finalised',
    subject: `window:${window.id}`,
    after: { listKey: final.list_key, version: final.version, schools: final.items.length, changedSincePublication: final.id !== window.list_id },
    contentHash: final.content_hash,
    key: `${p.phaseKey}:finalised`,
  });
}

async function getListOfWindow(tx: PoolClient, listId: string) {
  const { rows } = await tx.query<{ list_key: string }>('select list_key from published_lists where id = $1', [listId]);
  return rows[0]!;
}
