import { defineSignal } from '@temporalio/workflow';

/** Messages and ids of the objection workflow: one short workflow per objection. */
export const objectionWorkflowType = 'objectionWorkflow';
export const objectionWorkflowId = (objectionId: string): string => `objection-${objectionId}`;

export interface ObjectionWorkflowInput {
  objectionId: string;
  bureauId: string;
  campaignId: string;
  /** ISO instants computed by the calendar when the objection was received. */
  remindAt: string | null;
  escalateAt: string;
}

/** Sent when the objection is decided, so its reminders stop at once (the database is the record). */
export const objectionDecidedSignal = defineSignal('objectionDecided');

export type ObjectionOutcome = 'decided_in_time' | 'reminded' | 'escalated';
