// Citizen identity number, GB 11643-1999: 6 region + 8 birth date + 3 sequence (odd = male) + 1 check
// character by ISO 7064 MOD 11-2.
import { describeRegion, isValidProvince, type Region } from './regions.js';

const WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
const CHECK = '10X98765432';

export interface ResidentIdInfo {
  scheme: 'resident-id';
  value: string;
  kind: 'person';
  region: Region;
  birthDate: string;
  sex: 'male' | 'female';
}

export type ResidentIdResult = { ok: true; info: ResidentIdInfo } | { ok: false; reason: string };

export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function digits(value: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
}

let lastToday = '';
let lastTodayNumber = 0;
/** YYYY-MM-DD as YYYYMMDD, remembered: every call of a day passes the same date. */
function dateNumber(today: string): number {
  if (today !== lastToday) {
    lastToday = today;
    lastTodayNumber =
      Number(today.slice(0, 4)) * 10_000 + Number(today.slice(5, 7)) * 100 + Number(today.slice(8, 10));
  }
  return lastTodayNumber;
}

/**
 * Why a normalized value is not a valid resident identity number, or undefined if it is. The rules live here
 * once: the full validator and the fast check of the check API both use it. `today` is YYYY-MM-DD in
 * Asia/Shanghai (the domain never reads the clock).
 */
export function residentIdProblem(value: string, today: string): string | undefined {
  if (value.length !== 18) return `length is ${value.length}, expected 18`;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return `character at position ${i + 1} ('${value[i]}') is not a digit`;
    sum += c * WEIGHTS[i]!;
  }
  const last = value[17]!;
  if (!(last === 'X' || (last >= '0' && last <= '9')))
    return `character at position 18 ('${last}') is not a digit or X`;
  if (!isValidProvince(value)) return `region code ${value.slice(0, 6)} has no province ${value.slice(0, 2)}`;
  // The birth date from the digits already checked, as numbers: this runs for every check an enforcer makes.
  const y = digits(value, 6, 4);
  const m = digits(value, 10, 2);
  const d = digits(value, 12, 2);
  const monthDays = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1];
  if (y < 1850 || monthDays === undefined || d < 1 || d > monthDays)
    return `birth date ${value.slice(6, 14)} is not a valid date`;
  if (y * 10_000 + m * 100 + d > dateNumber(today))
    return `birth date ${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)} is in the future`;
  const expected = CHECK[sum % 11]!;
  if (last !== expected) return `check character is ${last}, expected ${expected}`;
  return undefined;
}

/** `today` is the current date in Asia/Shanghai as YYYY-MM-DD (the domain never reads the clock). */
export function validateResidentId(value: string, today: string): ResidentIdResult {
  const reason = residentIdProblem(value, today);
  if (reason) return { ok: false, reason };
  return {
    ok: true,
    info: {
      scheme: 'resident-id',
      value,
      kind: 'person',
      region: describeRegion(value.slice(0, 6)),
      birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
      sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}
