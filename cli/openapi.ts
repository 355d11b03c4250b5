import { Connection, Client } from '@temporalio/client';
import { Pool } from 'pg';
import { buildApp } from '../api/app';

/**
 * Prints the API's OpenAPI document. Nothing is connected: the pool and the Temporal connection
 * are lazy and no route runs. The console's types are generated from this document.
 */
async function main() {
  const pool = new Pool();
  const app = await buildApp({ pool, temporal: new Client({ connection: Connection.lazy() }), taskQueue: 'openapi' });
  await app.ready();
  process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
  await app.close();
  await pool.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
