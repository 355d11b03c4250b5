import { Client, Connection } from '@temporalio/client';
import { appDatabaseUrl, loadConfig } from '../config';
import { createPool } from '../db/pool';
import { buildApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const pool = createPool(appDatabaseUrl(config), { role: config.DATABASE_APP_ROLE });
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const app = await buildApp(
    { pool, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE },
    { logger: { level: config.LOG_LEVEL, base: { service: 'api' } }, trustProxyHops: config.TRUST_PROXY_HOPS },
  );

  if (!config.APP_DATABASE_URL) {
    app.log.warn('APP_DATABASE_URL is not set: the API logs in as the schema owner and only switches to the restricted role; set it (npm run migrate creates that login)');
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Finish in-flight requests, but never hang: a stuck close is cut off after 10 s.
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    void app
      .close()
      .then(() => connection.close())
      .then(() => pool.end())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ host: config.API_HOST, port: config.API_PORT });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
