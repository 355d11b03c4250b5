import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REFUSED, type Refusal } from '../domain/campaign';
import { AppError } from './errors';

/** Turns a workflow's refusal of an update into a 409 problem that says why, in both languages. */
export function mapUpdateError(err: unknown): never {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === REFUSED) {
    const refusal = err.cause.details?.[0] as Refusal | undefined;
    if (refusal) throw new AppError(409, refusal.code, refusal.message);
  }
  if (err instanceof WorkflowNotFoundError) {
    throw new AppError(409, 'campaign_not_running', { zh: '活动尚未启动或已结束', en: 'The campaign is not running' });
  }
  if (isDeadlineExceeded(err)) {
    throw new AppError(503, 'workflow_unavailable', { zh: '活动流程暂时无响应，请稍后重试（您的操作未生效）', en: 'The campaign workflow is not answering; try again shortly (nothing was changed)' });
  }
  throw err;
}

function isDeadlineExceeded(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    // Which of the two the SDK reports depends on whether the deadline hit the RPC or the wait.
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && e.code === 4) return true; // DEADLINE_EXCEEDED
    if (e instanceof Error && /DEADLINE_EXCEEDED|deadline exceeded/i.test(e.message)) return true;
  }
  return false;
}
