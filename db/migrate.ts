import path from 'node:path';
import { Client } from 'pg';

import { projectRoot } from '../config';

// Compiled code runs from dist/; the SQL files stay in the checkout's migrations/.
export const MIGRATIONS_DIR = path.join(projectRoot, 'migrations');

export interface MigrateLog {
  info(msg: string): void;
}

/** Applies every pending migration with node-pg-migrate; throws (and so exits non-zero) on failure. */
export async function migrateUp(databaseUrl: string, log?: MigrateLog): Promise<string[]> {
  const { runner } = await import('node-pg-migrate');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      checkOrder: true,
      singleTransaction: true,
      log: (msg: string) => log?.info(msg),
    });
    return applied.map((m: { name: string }) => m.name);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL when it does not exist (embedded and test set-ups). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsupported database name: ${name}`);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database ${name}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}
