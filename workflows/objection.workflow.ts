import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { objectionDecidedSignal, type ObjectionOutcome, type ObjectionWorkflowInput } from '../domain/objection';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Workflow time, deliberately: replay-safe inside Temporal's sandbox. */
const workflowNow = (): number => Date.now();

/**
 * One objection's handling clock: remind the handler before the deadline, tell the bureau
 * administrator once it is overdue, and stop as soon as the objection is decided. Its history is a
 * handful of events whatever the window's size: a window with 10,000 objections is 10,000 small
 * workflows, and the campaign workflow receives none of their messages.
 */
export async function objectionWorkflow(input: ObjectionWorkflowInput): Promise<ObjectionOutcome> {
  let decided = false;
  setHandler(objectionDecidedSignal, () => {
    decided = true;
  });
  const waitUntil = async (iso: string): Promise<boolean> => condition(() => decided, Math.max(0, Date.parse(iso) - workflowNow()));

  let outcome: ObjectionOutcome = 'decided_in_time';
  if (input.remindAt && !(await waitUntil(input.remindAt))) {
    // Whether anyone is still owed a reminder is decided when it fires, from the database.
    if ((await acts.remindObjection({ objectionId: input.objectionId, kind: 'reminder' })) > 0) outcome = 'reminded';
  }
  if (!decided && !(await waitUntil(input.escalateAt))) {
    if ((await acts.remindObjection({ objectionId: input.objectionId, kind: 'escalation' })) > 0) outcome = 'escalated';
  }
  return outcome;
}
