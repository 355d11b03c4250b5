import { z } from 'zod';
import { addCalendarDays, CalendarOutOfRangeError, durationSchemaUnits, shanghaiAt, shanghaiDate, workingDayOffset } from './calendar';

/**
 * When reminders fire around a deadline. Offsets count from the deadline's last day (the day that
 * ends at 24:00 Beijing time): "3 working days before", "on the day" (0), "1 working day after"
 * (an escalation). They fire at a working hour (09:00 by default), never at night.
 */
export const reminderOffsetSchema = z.object({
  amount: z.number().int().min(0).max(60),
  unit: z.enum(durationSchemaUnits),
  direction: z.enum(['before', 'after']),
  /** After the deadline: tell the bureau administrators, not only those who owe. */
  escalate: z.boolean().default(false),
});
export type ReminderOffset = z.infer<typeof reminderOffsetSchema>;

export const defaultReminderOffsets: ReminderOffset[] = [
  { amount: 3, unit: 'working_days', direction: 'before', escalate: false },
  { amount: 1, unit: 'working_days', direction: 'before', escalate: false },
  { amount: 0, unit: 'working_days', direction: 'before', escalate: false },
  { amount: 1, unit: 'working_days', direction: 'after', escalate: true },
];

export const reminderRulesSchema = z.object({
  offsets: z.array(reminderOffsetSchema).max(10).default(defaultReminderOffsets),
  /** The hour (Beijing time) reminders go out. */
  hour: z.number().int().min(0).max(23).default(9),
});
export type ReminderRules = z.infer<typeof reminderRulesSchema>;
export const defaultReminderRules: ReminderRules = { offsets: defaultReminderOffsets, hour: 9 };

export interface PlannedReminder {
  /** Stable per offset and deadline: a reminder is sent once per deadline, however often planned. */
  key: string;
  at: string;
  escalate: boolean;
  offset: ReminderOffset;
}

export const offsetKey = (o: ReminderOffset): string => `${o.direction}-${o.amount}-${o.unit}`;

/**
 * The reminders still ahead of `now` for a deadline, in time order. One whose day is outside the
 * working-day calendar's data is left out (and reported) rather than guessed.
 */
export function planReminders(deadline: Date, rules: ReminderRules, now: Date): { planned: PlannedReminder[]; skipped: { key: string; reason: string }[] } {
  const lastDay = shanghaiDate(deadline.getTime() - 1);
  const planned: PlannedReminder[] = [];
  const skipped: { key: string; reason: string }[] = [];
  for (const offset of rules.offsets) {
    const key = `${offsetKey(offset)}@${deadline.toISOString()}`;
    const signed = offset.direction === 'before' ? -offset.amount : offset.amount;
    let day: string;
    try {
      day = offset.amount === 0 ? lastDay : offset.unit === 'working_days' ? workingDayOffset(lastDay, signed) : addCalendarDays(lastDay, signed);
    } catch (err) {
      if (!(err instanceof CalendarOutOfRangeError)) throw err;
      skipped.push({ key, reason: err.message });
      continue;
    }
    const at = shanghaiAt(day, rules.hour);
    if (at.getTime() <= now.getTime()) continue;
    planned.push({ key, at: at.toISOString(), escalate: offset.escalate, offset });
  }
  planned.sort((a, b) => a.at.localeCompare(b.at));
  return { planned, skipped };
}
