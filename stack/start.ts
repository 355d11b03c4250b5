import fs from 'node:fs';
import path from 'node:path';
import { embeddedDatabaseUrl, loadConfig } from '../config';
import { startEmbeddedPostgres, type EmbeddedPg } from '../db/embedded';
import { resolveAppDatabaseUrl } from '../db/app-login';
import { ensureDatabase, migrateUp } from '../db/migrate';
import { roleLabels, type Role } from '../domain/access';
import { loadDemo } from './demo';
import { startDemoInbox, type DemoInbox } from './demo-inbox';
import { spawnManaged, stopManaged, temporalReachable, waitFor, type Managed } from './processes';
import { findTool } from './tools';

/**
 * Starts the whole stack on one machine: PostgreSQL (embedded unless DATABASE_URL), the Temporal
 * dev server (unless TEMPORAL_ADDRESS), the worker and the API as separate processes, then loads
 * the demo. Ctrl-C stops everything; data stays in DATA_DIR for the next start.
 */
// Set once main() has its clean-up ready: a failed start leaves nothing of ours running.
let failStart = (err: unknown): void => {
  console.error('[stack] failed to start:', err);
  process.exit(1);
};

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const say = (msg: string) => process.stdout.write(`[stack] ${msg}\n`);
  const children: Managed[] = [];
  let pg: EmbeddedPg | undefined;
  let inbox: DemoInbox | undefined;
  let stopping = false;

  const watch = (m: Managed) => {
    children.push(m);
    m.child.once('exit', (code) => {
      if (stopping) return;
      say(`${m.name} exited unexpectedly (code ${code}); stopping the stack. Its last output:`);
      for (const line of m.tail) say(`  ${line}`);
      void stopAll(1);
    });
  };

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    for (const m of [...children].reverse()) await stopManaged(m);
    await inbox?.close().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  failStart = (err) => {
    say(`failed to start: ${err instanceof Error ? err.message : String(err)}`);
    void stopAll(1);
  };

  fs.mkdirSync(config.DATA_DIR, { recursive: true });
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    say(`starting embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${path.join(config.DATA_DIR, 'pg')})`);
    pg = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'pg'), port: config.EMBEDDED_PG_PORT, stopOnSignals: false });
    databaseUrl = embeddedDatabaseUrl(config);
    await ensureDatabase(databaseUrl);
  }
  const applied = await migrateUp(databaseUrl);
  // The API and worker log in as the application's own role, never as the schema owner.
  const appUrl = await resolveAppDatabaseUrl({ appUrl: config.APP_DATABASE_URL, ownerUrl: databaseUrl, embedded: !config.DATABASE_URL, dataDir: config.DATA_DIR });
  say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    temporalAddress = `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
    temporalUi = `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`;
    const temporal = findTool('temporal', config.TOOLS_DIR);
    say(`starting Temporal dev server on ${temporalAddress} (state in ${path.join(config.DATA_DIR, 'temporal.db')})`);
    if (await temporalReachable(temporalAddress).catch(() => false)) {
      throw new Error(`a Temporal server already answers on ${temporalAddress}; stop it, or set TEMPORAL_ADDRESS to use it, or TEMPORAL_DEV_PORT to start another`);
    }
    watch(
      spawnManaged(
        'temporal',
        temporal,
        ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(config.TEMPORAL_DEV_PORT), '--ui-port', String(config.TEMPORAL_UI_PORT),
          '--db-filename', path.join(config.DATA_DIR, 'temporal.db'), '--log-level', 'warn', '--namespace', config.TEMPORAL_NAMESPACE],
        process.env,
        true,
      ),
    );
  }
  const address = temporalAddress;
  await waitFor('Temporal', () => temporalReachable(address));

  // No mail server configured: the demo's messages land in a local inbox folder instead.
  if (!config.SMTP_URL) {
    inbox = await startDemoInbox({ dir: path.join(config.DATA_DIR, 'demo-inbox'), smtpPort: config.DEMO_SMTP_PORT, httpPort: config.DEMO_INBOX_PORT });
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: address, ...(appUrl ? { APP_DATABASE_URL: appUrl } : {}), ...(inbox ? { SMTP_URL: inbox.smtpUrl } : {}) };
  const dist = path.resolve(__dirname, '..');
  watch(spawnManaged('worker', process.execPath, [path.join(dist, 'worker', 'main.js')], env));
  watch(spawnManaged('api', process.execPath, [path.join(dist, 'api', 'server.js')], env));

  const apiBase = `http://${config.API_HOST}:${config.API_PORT}`;
  await waitFor('API', async () => (await fetch(`${apiBase}/health`)).ok);
  const demo = await loadDemo(apiBase, appUrl ?? databaseUrl, config.DATABASE_APP_ROLE, inbox?.httpBase);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say('');
  say(`ready in ${seconds} s`);
  say(`  API            ${apiBase}`);
  say(`  web console    ${apiBase}/console/   ← open this and sign in with a demo account`);
  say(`  API docs       ${apiBase}/docs`);
  say(`  Temporal UI    ${temporalUi ?? '(your cluster’s UI)'}`);
  say(`  demo campaign  ${apiBase}/campaigns/${demo.campaignId}${demo.created ? ' (created now)' : ''}`);
  say('  demo accounts  (sign in to the console, or POST /auth/login with username and password)');
  for (const a of demo.accounts) {
    const label = roleLabels[a.role as Role];
    say(`    ${a.username.padEnd(16)} ${`${label.zh} ${label.en}`.padEnd(32)} ${a.password ? `password ${a.password}` : ''}`);
  }
  if (demo.accounts.some((a) => a.password)) {
    say('  The passwords above are shown this once and stored only as hashes: note them now.');
  } else {
    say('  Passwords were printed when the accounts were created. Reset one with:');
    say('    npm run account:reset-password -- <username>');
  }
  if (inbox) say(`  demo inbox     ${inbox.dir} (reminder e-mail in mail/, robot and webhook posts in robots/)`);
  say('Press Ctrl-C to stop; data stays in ' + config.DATA_DIR);
}

main().catch((err: unknown) => failStart(err));
