import { ApplicationFailure } from '@temporalio/activity';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { CALENDAR_OUT_OF_RANGE } from '../domain/campaign';
import { CalendarOutOfRangeError, deadlineFor, type Duration } from '../domain/calendar';
import type { PhaseKind } from '../domain/templates';
import { withTransaction } from '../db/pool';
import { appendAuditEvent } from '../db/repositories/audit.repository';
import { markCampaignCompleted, markCampaignRunning } from '../db/repositories/campaigns.repository';
import { approvePhaseRow, closePhaseRow, getPhase, insertPhaseOnce, reopenPhaseRow, setPhaseDeadline } from '../db/repositories/phases.repository';
import { setWindowCloses } from '../db/repositories/publicity.repository';
import { REFUSED } from '../domain/campaign';
import { approvalBlocker, closePublicityWindow, finalisePublicity, openPublicityWindow, republishWindow } from './publicity-steps';
import { finaliseMentorList, mentorBlocker } from './mentor-steps';

export interface ActivityDeps {
  pool: Pool;
  logger: Logger;
}

/** Every campaign activity names its campaign, the workflow that asked and the request behind it. */
interface Scope {
  campaignId: string;
  bureauId: string;
  workflowId: string;
  requestId?: string;
}

const SYSTEM_ACTOR = 'system:campaign-workflow';

/**
 * The campaign workflow's I/O. Each activity is idempotent: its state change is conditional and
 * its audit event carries a business key, both in one transaction, so a retry after a crash
 * writes nothing twice. Times come from the workflow, so a retry writes the same values too.
 */
/** Appends the audit event of a workflow-driven change; its key is scoped to the workflow. */
function audit(
  tx: PoolClient,
  s: Scope,
  at: string,
  e: { actor?: string; actorAccountId?: string; action: string; subject: string; before?: unknown; after?: unknown; reason?: string | null; key: string },
): Promise<boolean> {
  return appendAuditEvent(tx, {
    bureauId: s.bureauId,
    campaignId: s.campaignId,
    actor: e.actor ?? SYSTEM_ACTOR,
    actorAccountId: e.actorAccountId ?? null,
    action: e.action,
    subject: e.subject,
    before: e.before,
    after: e.after,
    reason: e.reason ?? null,
    requestId: s.requestId,
    idempotencyKey: `${s.workflowId}:${e.key}`,
    occurredAt: new Date(at),
  });
}

