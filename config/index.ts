import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The checkout's root (the folder with package.json), whether running from source or dist/. */
export const projectRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/**
 * The one configuration schema for every process (API, worker, stack launcher, tests).
 * Each variable is documented in the README's "Configuration" section.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Use this PostgreSQL server; unset = embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * The URL the API and worker log in with: a login that is a member of the restricted role
   * (DATABASE_APP_ROLE) and nothing else. `npm run migrate` creates it with this password. Unset
   * with the embedded database: made automatically, its password kept in DATA_DIR.
   */
  APP_DATABASE_URL: z.string().url().optional(),
  /**
   * The restricted role the API and worker switch to on every connection (see the identity
   * migration); it cannot change or remove audit events. Empty = keep the login role, for a
   * DATABASE_URL that already logs in as a restricted role.
   */
  DATABASE_APP_ROLE: z.string().regex(/^$|^[a-z_][a-z0-9_]*$/).default('campaigns_app'),
  /** Use this Temporal frontend (host:port); unset = start the CLI dev server. */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('campaigns'),
  DATA_DIR: z.string().min(1).default(path.join(projectRoot, '.data')),
  TOOLS_DIR: z.string().min(1).default(path.join(projectRoot, '.tools')),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Behind a reverse proxy: how many proxy hops to trust for the client's address (X-Forwarded-For),
   * which the per-address rate limits use. 0 = use the socket's address.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Outgoing mail server for reminders, e.g. smtp://user:pass@mail.example.cn:587; unset = e-mail is not sent (shown as failed). */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().min(3).default('创建活动通知 <noreply@localhost>'),
  /** A message claimed by a worker that died is sent again after this many seconds. */
  OUTBOX_CLAIM_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Deliver only these bureaus' messages (comma-separated ids), e.g. to give large bureaus their own workers; unset = all. */
  OUTBOX_BUREAU_IDS: z
    .string()
    .regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/)
    .transform((s) => s.split(','))
    .optional(),
  /** Ports of the start command's demo inbox (a local mail server and robot receiver) when SMTP_URL is unset. */
  DEMO_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  DEMO_INBOX_PORT: z.coerce.number().int().min(1).max(65535).default(3025),
  /** Public base URL used in links (notices, messages). */
  PUBLIC_URL: z.string().url().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Where the API and worker connect: the application's own login when there is one. */
export function appDatabaseUrl(config: Config): string {
  return config.APP_DATABASE_URL ?? config.DATABASE_URL ?? embeddedDatabaseUrl(config);
}

export function embeddedDatabaseUrl(config: Config, database = 'campaigns'): string {
  return `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/${database}`;
}
