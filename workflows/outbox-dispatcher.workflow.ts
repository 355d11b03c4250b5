import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // A worker that dies mid-batch stops heartbeating; another takes the batch over within 20 s.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export const OUTBOX_DISPATCHER_ID = 'outbox-dispatcher';
const BATCH = 200;

/**
 * Drains the outbox: every few seconds, or at once while there is a full batch waiting. It
 * receives no messages; it starts afresh (continue-as-new) every 200 rounds to keep its history
 * short. One per task queue, started by the worker.
 */
export async function outboxDispatcherWorkflow(input: { intervalSeconds: number; bureauIds?: string[] }): Promise<void> {
  for (let round = 0; round < 200; round += 1) {
    const r = await acts.dispatchOutbox({ limit: BATCH, bureauIds: input.bureauIds });
    if (r.claimed < BATCH) await sleep(input.intervalSeconds * 1000);
  }
  await continueAsNew<typeof outboxDispatcherWorkflow>(input);
}
