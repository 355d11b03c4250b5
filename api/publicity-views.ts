import type { ObjectionRow } from '../db/repositories/objections.repository';
import type { ListRow, WindowRow } from '../db/repositories/publicity.repository';
import { workingDaysLeft } from '../domain/calendar';
import { formatShanghai } from '../domain/time-format';

export const listView = (l: ListRow) => ({
  id: l.id,
  listKey: l.list_key,
  version: l.version,
  final: l.final,
  contentHash: l.content_hash,
  publishedAt: l.published_at.toISOString(),
  reason: l.reason,
  items: l.items,
});

export const windowView = (w: WindowRow) => ({
  id: w.id,
  campaignId: w.campaign_id,
  phaseKey: w.phase_key,
  round: w.round,
  status: w.status,
  opensAt: w.opens_at.toISOString(),
  closesAt: w.closes_at.toISOString(),
  opensAtBeijing: formatShanghai(w.opens_at),
  closesAtBeijing: formatShanghai(w.closes_at),
  contact: w.contact,
  noticeUrl: `/notices/${w.id}`,
  printUrl: `/notices/${w.id}/print`,
});

const statusLabels = {
  received: { zh: '已受理', en: 'Received' },
  assigned: { zh: '处理中', en: 'Being handled' },
  decided: { zh: '已作出决定', en: 'Decided' },
};
const outcomeLabels = { upheld: { zh: '异议成立', en: 'Upheld' }, dismissed: { zh: '异议不成立', en: 'Dismissed' } };

/** What the submitter (or the public following it) sees. */
export const objectionStatusView = (o: ObjectionRow) => ({
  id: o.id,
  windowId: o.window_id,
  status: o.status,
  statusLabel: statusLabels[o.status],
  receivedAt: o.received_at.toISOString(),
  handlingDeadline: o.handling_deadline.toISOString(),
  handlingDeadlineBeijing: formatShanghai(o.handling_deadline),
  outcome: o.outcome,
  outcomeLabel: o.outcome ? outcomeLabels[o.outcome] : null,
  decisionReason: o.decision_reason,
  decidedAt: o.decided_at?.toISOString() ?? null,
});

/** What the bureau and the handler see. */
export const objectionView = (o: ObjectionRow, now = Date.now()) => ({
  ...objectionStatusView(o),
  campaignId: o.campaign_id,
  submitterKind: o.submitter_kind,
  submitter: o.submitter,
  submitterSchoolId: o.submitter_school_id,
  aboutSchoolId: o.about_school_id,
  facts: o.facts,
  reasons: o.reasons,
  handlerDepartmentId: o.handler_department,
  overdue: o.status !== 'decided' && o.handling_deadline.getTime() < now,
  workingDaysLeft: o.status === 'decided' ? null : safeWorkingDaysLeft(now, o.handling_deadline),
});

function safeWorkingDaysLeft(now: number, deadline: Date): number | null {
  try {
    return workingDaysLeft(now, deadline);
  } catch {
    return null; // outside the calendar data: shown as a date only
  }
}
