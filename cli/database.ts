import net from 'node:net';
import path from 'node:path';
import type { Pool } from 'pg';
import { embeddedDatabaseUrl, loadConfig } from '../config';
import { startEmbeddedPostgres } from '../db/embedded';
import { resolveAppDatabaseUrl } from '../db/app-login';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * Runs an operator command against the database: DATABASE_URL when set; otherwise the embedded
 * PostgreSQL, which this starts (and stops afterwards) when the stack is not running. The pool has
 * the application's privileges, like the API.
 */
export async function withDatabase<T>(fn: (pool: Pool) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let stop: (() => Promise<void>) | undefined;
  let url = config.DATABASE_URL;
  const embedded = !url;
  if (!url) {
    url = embeddedDatabaseUrl(config);
    if (!(await reachable(config.EMBEDDED_PG_PORT))) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'pg'), port: config.EMBEDDED_PG_PORT, stopOnSignals: false });
      stop = () => pg.stop();
    }
  }
  await migrateUp(url);
  const appUrl = await resolveAppDatabaseUrl({ appUrl: config.APP_DATABASE_URL, ownerUrl: url, embedded, dataDir: config.DATA_DIR });
  const pool = createPool(appUrl ?? url, { max: 2, role: config.DATABASE_APP_ROLE || undefined });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
    await stop?.();
  }
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
