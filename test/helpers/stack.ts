import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../config';

/** The README's start command (compiled) run as a child process, for tests against the whole stack. */
export const stackEntry = path.join(projectRoot, 'dist', 'stack', 'start.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function portOpen(port: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Running {
  child: ChildProcess;
  output: () => string;
}

/** Environment for a private stack: its own data folder and free ports, embedded defaults. */
export async function stackEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    API_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    DEMO_SMTP_PORT: String(await freePort()),
    DEMO_INBOX_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.APP_DATABASE_URL;
  delete env.SMTP_URL;
  delete env.TEMPORAL_ADDRESS;
  return env;
}

export function startStack(env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [stackEntry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return { child, output: () => out };
}

export async function waitForOutput(r: Running, pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const m = r.output().match(pattern);
    if (m) return m;
    if (r.child.exitCode !== null) throw new Error(`stack exited (${r.child.exitCode}):\n${r.output().slice(-4000)}`);
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`no ${pattern} in output:\n${r.output().slice(-4000)}`);
}

export async function stopStack(r: Running): Promise<number | null> {
  if (r.child.exitCode !== null) return r.child.exitCode;
  r.child.kill('SIGTERM');
  return new Promise((resolve) => r.child.once('exit', (code) => resolve(code)));
}

/** The demo accounts' passwords as the first start printed them. */
export function printedPasswords(output: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of output.matchAll(/(yq-[\w-]+)\s+.*password (\S+)/g)) found[m[1]!] = m[2]!;
  return found;
}
