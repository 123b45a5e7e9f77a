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

/** `today` is the current date in Asia/Shanghai as YYYY-MM-DD (the domain never reads the clock). */
export function validateResidentId(value: string, today: string): ResidentIdResult {
  if (value.length !== 18) return { ok: false, reason: `length is ${value.length}, expected 18` };
  for (let i = 0; i < 17; i++) {
    const c = value[i]!;
    if (c < '0' || c > '9')
      return { ok: false, reason: `character at position ${i + 1} ('${c}') is not a digit` };
  }
  const last = value[17]!;
  if (!/[0-9X]/.test(last))
    return { ok: false, reason: `character at position 18 ('${last}') is not a digit or X` };
  const regionCode = value.slice(0, 6);
  if (!isValidProvince(regionCode)) {
    return { ok: false, reason: `region code ${regionCode} has no province ${regionCode.slice(0, 2)}` };
  }
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, reason: `birth date ${value.slice(6, 14)} is not a valid date` };
  }
  if (birthDate > today) return { ok: false, reason: `birth date ${birthDate} is in the future` };
  const expected = residentIdCheckCharacter(value.slice(0, 17));
  if (last !== expected) return { ok: false, reason: `check character is ${last}, expected ${expected}` };
  return {
    ok: true,
    info: {
      scheme: 'resident-id',
      value,
      kind: 'person',
      region: describeRegion(regionCode),
      birthDate,
      sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}
