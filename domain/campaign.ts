import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Duration } from './calendar';
import type { LocalizedText, PhaseDefinition, PhaseKind } from './templates';
import { formatShanghai } from './time-format';

/**
 * The campaign workflow's contract: its input, the state it reports, its messages, and the pure
 * rules that decide whether a message is accepted. Shared by the workflow, the API and the tests,
 * so the API never imports workflow code.
 */

export const campaignWorkflowType = 'campaignWorkflow';
export const campaignWorkflowId = (campaignId: string): string => `campaign-${campaignId}`;

export type PhaseStatus = 'pending' | 'open' | 'blocked' | 'awaiting_approval' | 'approved';

export interface PhaseProgress {
  key: string;
  kind: PhaseKind;
  name: LocalizedText;
  duration: Duration;
  status: PhaseStatus;
  openedAt?: string;
  deadline?: string;
  closedAt?: string;
  approvedAt?: string;
  approvedBy?: string;
  /** Why a phase cannot run on its own, e.g. its working-day deadline is outside the calendar data. */
  blockedReason?: string;
}

export interface CampaignProgress {
  campaignId: string;
  status: 'running' | 'completed';
  currentPhase: string | null;
  phases: PhaseProgress[];
}

export interface CampaignWorkflowInput {
  campaignId: string;
  bureauId: string;
  phases: PhaseDefinition[];
  requestId?: string;
}

export interface ApprovePhaseInput {
  phaseKey: string;
  approvedBy: string;
  /** The signed-in account that approved (for the audit trail). */
  actorAccountId?: string;
  note?: string;
  /** For a publicity phase whose list changed seriously: publicise it again in a new window instead of approving. */
  republish?: boolean;
  requestId?: string;
}

export interface MovePhaseDeadlineInput {
  phaseKey: string;
  /** ISO-8601 instant. */
  deadline: string;
  movedBy: string;
  actorAccountId?: string;
  reason: string;
  requestId?: string;
}

export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
export const approvePhaseUpdate = defineUpdate<PhaseProgress, [ApprovePhaseInput]>('approvePhase');
export const movePhaseDeadlineUpdate = defineUpdate<PhaseProgress, [MovePhaseDeadlineInput]>('movePhaseDeadline');

export interface Refusal {
  code: string;
  message: LocalizedText;
}

const refuse = (code: string, zh: string, en: string): Refusal => ({ code, message: { zh, en } });

function findPhase(progress: CampaignProgress, phaseKey: string): PhaseProgress | Refusal {
  const phase = progress.phases.find((p) => p.key === phaseKey);
  if (!phase) return refuse('unknown_phase', `本活动没有阶段 ${phaseKey}`, `This campaign has no phase ${phaseKey}`);
  return phase;
}

const isRefusal = (x: PhaseProgress | Refusal): x is Refusal => 'code' in x;

/** Whether the bureau may approve a phase's result now; null means yes. */
export function checkApproval(progress: CampaignProgress, input: ApprovePhaseInput): Refusal | null {
  if (progress.status === 'completed') {
    return refuse('campaign_completed', '活动已结束，不能再审批', 'The campaign has ended; nothing is left to approve');
  }
  const phase = findPhase(progress, input.phaseKey);
  if (isRefusal(phase)) return phase;
  const name = `${phase.name.zh}（${phase.name.en}）`;
  switch (phase.status) {
    case 'approved':
      return refuse(
        'already_approved',
        `${name}已于 ${formatShanghai(phase.approvedAt ?? '')}（北京时间）审批通过`,
        `${phase.name.en} was approved at ${formatShanghai(phase.approvedAt ?? '')} Beijing time`,
      );
    case 'pending':
      return refuse(
        'phase_not_started',
        `${name}尚未开始；当前阶段为 ${progress.currentPhase}`,
        `${phase.name.en} has not started; the current phase is ${progress.currentPhase}`,
      );
    case 'open':
      return refuse(
        'phase_still_open',
        `${name}尚未截止（截止时间 ${formatShanghai(phase.deadline ?? '')}，北京时间），截止后方可审批`,
        `${phase.name.en} is still open until ${formatShanghai(phase.deadline ?? '')} Beijing time; it can be approved once it has closed`,
      );
    case 'blocked':
      return refuse('phase_blocked', `${name}无法进行：${phase.blockedReason}`, `${phase.name.en} is blocked: ${phase.blockedReason}`);
    case 'awaiting_approval':
      if (input.republish && phase.kind !== 'publicity') {
        return refuse('republish_not_publicity', `${name}不是公示阶段，不能重新公示`, `${phase.name.en} is not a publicity phase; it cannot be re-publicised`);
      }
      return null;
  }
}

/** Whether a phase's deadline may be moved to the given instant now; null means yes. */
export function checkDeadlineMove(progress: CampaignProgress, input: MovePhaseDeadlineInput, nowMs: number): Refusal | null {
  if (progress.status === 'completed') {
    return refuse('campaign_completed', '活动已结束', 'The campaign has ended');
  }
  const phase = findPhase(progress, input.phaseKey);
  if (isRefusal(phase)) return phase;
  if (phase.status !== 'open' && phase.status !== 'blocked') {
    return refuse(
      'deadline_not_movable',
      `只能调整进行中阶段的截止时间；${phase.name.zh}当前状态为 ${phase.status}`,
      `Only an open phase's deadline can move; ${phase.name.en} is ${phase.status}`,
    );
  }
  const deadlineMs = Date.parse(input.deadline);
  if (Number.isNaN(deadlineMs)) return refuse('invalid_deadline', '截止时间格式无效', 'The deadline is not a valid date-time');
  if (deadlineMs <= nowMs) {
    return refuse('deadline_in_past', '新的截止时间必须晚于当前时间', 'The new deadline must be in the future');
  }
  if (input.reason.trim().length === 0) return refuse('reason_required', '调整截止时间必须说明理由', 'Moving a deadline needs a reason');
  return null;
}

/** ApplicationFailure type of an activity that cannot compute a deadline from the calendar data. */
export const CALENDAR_OUT_OF_RANGE = 'CalendarOutOfRange';
/** ApplicationFailure type carried by every refused update; its details hold the Refusal. */
export const REFUSED = 'Refused';
