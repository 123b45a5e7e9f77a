// Deterministic, unique, valid identifiers for demo subject number i: resident identity numbers (GB 11643-1999)
// and Unified Social Credit Codes (GB 32100-2015) with a valid organization code (GB 11714) inside.
import { residentIdCheckCharacter } from '../../domain/identifiers/resident-id.js';
import { USCC_ALPHABET, usccCheckCharacter } from '../../domain/identifiers/uscc.js';
import { REGIONS } from './names.js';

const COUNTIES = [...new Set(REGIONS.flatMap((r) => r.counties))];
const DAYS = 20_000; // birth dates from 1950-01-01 over about 55 years
const SEQS = 999;
const PERSON_SPACE = COUNTIES.length * DAYS * SEQS;
const MIX = 1_000_003; // prime, coprime to both spaces: i -> i * MIX mod space is one-to-one
const BIRTH_EPOCH = Date.UTC(1950, 0, 1);

export function demoResidentId(i: number): string {
  let c = (i * MIX) % PERSON_SPACE;
  const seq = (c % SEQS) + 1;
  c = Math.floor(c / SEQS);
  const day = c % DAYS;
  const county = COUNTIES[Math.floor(c / DAYS)]!;
  const birth = new Date(BIRTH_EPOCH + day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${county}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

const ORG_SPACE = 31 ** 8;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character over 8 characters (digits, letters A=10 … Z=35). */
function organizationCheck(body: string): string {
  let sum = 0;
  for (let k = 0; k < 8; k++) {
    const ch = body[k]!;
    const v = ch >= '0' && ch <= '9' ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[k]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function demoUscc(i: number, authority: string, category: string, region: string): string {
  let c = (i * MIX + 123_456_789) % ORG_SPACE;
  let body = '';
  for (let k = 0; k < 8; k++) {
    body = USCC_ALPHABET[c % 31] + body;
    c = Math.floor(c / 31);
  }
  const first17 = `${authority}${category}${region}${body}${organizationCheck(body)}`;
  return first17 + usccCheckCharacter(first17);
}
