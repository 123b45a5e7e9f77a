// Deadlines in working days (工作日), counted on the Chinese calendar in Asia/Shanghai: weekends are off except
// the adjusted working days (调休上班), and public holidays are off. The calendar is data with its source (see
// src/catalog/working-calendar.ts); for a year the data does not cover, only weekends count as days off, and
// the answer names those years so the operator can be warned. As in Chinese administrative procedure, the day
// a period starts on is not counted: ten working days from a filing run from the next working day.
import { type Instant, parseInstant, shanghaiDate } from './time.js';

export interface WorkingCalendar {
  /** Public holidays that fall on weekdays, and weekend days given as rest in exchange, YYYY-MM-DD. */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休), YYYY-MM-DD. */
  workdays: ReadonlySet<string>;
  /** The years the data covers: the State Council publishes each year's arrangement late in the year before. */
  years: ReadonlySet<number>;
  /** Where the data comes from. */
  source: string;
}

export interface Deadline {
  /** The end of the last day counted: midnight in Asia/Shanghai after it. */
  due: Instant;
  /** The last day counted, YYYY-MM-DD. */
  lastDay: string;
  /** Years counted by weekends alone, for want of data. */
  uncoveredYears: number[];
}

const DAY_MS = 86_400_000;

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export function isWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !isWeekend(date);
}

/** The deadline `n` working days after the day of `from` (that day not counted). */
export function addWorkingDays(calendar: WorkingCalendar, from: Instant, n: number): Deadline {
  if (!Number.isInteger(n) || n < 1) throw new Error(`working days must be a positive integer, not ${n}`);
  const uncovered = new Set<number>();
  let date = shanghaiDate(from);
  for (let counted = 0; counted < n; ) {
    date = nextDate(date);
    const year = Number(date.slice(0, 4));
    if (!calendar.years.has(year)) uncovered.add(year);
    if (isWorkingDay(calendar, date)) counted++;
  }
  return { due: parseInstant(nextDate(date))!, lastDay: date, uncoveredYears: [...uncovered].sort() };
}

/**
 * Whole working days left before a deadline after today (as the period was counted: on the day of filing, all
 * of them; on the last day, 0 — the deadline is at its midnight): what a subject or an agency is shown beside it.
 */
export function workingDaysLeft(calendar: WorkingCalendar, now: Instant, due: Instant): number {
  if (due <= now) return 0;
  const last = shanghaiDate(new Date(Date.parse(due) - 1).toISOString());
  let left = 0;
  for (let date = nextDate(shanghaiDate(now)); date <= last; date = nextDate(date))
    if (isWorkingDay(calendar, date)) left++;
  return left;
}
