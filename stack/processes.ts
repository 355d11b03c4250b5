import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';

export interface Managed {
  name: string;
  child: ChildProcess;
  /** The last lines it printed, kept even when quiet, to explain an early exit. */
  tail: string[];
}

/** Spawns a long-running child whose output is prefixed with its name. */
export function spawnManaged(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, quiet = false): Managed {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (!quiet) stream.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', forward(process.stdout));
  child.stderr?.on('data', forward(process.stderr));
  return { name, child, tail };
}

export async function stopManaged(m: Managed, timeoutMs = 15_000): Promise<void> {
  if (m.child.exitCode !== null || m.child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      m.child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    m.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    m.child.kill('SIGTERM');
  });
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

export async function temporalReachable(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}