export function createCampaignActivities({ pool, logger }: ActivityDeps) {
  const log = (s: Scope) => logger.child({ campaignId: s.campaignId, workflowId: s.workflowId, reqId: s.requestId });

  return {
    async recordCampaignStarted(s: Scope & { at: string }): Promise<void> {
      await withTransaction(pool, async (tx) => {
        const changed = await markCampaignRunning(tx, s.campaignId, new Date(s.at));
        await audit(tx, s, s.at, { action: 'campaign.started', subject: `campaign:${s.campaignId}`, before: { status: 'draft' }, after: { status: 'running' }, key: `started` });
        log(s).info({ changed }, 'campaign started');
      });
    },

    /**
     * Opens a phase and returns its deadline: the stored one when the phase was opened before (a
     * retry), an explicit one set by the bureau, or one computed by the calendar from the duration.
     */
    async openPhase(
      s: Scope & { phaseKey: string; seq: number; kind: PhaseKind; duration: Duration; openedAt: string; deadline?: string },
    ): Promise<{ deadline: string }> {
      const existing = await getPhase(pool, s.campaignId, s.phaseKey);
      if (existing) return { deadline: existing.deadline_at.toISOString() };
      let deadline: Date;
      try {
        deadline = s.deadline ? new Date(s.deadline) : deadlineFor(new Date(s.openedAt), s.duration);
      } catch (err) {
        if (err instanceof CalendarOutOfRangeError) {
          throw ApplicationFailure.nonRetryable(err.message, CALENDAR_OUT_OF_RANGE, { date: err.date, coverage: err.coverage });
        }
        throw err;
      }
      return withTransaction(pool, async (tx) => {
        const { row, inserted } = await insertPhaseOnce(tx, {
          campaignId: s.campaignId,
          phaseKey: s.phaseKey,
          seq: s.seq,
          kind: s.kind,
          openedAt: new Date(s.openedAt),
          deadline,
          duration: s.duration,
        });
        if (inserted) {
          if (s.kind === 'publicity') await openPublicityWindow(tx, s, { phaseKey: s.phaseKey, openedAt: s.openedAt, deadline: row.deadline_at });
          await audit(tx, s, s.openedAt, { action: 'phase.opened', subject: `phase:${s.phaseKey}`, after: { status: 'open', openedAt: s.openedAt, deadline: deadline.toISOString(), duration: s.duration }, key: `${s.phaseKey}:opened` });
          log(s).info({ phase: s.phaseKey, deadline }, 'phase opened');
        }
        return { deadline: row.deadline_at.toISOString() };
      });
    },

    async closePhase(s: Scope & { phaseKey: string; at: string }): Promise<void> {
      await withTransaction(pool, async (tx) => {
        const changed = await closePhaseRow(tx, s.campaignId, s.phaseKey, new Date(s.at));
        if (!changed) return;
        await closePublicityWindow(tx, s.campaignId, s.phaseKey);
        await audit(tx, s, s.at, { action: 'phase.closed', subject: `phase:${s.phaseKey}`, before: { status: 'open' }, after: { status: 'awaiting_approval', closedAt: s.at }, key: `${s.phaseKey}:closed` });
        log(s).info({ phase: s.phaseKey }, 'phase closed, awaiting approval');
      });
    },

    /**
     * Approves a closed phase. Refused (non-retryable, type REFUSED, with the reason) while its
     * work is unfinished: applications awaiting re-check, objections awaiting a decision. A
     * publicity phase's approval makes its list final.
     */
    async approvePhase(s: Scope & { phaseKey: string; kind?: PhaseKind; at: string; approvedBy: string; actorAccountId?: string; note?: string }): Promise<void> {
      await withTransaction(pool, async (tx) => {
        const blocker = s.kind === 'mentor_selection' ? await mentorBlocker(tx, s.campaignId) : s.kind ? await approvalBlocker(tx, s.campaignId, s.phaseKey, s.kind) : null;
        if (blocker) throw ApplicationFailure.create({ type: REFUSED, message: `${blocker.message.zh} / ${blocker.message.en}`, details: [blocker], nonRetryable: true });
        if (s.kind === 'publicity') await finalisePublicity(tx, s, { phaseKey: s.phaseKey, at: s.at, actor: s.approvedBy, actorAccountId: s.actorAccountId });
        if (s.kind === 'mentor_selection') await finaliseMentorList(tx, s, { phaseKey: s.phaseKey, at: s.at, actor: s.approvedBy, actorAccountId: s.actorAccountId });
        const changed = await approvePhaseRow(tx, {
          campaignId: s.campaignId,
          phaseKey: s.phaseKey,
          at: new Date(s.at),
          approvedBy: s.approvedBy,
          note: s.note ?? null,
        });
        if (!changed) return;
        await audit(tx, s, s.at, { actor: s.approvedBy, actorAccountId: s.actorAccountId, action: 'phase.approved', subject: `phase:${s.phaseKey}`, before: { status: 'awaiting_approval' }, after: { status: 'approved', approvedAt: s.at }, reason: s.note ?? null, key: `${s.phaseKey}:approved` });
        log(s).info({ phase: s.phaseKey, approvedBy: s.approvedBy }, 'phase approved');
      });
    },

    /**
     * Instead of approving a publicity phase: publicise its latest list again in a new window of the
     * phase's length from now. Refused like an approval while objections are undecided.
     */
    async republishPhase(s: Scope & { phaseKey: string; duration: Duration; at: string; approvedBy: string; actorAccountId?: string; note?: string }): Promise<{ deadline: string }> {
      let deadline: Date;
      try {
        deadline = deadlineFor(new Date(s.at), s.duration);
      } catch (err) {
        if (!(err instanceof CalendarOutOfRangeError)) throw err;
        throw ApplicationFailure.create({ type: REFUSED, message: err.message, details: [{ code: 'deadline_outside_calendar', message: { zh: err.message, en: err.message } }], nonRetryable: true });
      }
      return withTransaction(pool, async (tx) => {
        const blocker = await approvalBlocker(tx, s.campaignId, s.phaseKey, 'publicity');
        if (blocker) throw ApplicationFailure.create({ type: REFUSED, message: `${blocker.message.zh} / ${blocker.message.en}`, details: [blocker], nonRetryable: true });
        if (!(await reopenPhaseRow(tx, s.campaignId, s.phaseKey, deadline))) {
          return { deadline: (await getPhase(tx, s.campaignId, s.phaseKey))!.deadline_at.toISOString() }; // a retry: already reopened
        }
        await republishWindow(tx, s, { phaseKey: s.phaseKey, at: s.at, deadline, actor: s.approvedBy, actorAccountId: s.actorAccountId, note: s.note });
        await audit(tx, s, s.at, { actor: s.approvedBy, actorAccountId: s.actorAccountId, action: 'phase.reopened', subject: `phase:${s.phaseKey}`, before: { status: 'awaiting_approval' }, after: { status: 'open', deadline: deadline.toISOString() }, reason: s.note ?? null, key: `${s.phaseKey}:reopened:${s.at}` });
        log(s).info({ phase: s.phaseKey, deadline }, 'publicity phase re-publicised');
        return { deadline: deadline.toISOString() };
      });
    },

    async recordDeadlineMoved(
      s: Scope & { phaseKey: string; at: string; from?: string; to: string; movedBy: string; actorAccountId?: string; reason: string; updateId: string },
    ): Promise<void> {
      await withTransaction(pool, async (tx) => {
        await setPhaseDeadline(tx, s.campaignId, s.phaseKey, new Date(s.to));
        await setWindowCloses(tx, s.campaignId, s.phaseKey, new Date(s.to));
        await audit(tx, s, s.at, { actor: s.movedBy, actorAccountId: s.actorAccountId, action: 'phase.deadline_moved', subject: `phase:${s.phaseKey}`, before: { deadline: s.from ?? null }, after: { deadline: s.to }, reason: s.reason, key: `${s.phaseKey}:deadline:${s.updateId}` });
        log(s).info({ phase: s.phaseKey, from: s.from, to: s.to }, 'phase deadline moved');
      });
    },

    async recordCampaignCompleted(s: Scope & { at: string }): Promise<void> {
      await withTransaction(pool, async (tx) => {
        const changed = await markCampaignCompleted(tx, s.campaignId, new Date(s.at));
        await audit(tx, s, s.at, { action: 'campaign.completed', subject: `campaign:${s.campaignId}`, before: { status: 'running' }, after: { status: 'completed' }, key: `completed` });
        log(s).info({ changed }, 'campaign completed');
      });
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
