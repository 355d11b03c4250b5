import { NativeConnection, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { appDatabaseUrl, loadConfig } from '../config';
import { createPool } from '../db/pool';
import { PinoTemporalLogger } from './temporal-logger';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'worker' } });
  Runtime.install({ logger: new PinoTemporalLogger(logger) });
  const pool = createPool(appDatabaseUrl(config), { role: config.DATABASE_APP_ROLE });
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await createWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, pool, logger });
  logger.info({ address, taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
  // The worker shuts down gracefully on SIGINT/SIGTERM (its default shutdown signals).
  await worker.run();
  await connection.close();
  await pool.end();
  logger.info('worker stopped');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
