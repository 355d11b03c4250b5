import { defaultReminderRules, planReminders } from '../../domain/reminders';

describe('reminder plan', () => {
  // Due 24:00 Monday 2026-10-12 (Beijing), right after National Day and the 10-10 调休 Saturday.
  const deadline = new Date('2026-10-12T16:00:00Z');

  it('counts working days back across the make-up Saturday and fires at 09:00 Beijing time', () => {
    const { planned } = planReminders(deadline, defaultReminderRules, new Date('2026-09-29T00:00:00Z'));
    expect(planned.map((p) => [p.offset.direction, p.offset.amount, p.at, p.escalate])).toEqual([
      ['before', 3, '2026-10-08T01:00:00.000Z', false], // Thu 10-08: 10-10, 10-09, 10-08 are the 3 working days before
      ['before', 1, '2026-10-10T01:00:00.000Z', false], // Sat 10-10, a 调休 working day
      ['before', 0, '2026-10-12T01:00:00.000Z', false], // the last day itself
      ['after', 1, '2026-10-13T01:00:00.000Z', true], // the next working day: escalate
    ]);
  });

  it('leaves out reminders already past, and keys each by its deadline', () => {
    const { planned } = planReminders(deadline, defaultReminderRules, new Date('2026-10-11T00:00:00Z'));
    expect(planned.map((p) => p.offset.amount)).toEqual([0, 1]);
    const moved = planReminders(new Date('2026-10-14T16:00:00Z'), defaultReminderRules, new Date('2026-10-11T00:00:00Z')).planned;
    expect(moved[0]!.key).not.toBe(planned[0]!.key);
  });

  it('skips, and reports, a reminder whose day is outside the calendar data', () => {
    const { planned, skipped } = planReminders(new Date('2026-12-31T16:00:00Z'), defaultReminderRules, new Date('2026-12-01T00:00:00Z'));
    expect(skipped.map((s) => s.key)).toEqual([expect.stringMatching(/^after-1-working_days@/)]);
    expect(planned).toHaveLength(3);
  });

  it('uses calendar days and another hour when the template says so', () => {
    const { planned } = planReminders(deadline, { hour: 14, offsets: [{ amount: 2, unit: 'calendar_days', direction: 'before', escalate: false }] }, new Date('2026-09-29T00:00:00Z'));
    expect(planned.map((p) => p.at)).toEqual(['2026-10-10T06:00:00.000Z']);
  });
});
