/**
 * Workflow time, deliberately and in one place: inside Temporal's sandbox Date.now() is the
 * workflow's own deterministic, replay-safe clock, not the machine's.
 */
export const workflowNow = (): number => Date.now();
export const workflowNowIso = (): string => new Date(workflowNow()).toISOString();
