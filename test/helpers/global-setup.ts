import path from 'node:path';
import { loadConfig } from '../../config';
import { startEmbeddedPostgres } from '../../db/embedded';
import { randomBytes } from 'node:crypto';
import { APP_LOGIN, ensureAppLogin } from '../../db/app-login';
import { ensureDatabase, migrateUp } from '../../db/migrate';
import { findTool } from '../../stack/tools';

/**
 * Once per test run: a real PostgreSQL (embedded unless DATABASE_URL is set) with the schema
 * migrated, and the Temporal binaries located. Test files share the database and keep apart by
 * creating their own bureau.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  findTool('temporal-test-server', config.TOOLS_DIR);
  if (!process.env.TEMPORAL_ADDRESS) findTool('temporal', config.TOOLS_DIR);
  let url = process.env.DATABASE_URL;
  if (!url) {
    const port = Number(process.env.TEST_PG_PORT ?? 54331);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'test-pg'), port });
    (globalThis as { __embeddedPg?: typeof pg }).__embeddedPg = pg;
    url = `postgres://postgres:postgres@127.0.0.1:${port}/campaigns_test`;
    process.env.DATABASE_URL = url;
  }
  await ensureDatabase(url);
  await migrateUp(url);
  // Tests connect as the application does: its own login, a member of the restricted role only.
  if (!process.env.APP_DATABASE_URL) {
    const app = new URL(url);
    app.username = APP_LOGIN;
    app.password = randomBytes(18).toString('base64url');
    process.env.APP_DATABASE_URL = app.toString();
  }
  await ensureAppLogin(url, process.env.APP_DATABASE_URL);
}
