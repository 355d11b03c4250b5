import type { AuditEventRow, ChainBreak, ChainVerification } from '../db/repositories/audit.repository';
import type { LocalizedText } from '../domain/templates';

export const auditEventView = (e: AuditEventRow) => ({
  seq: Number(e.seq),
  id: e.id,
  occurredAt: e.occurred_at.toISOString(),
  actor: e.actor,
  actorAccountId: e.actor_account_id,
  action: e.action,
  subject: e.subject,
  before: e.before,
  after: e.after,
  reason: e.reason,
  contentHash: e.content_hash,
  requestId: e.request_id,
  prevHash: e.prev_hash,
  hash: e.hash,
});

const problems: Record<ChainBreak, LocalizedText> = {
  content_changed: { zh: '该事件的内容在记录后被修改', en: 'The event was changed after it was recorded' },
  link_broken: { zh: '该事件与前一事件的链接不符（有事件被插入或替换）', en: 'The link to the previous event does not match (an event was inserted or replaced)' },
  events_missing: { zh: '从此序号起有事件缺失（被删除）', en: 'Events are missing from this number on (removed)' },
  head_mismatch: { zh: '链尾与记录的链头不符（末尾事件被删除或替换）', en: "The chain's end does not match its recorded head (events at the end were removed or replaced)" },
};

export function chainVerificationView(v: ChainVerification) {
  return {
    chain: v.chain,
    ok: v.ok,
    events: v.events,
    headSeq: v.headSeq,
    headHash: v.headHash,
    summary: v.ok
      ? { zh: `审计链完整：共 ${v.events} 条事件，链头 ${v.headHash?.slice(0, 16) ?? '—'}…`, en: `The audit chain is intact: ${v.events} events, head ${v.headHash?.slice(0, 16) ?? '—'}…` }
      : { zh: `审计链在第 ${v.firstBroken!.seq} 条处断裂：${problems[v.firstBroken!.problem].zh}`, en: `The audit chain breaks at event ${v.firstBroken!.seq}: ${problems[v.firstBroken!.problem].en}` },
    firstBroken: v.firstBroken ? { ...v.firstBroken, explanation: problems[v.firstBroken.problem] } : null,
  };
}
