import chineseDays from 'chinese-days';
import calendarData from 'chinese-days/dist/chinese-days.json';

/**
 * The one calendar of the product: every deadline is computed here, in Asia/Shanghai
 * (UTC+8 all year; China has no daylight saving time).
 *
 * Working days follow China's statutory holidays and make-up working weekends (调休) as published
 * in the chinese-days package. A date outside that data is refused with CalendarOutOfRangeError,
 * never guessed: the package answers "workday" for any weekday of a year it does not know.
 */

export const durationSchemaUnits = ['working_days', 'calendar_days'] as const;
export type DurationUnit = (typeof durationSchemaUnits)[number];
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export class CalendarOutOfRangeError extends Error {
  override readonly name = 'CalendarOutOfRangeError';
  constructor(
    readonly date: string,
    readonly coverage: { firstYear: number; lastYear: number },
  ) {
    super(
      `日期 ${date} 超出节假日数据范围（${coverage.firstYear}–${coverage.lastYear} 年），无法按工作日计算；` +
        `请改用自然日或待国务院公布该年节假日安排后再设置。` +
        ` / ${date} is outside the holiday calendar data (${coverage.firstYear}–${coverage.lastYear}); ` +
        `working days there cannot be counted. Use calendar days, or wait for the State Council's holiday notice for that year.`,
    );
  }
}

function computeCoverage(): { firstYear: number; lastYear: number } {
  const years = Object.keys((calendarData as { holidays: Record<string, string> }).holidays).map((d) => Number(d.slice(0, 4)));
  return { firstYear: Math.min(...years), lastYear: Math.max(...years) };
}
export const calendarCoverage = computeCoverage();

function assertCovered(date: string): void {
  const year = Number(date.slice(0, 4));
  if (year < calendarCoverage.firstYear || year > calendarCoverage.lastYear) {
    throw new CalendarOutOfRangeError(date, calendarCoverage);
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDate(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 24:00 of a Shanghai calendar date, i.e. 00:00 of the next day, as an instant. */
export function endOfShanghaiDay(date: string): Date {
  const midnight = Date.parse(`${date}T00:00:00+08:00`);
  if (Number.isNaN(midnight)) throw new RangeError(`not a date: ${date}`);
  return new Date(midnight + DAY_MS);
}

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string): boolean {
  assertCovered(date);
  return chineseDays.isWorkday(date);
}

/**
 * The last day of a period of `duration` that starts on `startDate`: the count begins the day
 * after the start (a window published on Monday with 5 working days ends on the fifth working day
 * after Monday).
 */
export function lastDayOf(startDate: string, duration: Duration): string {
  if (!Number.isInteger(duration.amount) || duration.amount < 1) {
    throw new RangeError(`duration must be a whole number of days ≥ 1, got ${duration.amount}`);
  }
  if (duration.unit === 'calendar_days') return addCalendarDays(startDate, duration.amount);
  assertCovered(startDate);
  const last = chineseDays.findWorkday(duration.amount, startDate);
  assertCovered(last);
  return last;
}

/** The deadline of a period opened at `openedAt`: 24:00 Asia/Shanghai of its last day. */
export function deadlineFor(openedAt: Date | number, duration: Duration): Date {
  return endOfShanghaiDay(lastDayOf(shanghaiDate(openedAt), duration));
}

/** Working days from today (exclusive) up to the deadline's last day (inclusive); 0 once past. */
export function workingDaysLeft(now: Date | number, deadline: Date | number): number {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const deadlineMs = typeof deadline === 'number' ? deadline : deadline.getTime();
  if (deadlineMs <= nowMs) return 0;
  const today = shanghaiDate(nowMs);
  const lastDay = shanghaiDate(deadlineMs - 1);
  let count = 0;
  for (let d = addCalendarDays(today, 1); d <= lastDay; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d)) count += 1;
  }
  return count;
}

/** The working day `n` working days after (n > 0) or before (n < 0) `date`. */
export function workingDayOffset(date: string, n: number): string {
  assertCovered(date);
  const day = chineseDays.findWorkday(n, date);
  assertCovered(day);
  return day;
}

/** An instant at `hour`:00 Asia/Shanghai on `date` (YYYY-MM-DD). */
export function shanghaiAt(date: string, hour: number): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + hour * 3600_000);
}
