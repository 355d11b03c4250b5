import {
  CalendarOutOfRangeError,
  calendarCoverage,
  deadlineFor,
  endOfShanghaiDay,
  isWorkingDay,
  lastDayOf,
  shanghaiDate,
  workingDaysLeft,
} from '../../domain/calendar';
import { formatShanghai } from '../../domain/time-format';

describe('calendar (Asia/Shanghai, chinese-days)', () => {
  it('reads the Shanghai calendar date of an instant', () => {
    expect(shanghaiDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(shanghaiDate(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
  });

  it('ends a day at 24:00 Shanghai time', () => {
    expect(endOfShanghaiDay('2026-10-13').toISOString()).toBe('2026-10-13T16:00:00.000Z');
  });

  it('skips the National Day holiday and counts from the day after publication', () => {
    // 2026 National Day: 1–7 October off, Saturday 10 October worked. Published Wed 30 Sep:
    // working days 8, 9, 10, 12, 13 October.
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(lastDayOf('2026-09-30', { amount: 1, unit: 'working_days' })).toBe('2026-10-08');
    expect(lastDayOf('2026-09-30', { amount: 5, unit: 'working_days' })).toBe('2026-10-13');
  });

  it('counts a make-up working Saturday (调休) as a working day', () => {
    // 10 Oct 2026 is a Saturday worked in lieu of the holiday.
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false);
    expect(lastDayOf('2026-10-09', { amount: 1, unit: 'working_days' })).toBe('2026-10-10');
  });

  it('counts calendar days from the day after the start', () => {
    expect(lastDayOf('2026-12-28', { amount: 7, unit: 'calendar_days' })).toBe('2027-01-04');
  });

  it('puts a deadline at 24:00 of the last day, whatever the hour of opening', () => {
    const opened = new Date('2026-09-30T01:30:00Z'); // 09:30 Shanghai
    expect(deadlineFor(opened, { amount: 5, unit: 'working_days' }).toISOString()).toBe('2026-10-13T16:00:00.000Z');
    const late = new Date('2026-09-30T15:30:00Z'); // 23:30 Shanghai, still 30 Sep there
    expect(deadlineFor(late, { amount: 5, unit: 'working_days' }).toISOString()).toBe('2026-10-13T16:00:00.000Z');
  });

  it('refuses working days outside the calendar data instead of guessing', () => {
    const after = `${calendarCoverage.lastYear + 1}-03-02`;
    expect(() => lastDayOf(after, { amount: 5, unit: 'working_days' })).toThrow(CalendarOutOfRangeError);
    // A window that starts inside the data and ends past it is refused too.
    const lastWeek = `${calendarCoverage.lastYear}-12-28`;
    expect(() => lastDayOf(lastWeek, { amount: 10, unit: 'working_days' })).toThrow(/超出节假日数据范围.*outside the holiday calendar data/s);
    expect(() => isWorkingDay(after)).toThrow(CalendarOutOfRangeError);
  });

  it('calendar days need no holiday data', () => {
    const after = `${calendarCoverage.lastYear + 1}-03-02`;
    expect(lastDayOf(after, { amount: 5, unit: 'calendar_days' })).toBe(`${calendarCoverage.lastYear + 1}-03-07`);
  });

  it('rejects non-positive or fractional durations', () => {
    expect(() => lastDayOf('2026-09-30', { amount: 0, unit: 'calendar_days' })).toThrow(RangeError);
    expect(() => lastDayOf('2026-09-30', { amount: 1.5, unit: 'working_days' })).toThrow(RangeError);
  });

  it('counts working days left before a deadline', () => {
    const now = new Date('2026-09-30T02:00:00Z');
    const deadline = deadlineFor(now, { amount: 5, unit: 'working_days' });
    expect(workingDaysLeft(now, deadline)).toBe(5);
    expect(workingDaysLeft(deadline, deadline)).toBe(0);
  });
});

describe('formatShanghai', () => {
  it('shows Beijing time and a midnight deadline as 24:00 of its day', () => {
    expect(formatShanghai('2026-12-23T16:00:00.000Z')).toBe('2026-12-23 24:00');
    expect(formatShanghai('2026-12-23T01:30:00.000Z')).toBe('2026-12-23 09:30');
  });
});
