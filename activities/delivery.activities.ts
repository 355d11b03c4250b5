import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { emailSender } from '../notify/channels';
import { dispatchOutbox, type DispatchResult } from '../notify/dispatch';

export interface DeliveryDeps {
  pool: Pool;
  logger: Logger;
  smtpUrl?: string;
  smtpFrom?: string;
  claimSeconds?: number;
}

export function createDeliveryActivities({ pool, logger, smtpUrl, smtpFrom = '创建活动通知 <noreply@localhost>', claimSeconds = 60 }: DeliveryDeps) {
  const sendEmail = emailSender(smtpUrl, smtpFrom);
  const heartbeat = () => {
    try {
      Context.current().heartbeat();
    } catch {
      // called outside an activity (a test or a command): nothing to report to
    }
  };
  return {
    /** Sends what is due in the outbox; safe to run on several workers at once. */
    async dispatchOutbox(a: { limit: number; bureauIds?: string[] }): Promise<DispatchResult> {
      await pool.query(`delete from robot_sends where sent_at < now() - interval '1 hour'`);
      return dispatchOutbox({ pool, logger, sendEmail, claimSeconds, heartbeat }, a.limit, a.bureauIds);
    },
  };
}
