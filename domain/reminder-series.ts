import { defineSignal } from '@temporalio/workflow';

/** What a series of reminders is about: one deadline, and whoever still owes something by it. */
export type ReminderSubject =
  | { kind: 'phase'; bureauId: string; campaignId: string; phaseKey: string }
  | { kind: 'objection'; bureauId: string; campaignId: string; objectionId: string }
  | { kind: 'recheck'; bureauId: string; campaignId: string }
  /** The items of a county readiness checklist due on one date (YYYY-MM-DD, Beijing). */
  | { kind: 'checklist'; bureauId: string; checklistId: string; dueOn: string };

/** The campaign a subject belongs to, if any (a county checklist belongs to none). */
export const campaignOf = (s: ReminderSubject): string | undefined => ('campaignId' in s ? s.campaignId : undefined);

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
    case 'checklist':
      return `reminders-checklist-${s.checklistId}-${s.dueOn}`;
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
