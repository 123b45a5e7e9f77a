// Time in the domain: instants are ISO 8601 UTC strings with milliseconds ("2026-01-02T03:04:05.000Z"), so they
// sort as text in both databases; calendar dates and day-based deadlines are counted in Asia/Shanghai (UTC+8,
// no daylight saving since 1991).
import { memo } from './memo.js';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export type Instant = string;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Parses RFC 3339 or YYYY-MM-DD (midnight in Asia/Shanghai). Returns undefined when it is neither. */
export const parseInstant = memo((input: string): Instant | undefined => parseInstantUncached(input));

function parseInstantUncached(input: string): Instant | undefined {
  const d = DATE_ONLY.exec(input);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (!validDate(y, m, day)) return undefined;
    return new Date(Date.UTC(y, m - 1, day) - SHANGHAI_OFFSET_MS).toISOString();
  }
  const t = RFC3339.exec(input);
  if (!t) return undefined;
  const [y, m, day, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(t[i]));
  if (!validDate(y!, m!, day!) || hh! > 23 || mm! > 59 || ss! > 60) return undefined;
  const ms = Date.parse(input.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function toInstant(ms: number): Instant {
  return new Date(ms).toISOString();
}

/** The calendar date in Asia/Shanghai of an instant, YYYY-MM-DD. */
export const shanghaiDate = memo(
  (instant: Instant): string => new Date(Date.parse(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10),
  10_000,
);

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

export function isDuration(value: string): boolean {
  return value !== 'P' && DURATION.test(value);
}

/**
 * Adds an ISO 8601 calendar duration (years, months, weeks, days) to an instant, on the Asia/Shanghai calendar:
 * 2024-02-29 + P1Y = 2025-02-28 (the month-end is kept, as Chinese deadlines count).
 */
export function addDuration(instant: Instant, duration: string): Instant {
  let add = byDuration.get(duration);
  if (!add) {
    const parts = parseDuration(duration);
    add = memo((i: Instant) => new Date(addDurationMs(Date.parse(i), parts)).toISOString(), 4096);
    if (byDuration.size >= 1000) byDuration.clear();
    byDuration.set(duration, add);
  }
  return add(instant);
}

/**
 * One memo per duration (a catalog has a few dozen), keyed by the instant alone: no key is joined per call, and
 * an instant passed again and again (the same string) keeps its hash. Each holds a few thousand instants (a bulk
 * file's dates), so all of them together stay within a few megabytes.
 */
const byDuration = new Map<string, (instant: Instant) => Instant>();

/** A duration's parts, parsed once (for code that adds one duration to many instants). */
export interface DurationParts {
  years: number;
  months: number;
  days: number;
}

export function parseDuration(duration: string): DurationParts {
  const m = DURATION.exec(duration);
  if (!m || duration === 'P') throw new Error(`not an ISO 8601 date duration: ${duration}`);
  const [years, months, weeks, days] = [1, 2, 3, 4].map((i) => Number(m[i] ?? 0));
  return { years: years!, months: months!, days: weeks! * 7 + days! };
}

/** addDuration on epoch milliseconds, the same calendar rules, without formatting. */
export function addDurationMs(ms: number, d: DurationParts): number {
  const local = new Date(ms + SHANGHAI_OFFSET_MS);
  const y = local.getUTCFullYear() + d.years;
  const mo = local.getUTCMonth() + d.months;
  const targetMonthDays = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), targetMonthDays);
  const shifted = Date.UTC(
    y,
    mo,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return shifted + d.days * 86_400_000 - SHANGHAI_OFFSET_MS;
}
