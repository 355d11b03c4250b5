import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { withTransaction } from '../db/pool';
import { appendAuditEvent } from '../db/repositories/audit.repository';
import { insertNotification } from '../db/repositories/objections.repository';
import { reminderText } from '../domain/messages';
import { campaignOf, deadlineSetSignal, obligationMetSignal, reminderSeriesId, reminderSeriesWorkflowType, type ReminderSubject } from '../domain/reminder-series';
import { defaultReminderRules, planReminders, type PlannedReminder, type ReminderRules } from '../domain/reminders';
import { CalendarOutOfRangeError, deadlineFor } from '../domain/calendar';
import type { CampaignTemplate } from '../domain/templates';
import { owedFor } from './reminder-recipients';

export interface ReminderDeps {
  pool: Pool;
  logger: Logger;
  /** Starts and signals reminder series; absent in tests that run activities alone. */
  temporal?: Client;
  taskQueue?: string;
  /** Base of the links in messages. */
  publicUrl?: string;
}

export function createReminderActivities({ pool, logger, temporal, taskQueue, publicUrl = 'http://127.0.0.1:3000' }: ReminderDeps) {
  /** Starts the subject's reminder series, or moves its deadline if it runs. */
  async function scheduleReminders(a: { subject: ReminderSubject; deadline: string }): Promise<void> {
    if (!temporal || !taskQueue) throw new Error('reminders need a Temporal client and task queue in the activity dependencies');
    await temporal.workflow.signalWithStart(reminderSeriesWorkflowType, {
      taskQueue,
      workflowId: reminderSeriesId(a.subject),
      args: [{ subject: a.subject, deadline: a.deadline }],
      signal: deadlineSetSignal,
      signalArgs: [a.deadline],
    });
  }

  return {
    scheduleReminders,

    async planReminderSeries(a: { subject: ReminderSubject; deadline: string; now: string }): Promise<{ planned: PlannedReminder[] }> {
      const campaignId = campaignOf(a.subject);
      const rules =
        a.subject.kind === 'checklist'
          ? ((await pool.query<{ reminders: ReminderRules | null }>('select reminders from readiness_checklists where id = $1', [a.subject.checklistId])).rows[0]?.reminders ?? defaultReminderRules)
          : ((await pool.query<{ template: CampaignTemplate }>('select template from campaigns where id = $1', [campaignId])).rows[0]?.template.reminders ?? defaultReminderRules);
      const { planned, skipped } = planReminders(new Date(a.deadline), rules, new Date(a.now));
      if (skipped.length > 0) logger.warn({ subject: a.subject, skipped }, 'reminders outside the calendar data are not sent');
      return { planned };
    },

    /**
     * Sends one reminder to whoever still owes something now: the in-app inbox, and the outbox for
     * e-mail, group robots and webhooks, all in one transaction. Idempotent per series, reminder
     * and recipient. Returns how many were told (0 when nothing is owed any more).
     */
    async fireReminder(a: { subject: ReminderSubject; deadline: string; key: string; escalate: boolean; firedAt: string }): Promise<number> {
      const series = reminderSeriesId(a.subject);
      return withTransaction(pool, async (tx) => {
        const owed = await owedFor(tx, a.subject, a.escalate);
        if (!owed) return 0;
        const deadline = new Date(a.deadline);
        const overdue = Date.parse(a.firedAt) >= deadline.getTime();
        const { rows: bureau } = await tx.query<{ name: string }>('select name from bureaus where id = $1', [a.subject.bureauId]);
        const facts = { bureauName: bureau[0]!.name, what: owed.what, owed: owed.owed, deadline, overdue, link: `${publicUrl}${owed.link}` };
        const zh = reminderText(facts, 'zh');
        let told = 0;
        const outbox = async (o: { channel: string; channelId?: string | null; accountId?: string | null; recipient: string; text: { subject: string; body: string } }) => {
          const { rowCount } = await tx.query(
            `insert into outbox (bureau_id, channel, channel_id, account_id, recipient, subject, body, link, dedupe_key)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (dedupe_key) do nothing`,
            [a.subject.bureauId, o.channel, o.channelId ?? null, o.accountId ?? null, o.recipient, o.text.subject, o.text.body, facts.link, `${series}:${a.key}:${o.channel}:${o.recipient}`],
          );
          return (rowCount ?? 0) > 0;
        };
        const people = [...new Set(owed.accounts)];
        const { rows: contacts } = await tx.query<{ id: string; email: string | null; wants_email: boolean | null; language: 'zh' | 'en' | null }>(
          `select a.id, a.email, p.email as wants_email, p.language from accounts a left join notification_preferences p on p.account_id = a.id where a.id = any($1)`,
          [people],
        );
        for (const c of contacts) {
          // A person is told what they themselves owe where the subject says so (a department its own items).
          const mine = owed.owedByAccount?.[c.id];
          const text = reminderText(mine ? { ...facts, owed: mine } : facts, c.language ?? 'zh');
          if (await insertNotification(tx, { bureauId: a.subject.bureauId, accountId: c.id, kind: 'reminder', title: { zh: zh.subject, en: reminderText(facts, 'en').subject }, body: { text: text.body, deadline: a.deadline, link: facts.link, escalate: a.escalate }, key: `${series}:${a.key}:inapp:${c.id}` })) told += 1;
          if (c.email && c.wants_email !== false) await outbox({ channel: 'email', accountId: c.id, recipient: c.email, text });
        }
        // Group robots of the departments that owe, the bureau's own group and its webhooks when it should know.
        const { rows: channels } = await tx.query<{ id: string; kind: string; department_id: string | null }>(
          `select id, kind, department_id from notification_channels
            where bureau_id = $1 and enabled and ((department_id = any($2)) or ($3 and department_id is null))`,
          [a.subject.bureauId, owed.departments, owed.bureauGroup],
        );
        for (const ch of channels) {
          const theirs = ch.department_id ? owed.owedByDepartment?.[ch.department_id] : undefined;
          if (await outbox({ channel: ch.kind, channelId: ch.id, recipient: ch.id, text: theirs ? reminderText({ ...facts, owed: theirs }, 'zh') : zh })) told += 1;
        }
        await appendAuditEvent(tx, {
          bureauId: a.subject.bureauId,
          campaignId: campaignOf(a.subject),
          actor: 'system:reminders',
          action: a.escalate ? 'reminder.escalated' : 'reminder.sent',
          subject: series,
          after: { key: a.key, deadline: a.deadline, firedAt: a.firedAt, people: contacts.length, channels: channels.length },
          idempotencyKey: `${series}:${a.key}`,
          occurredAt: new Date(a.firedAt),
        });
        logger.info({ series, key: a.key, told }, 'reminder sent');
        return told;
      });
    },

    /** The re-check's reminders: due a campaign-set time after the application deadline. */
    async scheduleRecheckReminders(a: { bureauId: string; campaignId: string; closedAt: string }): Promise<void> {
      const { rows } = await pool.query<{ template: CampaignTemplate }>('select template from campaigns where id = $1', [a.campaignId]);
      const within = rows[0]?.template.rules?.recheckWithin ?? { amount: 10, unit: 'working_days' as const };
      let deadline: Date;
      try {
        deadline = deadlineFor(new Date(a.closedAt), within);
      } catch (err) {
        if (!(err instanceof CalendarOutOfRangeError)) throw err;
        logger.warn({ campaignId: a.campaignId }, 're-check deadline outside the calendar data: no re-check reminders');
        return;
      }
      await scheduleReminders({ subject: { kind: 'recheck', bureauId: a.bureauId, campaignId: a.campaignId }, deadline: deadline.toISOString() });
    },

    /** Ends the subject's reminders: nothing is owed any more. */
    async stopReminders(a: { subject: ReminderSubject }): Promise<void> {
      if (!temporal) return;
      try {
        await temporal.workflow.getHandle(reminderSeriesId(a.subject)).signal(obligationMetSignal);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    },
  };
}
