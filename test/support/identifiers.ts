// Valid identifiers for tests, computed with the check characters rather than copied, so tests say what they mean.
import { residentIdCheckCharacter } from '../../src/domain/identifiers/resident-id.js';
import { usccCheckCharacter } from '../../src/domain/identifiers/uscc.js';

export function uscc(first17: string): string {
  return first17 + usccCheckCharacter(first17);
}

export function residentId(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}

/** A company (authority 9, category 1) in a region, with a distinct organization code per n. */
export function company(n: number, region = '110105'): string {
  return uscc(`91${region}${String(n).padStart(8, '0')}X`);
}

export function person(n: number, region = '110105', birth = '19800101'): string {
  return residentId(`${region}${birth}${String(n).padStart(3, '0')}`);
}
