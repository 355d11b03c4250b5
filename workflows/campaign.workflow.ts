import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { workflowNow, workflowNowIso } from './workflow-time';
import {
  CALENDAR_OUT_OF_RANGE,
  REFUSED,
  approvePhaseUpdate,
  campaignProgressQuery,
  checkApproval,
  checkDeadlineMove,
  movePhaseDeadlineUpdate,
  type CampaignProgress,
  type CampaignWorkflowInput,
  type PhaseProgress,
  type Refusal,
} from '../domain/campaign';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});


function refused(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: REFUSED, message: `${r.message.zh} / ${r.message.en}`, details: [r], nonRetryable: true });
}

const busyRefusal: Refusal = {
  code: 'busy',
  message: { zh: '另一项变更正在记录中，请稍后重试', en: 'Another change is being recorded; try again in a moment' },
};

function isCalendarOutOfRange(err: unknown): err is ActivityFailure & { cause: ApplicationFailure } {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === CALENDAR_OUT_OF_RANGE;
}

/**
 * One campaign, from launch to awards: runs the template's phases in order, sleeps on a durable
 * timer until each phase's deadline (re-armed when the bureau moves it), then waits for the bureau
 * to approve the phase's result. All I/O is in activities; this code only decides.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignProgress> {
  const scope = { campaignId: input.campaignId, bureauId: input.bureauId, workflowId: workflowInfo().workflowId, requestId: input.requestId };
  const progress: CampaignProgress = {
    campaignId: input.campaignId,
    status: 'running',
    currentPhase: null,
    phases: input.phases.map((p) => ({ key: p.key, kind: p.kind, name: p.name, duration: p.duration, status: 'pending' })),
  };
  // True while an update handler records a change; the phase loop waits so a deadline and a
  // closing never cross.
  let busy = false;
  const phaseOf = (key: string): PhaseProgress => progress.phases.find((p) => p.key === key)!;

  setHandler(campaignProgressQuery, () => progress);

  setHandler(
    approvePhaseUpdate,
    async (req) => {
      busy = true;
      try {
        const phase = phaseOf(req.phaseKey);
        const at = workflowNowIso();
        try {
          if (req.republish) {
            const { deadline } = await acts.republishPhase({ ...scope, requestId: req.requestId ?? scope.requestId, phaseKey: phase.key, duration: phase.duration, at, approvedBy: req.approvedBy, actorAccountId: req.actorAccountId, note: req.note });
            Object.assign(phase, { status: 'open', deadline, closedAt: undefined });
            log.info('publicity phase re-publicised', { phase: phase.key, deadline });
            return phase;
          }
          await acts.approvePhase({ ...scope, requestId: req.requestId ?? scope.requestId, phaseKey: phase.key, kind: phase.kind, at, approvedBy: req.approvedBy, actorAccountId: req.actorAccountId, note: req.note });
        } catch (err) {
          // Unfinished work found in the database (undecided objections …): refuse, with the reason.
          if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === REFUSED) throw refused(err.cause.details?.[0] as Refusal);
          throw err;
        }
        Object.assign(phase, { status: 'approved', approvedAt: at, approvedBy: req.approvedBy });
        log.info('phase approved', { phase: phase.key, requestId: req.requestId });
        return phase;
      } finally {
        busy = false;
      }
    },
    {
      validator: (req) => {
        if (busy) throw refused(busyRefusal);
        const r = checkApproval(progress, req);
        if (r) throw refused(r);
      },
    },
  );

  setHandler(
    movePhaseDeadlineUpdate,
    async (req) => {
      busy = true;
      try {
        const phase = phaseOf(req.phaseKey);
        const to = new Date(req.deadline).toISOString();
        await acts.recordDeadlineMoved({
          ...scope,
          requestId: req.requestId ?? scope.requestId,
          phaseKey: phase.key,
          at: workflowNowIso(),
          from: phase.deadline,
          to,
          movedBy: req.movedBy,
          actorAccountId: req.actorAccountId,
          reason: req.reason,
          updateId: currentUpdateInfo()?.id ?? workflowNowIso(),
        });
        phase.deadline = to;
        // Its reminders move with it (a phase still blocked gets them when it opens).
        if (phase.status === 'open' && patched('reminders-v1')) {
          await acts.scheduleReminders({ subject: { kind: 'phase', bureauId: input.bureauId, campaignId: input.campaignId, phaseKey: phase.key }, deadline: to });
        }
        log.info('phase deadline moved', { phase: phase.key, deadline: to, requestId: req.requestId });
        return phase;
      } finally {
        busy = false;
      }
    },
    {
      validator: (req) => {
        if (busy) throw refused(busyRefusal);
        const r = checkDeadlineMove(progress, req, workflowNow());
        if (r) throw refused(r);
      },
    },
  );

  await acts.recordCampaignStarted({ ...scope, at: workflowNowIso() });

  for (const [seq, phase] of progress.phases.entries()) {
    progress.currentPhase = phase.key;
    phase.openedAt = workflowNowIso();
    let deadline: string | undefined;
    while (deadline === undefined) {
      try {
        ({ deadline } = await acts.openPhase({ ...scope, phaseKey: phase.key, seq, kind: phase.kind, duration: phase.duration, openedAt: phase.openedAt, deadline: phase.deadline }));
      } catch (err) {
        if (!isCalendarOutOfRange(err)) throw err;
        // The deadline cannot be computed: wait for the bureau to set one rather than guess.
        Object.assign(phase, { status: 'blocked', blockedReason: err.cause.message });
        log.warn('phase blocked: deadline outside calendar data', { phase: phase.key });
        await condition(() => phase.deadline !== undefined && !busy);
      }
    }
    Object.assign(phase, { status: 'open', deadline, blockedReason: undefined });
    // Campaigns started before reminders existed replay without them.
    const reminders = patched('reminders-v1');
    const subject = { kind: 'phase' as const, bureauId: input.bureauId, campaignId: input.campaignId, phaseKey: phase.key };
    if (reminders) await acts.scheduleReminders({ subject, deadline: deadline! });

    // A publicity phase may be re-publicised instead of approved: then it runs again to its new deadline.
    while (phase.status === 'open') {
      for (;;) {
        await condition(() => !busy);
        const target = phase.deadline!;
        const remaining = Date.parse(target) - workflowNow();
        if (remaining <= 0) break;
        await condition(() => phase.deadline !== target, remaining);
      }
      const closedAt = workflowNowIso();
      await acts.closePhase({ ...scope, phaseKey: phase.key, at: closedAt });
      Object.assign(phase, { status: 'awaiting_approval', closedAt });
      if (reminders) {
        await acts.stopReminders({ subject });
        if (phase.kind === 'seed_selection') await acts.scheduleRecheckReminders({ bureauId: input.bureauId, campaignId: input.campaignId, closedAt });
      }
      await condition(() => phase.status === 'approved' || phase.status === 'open');
      if (reminders && phase.status === 'open') await acts.scheduleReminders({ subject, deadline: phase.deadline! });
    }
  }

  progress.currentPhase = null;
  await acts.recordCampaignCompleted({ ...scope, at: workflowNowIso() });
  progress.status = 'completed';
  await condition(allHandlersFinished);
  return progress;
}
