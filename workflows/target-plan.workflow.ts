import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { workflowNow, workflowNowIso } from './workflow-time';
import { withdrawPlanSignal, type TargetPlanInput } from '../domain/targets';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});


/**
 * A multi-year target plan: sleeps to the next target's date (years, if need be), has it checked
 * and its accountability applied, then continues as new for the next one — so the history of each
 * run holds one target, however many years the plan spans.
 */
export async function targetPlanWorkflow(input: TargetPlanInput): Promise<{ checked: number }> {
  let withdrawn = false;
  setHandler(withdrawPlanSignal, () => {
    withdrawn = true;
  });
  const target = input.schedule[input.next];
  if (!target) return { checked: input.next };
  const wait = Date.parse(target.dueAt) - workflowNow();
  if (wait > 0 && (await condition(() => withdrawn, wait))) return { checked: input.next };
  await acts.checkTarget({ planId: input.planId, targetKey: target.key, checkedAt: workflowNowIso() });
  if (input.next + 1 >= input.schedule.length) return { checked: input.next + 1 };
  return continueAsNew<typeof targetPlanWorkflow>({ ...input, next: input.next + 1 });
}
