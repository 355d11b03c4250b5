import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { workflowNow, workflowNowIso } from './workflow-time';
import { deadlineSetSignal, obligationMetSignal, type ReminderSeriesInput } from '../domain/reminder-series';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});


/**
 * The reminders of one deadline. The plan (which days, at what hour) comes from an activity, so a
 * calendar update never changes a recorded history. A moved deadline re-plans; an obligation met
 * ends the series. Who is reminded is decided when each reminder fires. Its history stays small:
 * a few timers and the rare deadline move.
 */
export async function reminderSeriesWorkflow(input: ReminderSeriesInput): Promise<{ sent: number }> {
  let deadline = input.deadline;
  let version = 0;
  let met = false;
  setHandler(deadlineSetSignal, (d: string) => {
    if (d !== deadline) {
      deadline = d;
      version += 1;
    }
  });
  setHandler(obligationMetSignal, () => {
    met = true;
  });

  let sent = 0;
  for (;;) {
    const planned = version;
    const { planned: plan } = await acts.planReminderSeries({ subject: input.subject, deadline, now: workflowNowIso() });
    let moved = false;
    for (const r of plan) {
      const wait = Date.parse(r.at) - workflowNow();
      if (wait > 0) await condition(() => met || version !== planned, wait);
      if (met) return { sent };
      if (version !== planned) {
        moved = true;
        break;
      }
      sent += await acts.fireReminder({ subject: input.subject, deadline, key: r.key, escalate: r.escalate, firedAt: workflowNowIso() });
    }
    if (!moved) return { sent };
  }
}
