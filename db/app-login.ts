import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

const ROLE_NAME = /^[a-z_][a-z0-9_]*$/;
export const APP_LOGIN = 'campaigns_app_login';

/**
 * Makes the application's own login role: a member of `campaigns_app` and nothing else, so a
 * connection the API or worker opens cannot switch back to the schema owner. Creates it, or resets
 * its password to the one in `appUrl`. Run with the owner's URL (it needs CREATEROLE).
 */
export async function ensureAppLogin(ownerUrl: string, appUrl: string): Promise<void> {
  const url = new URL(appUrl);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!ROLE_NAME.test(user)) throw new Error(`invalid application login name: ${user}`);
  if (!password) throw new Error('the application database URL has no password');
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const exists = (await client.query('select 1 from pg_roles where rolname = $1', [user])).rowCount;
    const verb = exists ? 'alter' : 'create';
    const { rows } = await client.query<{ sql: string }>(`select format('${verb} role %I login password %L', $1::text, $2::text) as sql`, [user, password]);
    await client.query(rows[0]!.sql);
    // Its only membership: the login has exactly campaigns_app's rights.
    await client.query(`grant campaigns_app to ${user}`);
  } finally {
    await client.end();
  }
}

/**
 * The URL the API and worker connect with. APP_DATABASE_URL when given; for the embedded database,
 * the application login with a password kept in DATA_DIR (made on first use). Undefined for an
 * external DATABASE_URL without APP_DATABASE_URL: then the processes log in as the owner and only
 * switch role, which a compromised process could undo (the API warns).
 */
export async function resolveAppDatabaseUrl(opts: { appUrl?: string; ownerUrl: string; embedded: boolean; dataDir: string }): Promise<string | undefined> {
  if (opts.appUrl) return opts.appUrl;
  if (!opts.embedded) return undefined;
  const file = path.join(opts.dataDir, 'app-db-password');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  const url = new URL(opts.ownerUrl);
  url.username = APP_LOGIN;
  url.password = fs.readFileSync(file, 'utf8').trim();
  const appUrl = url.toString();
  await ensureAppLogin(opts.ownerUrl, appUrl);
  return appUrl;
}
