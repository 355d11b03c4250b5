import type { CampaignRow } from '../db/repositories/campaigns.repository';
import type { PhaseRow } from '../db/repositories/phases.repository';
import { CalendarOutOfRangeError, workingDaysLeft } from '../domain/calendar';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function campaignView(c: CampaignRow) {
  return {
    id: c.id,
    bureauId: c.bureau_id,
    name: c.name,
    templateKey: c.template_key,
    template: c.template,
    settings: c.settings,
    status: c.status,
    workflowId: c.workflow_id,
    startsAt: c.starts_at.toISOString(),
    createdAt: c.created_at.toISOString(),
    startedAt: iso(c.started_at),
    completedAt: iso(c.completed_at),
  };
}

function daysLeft(now: number, deadline: Date): number | null {
  try {
    return workingDaysLeft(now, deadline);
  } catch (err) {
    if (err instanceof CalendarOutOfRangeError) return null; // not knowable yet; the client shows the date only
    throw err;
  }
}

export function phaseView(p: PhaseRow, now = Date.now()) {
  return {
    key: p.phase_key,
    seq: p.seq,
    kind: p.kind,
    status: p.status,
    openedAt: p.opened_at.toISOString(),
    deadline: p.deadline_at.toISOString(),
    workingDaysLeft: p.status === 'open' ? daysLeft(now, p.deadline_at) : null,
    duration: p.duration,
    closedAt: iso(p.closed_at),
    approvedAt: iso(p.approved_at),
    approvedBy: p.approved_by,
    approvalNote: p.approval_note,
    endedAt: iso(p.ended_at),
  };
}
