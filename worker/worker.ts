import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createActivities } from '../activities';

export const workflowsPath = require.resolve('../workflows');

/** Builds the worker that runs campaign workflows and their activities. */
export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  logger: Logger;
  workflowBundle?: WorkerOptions['workflowBundle'];
  maxCachedWorkflows?: number;
  publicUrl?: string;
  delivery?: { smtpUrl?: string; smtpFrom?: string; claimSeconds?: number };
}): Promise<Worker> {
  // Activities start and signal reminder series through a client on the worker's own connection.
  const temporal = new Client({ connection: opts.connection, namespace: opts.namespace });
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    activities: createActivities({ pool: opts.pool, logger: opts.logger, temporal, taskQueue: opts.taskQueue, publicUrl: opts.publicUrl, ...opts.delivery }),
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
  });
}
