import { NativeConnection, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { appDatabaseUrl, loadConfig } from '../config';
import { createPool } from '../db/pool';
import { PinoTemporalLogger } from './temporal-logger';
import { createWorker } from './worker';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'worker' } });
  Runtime.install({ logger: new PinoTemporalLogger(logger) });
  const pool = createPool(appDatabaseUrl(config), { role: config.DATABASE_APP_ROLE });
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    pool,
    logger,
    publicUrl: config.PUBLIC_URL ?? `http://${config.API_HOST}:${config.API_PORT}`,
    delivery: { smtpUrl: config.SMTP_URL, smtpFrom: config.SMTP_FROM, claimSeconds: config.OUTBOX_CLAIM_SECONDS },
  });
  await ensureOutboxDispatcher(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), config.TEMPORAL_TASK_QUEUE, config.OUTBOX_BUREAU_IDS);
  logger.info({ address, taskQueue: config.TEMPORAL_TASK_QUEUE, smtp: !!config.SMTP_URL }, 'worker running');
  // The worker shuts down gracefully on SIGINT/SIGTERM (its default shutdown signals).
  await worker.run();
  await connection.close();
  await pool.end();
  logger.info('worker stopped');
}

/** One outbox dispatcher per task queue; a second worker finds it running. */
async function ensureOutboxDispatcher(client: Client, taskQueue: string, bureauIds?: string[]): Promise<void> {
  try {
    await client.workflow.start('outboxDispatcherWorkflow', { taskQueue, workflowId: `outbox-dispatcher-${taskQueue}`, args: [{ intervalSeconds: 5, bureauIds }] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
