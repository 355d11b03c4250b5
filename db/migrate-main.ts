import { embeddedDatabaseUrl, loadConfig } from '../config';
import { ensureAppLogin } from './app-login';
import { ensureDatabase, migrateUp } from './migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL; exits non-zero on failure. */
async function main(): Promise<void> {
  const config = loadConfig();
  const url = config.DATABASE_URL ?? embeddedDatabaseUrl(config);
  if (process.env.MIGRATE_CREATE_DATABASE === 'true') await ensureDatabase(url);
  const applied = await migrateUp(url, { info: (m) => process.stdout.write(`${m}\n`) });
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
  if (config.APP_DATABASE_URL) {
    await ensureAppLogin(url, config.APP_DATABASE_URL);
    process.stdout.write(`application login ${new URL(config.APP_DATABASE_URL).username} is ready\n`);
  }
}

main().catch((err: unknown) => {
  console.error('migration failed:', err);
  process.exit(1);
});
