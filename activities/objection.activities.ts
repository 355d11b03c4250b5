import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { withTransaction } from '../db/pool';
import { appendAuditEvent } from '../db/repositories/audit.repository';
import { getObjection, insertNotification } from '../db/repositories/objections.repository';
import { formatShanghai } from '../domain/time-format';

export function createObjectionActivities({ pool, logger }: { pool: Pool; logger: Logger }) {
  return {
    /**
     * Reminds whoever still owes the objection a decision: before the deadline its handling
     * department (or, unassigned, the bureau administrators); after it, the administrators. Nobody
     * when it is already decided. Returns how many were told; idempotent per objection and kind.
     */
    async remindObjection(a: { objectionId: string; kind: 'reminder' | 'escalation' }): Promise<number> {
      return withTransaction(pool, async (tx) => {
        const o = await getObjection(tx, a.objectionId);
        if (!o || o.status === 'decided') return 0;
        const deadline = formatShanghai(o.handling_deadline);
        const title =
          a.kind === 'reminder'
            ? { zh: `异议处理即将到期（${deadline}）`, en: `An objection is due by ${deadline}` }
            : { zh: `异议处理已逾期（期限 ${deadline}）`, en: `An objection is overdue (due ${deadline})` };
        const body = { objectionId: o.id, campaignId: o.campaign_id, deadline: o.handling_deadline.toISOString(), link: `/objections/${o.id}` };
        let told = 0;
        if (a.kind === 'reminder' && o.handler_department) {
          if (await insertNotification(tx, { bureauId: o.bureau_id, departmentId: o.handler_department, objectionId: o.id, kind: `objection.${a.kind}`, title, body, key: `objection:${o.id}:${a.kind}` })) told += 1;
        } else {
          const { rows } = await tx.query<{ id: string }>(`select id from accounts where bureau_id = $1 and role = 'bureau_admin' and disabled_at is null`, [o.bureau_id]);
          for (const admin of rows) {
            if (await insertNotification(tx, { bureauId: o.bureau_id, accountId: admin.id, objectionId: o.id, kind: `objection.${a.kind}`, title, body, key: `objection:${o.id}:${a.kind}:${admin.id}` })) told += 1;
          }
        }
        if (told > 0) {
          await appendAuditEvent(tx, {
            bureauId: o.bureau_id,
            campaignId: o.campaign_id,
            actor: 'system:objection-workflow',
            action: `objection.${a.kind === 'reminder' ? 'reminded' : 'escalated'}`,
            subject: `objection:${o.id}`,
            after: { recipients: told, deadline: o.handling_deadline.toISOString() },
            idempotencyKey: `objection:${o.id}:${a.kind}`,
          });
          logger.info({ objectionId: o.id, kind: a.kind, told }, 'objection reminder sent');
        }
        return told;
      });
    },
  };
}
