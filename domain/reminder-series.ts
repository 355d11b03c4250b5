import { defineSignal } from '@temporalio/workflow';

/** What a series of reminders is about: one deadline, and whoever still owes something by it. */
export type ReminderSubject =
  | { kind: 'phase'; bureauId: string; campaignId: string; phaseKey: string }
  | { kind: 'objection'; bureauId: string; campaignId: string; objectionId: string }
  | { kind: 'recheck'; bureauId: string; campaignId: string };

export const reminderSeriesWorkflowType = 'reminderSeriesWorkflow';

/** One series per deadline subject; its id is the business key, so it is never started twice. */
export function reminderSeriesId(s: ReminderSubject): string {
  switch (s.kind) {
    case 'phase':
      return `reminders-phase-${s.campaignId}-${s.phaseKey}`;
    case 'objection':
      return `reminders-objection-${s.objectionId}`;
    case 'recheck':
      return `reminders-recheck-${s.campaignId}`;
  }
}

export interface ReminderSeriesInput {
  subject: ReminderSubject;
  /** ISO instant; a later deadlineSet signal replaces it. */
  deadline: string;
}

/** The deadline is set or moved: the series re-plans (already-sent reminders are not repeated). */
export const deadlineSetSignal = defineSignal<[string]>('deadlineSet');
/** Nothing is owed any more (decided, closed): the series ends without sending more. */
export const obligationMetSignal = defineSignal('obligationMet');
