// One entry point for every identifier a subject can have: which scheme it is, whether it is valid, what it
// encodes, and the subject kind it implies.
import { memo } from '../memo.js';
import { type ResidentIdInfo, residentIdProblem, validateResidentId } from './resident-id.js';
import { type SubjectKind, type UsccInfo, usccKind, usccProblem, validateUscc } from './uscc.js';

export interface PassportInfo {
  scheme: 'passport';
  value: string;
  kind: 'person';
  country: string;
  number: string;
}

export type IdentifierInfo = UsccInfo | ResidentIdInfo | PassportInfo;
export type IdentifierResult = { ok: true; info: IdentifierInfo } | { ok: false; reason: string };
export type { SubjectKind };

export const SUBJECT_KINDS: readonly SubjectKind[] = [
  'person',
  'enterprise',
  'social-organization',
  'government-body',
];

/** Removes every kind of white space (agencies paste codes with spaces and full-width spaces) and upper-cases. */
export function normalizeIdentifier(raw: string): string {
  return raw.replace(/[\s\u3000]+/g, '').toUpperCase();
}

const PASSPORT = /^PASSPORT:([A-Z]{3}):([A-Z0-9]{5,20})$/;

/**
 * The normalized identifier if the input is a valid one, else undefined — the same rules as parseIdentifier,
 * without working out what the identifier encodes. For the check API, which validates millions a second and
 * needs only the key; callers wanting the reason for a refusal ask parseIdentifier.
 */
export function identifierKey(raw: string, today: string): string | undefined {
  // Most identifiers arrive clean: try them as they are before normalizing (both validators check every character).
  // Only seventeen digits can be an identity number; asking the code's validator alone otherwise spares building
  // the identity number's refusal for every company checked.
  if (
    raw.length === 18 &&
    ((seventeenDigits(raw) && residentIdProblem(raw, today) === undefined) || usccProblem(raw) === undefined)
  )
    return raw;
  const value = normalizeIdentifier(raw);
  if (value === raw && raw.length === 18) return undefined;
  if (value.startsWith('PASSPORT:')) {
    const m = PASSPORT.exec(value);
    return m ? `passport:${m[1]}:${m[2]}` : undefined;
  }
  if (residentIdProblem(value, today) === undefined) return value;
  return usccProblem(value) === undefined ? value : undefined;
}

/** What a record needs of its subject's identifier: the normalized value, its scheme, kind and region code. */
export interface SubjectIdentity {
  value: string;
  scheme: IdentifierInfo['scheme'];
  kind: SubjectKind;
  region: string | null;
}

/**
 * parseIdentifier's verdict without what the identifier encodes beyond kind and region: a bulk import checks a
 * subject on every row, and describing the region (names joined from the area table) was most of the cost.
 */
export function identifySubject(
  raw: string,
  today: string,
): { ok: true; identity: SubjectIdentity } | { ok: false; reason: string } {
  const value = identifierKey(raw, today);
  if (value === undefined) {
    const parsed = parseIdentifier(raw, today);
    // identifierKey follows parseIdentifier's rules; should they ever part, the full parse decides.
    return parsed.ok ? { ok: true, identity: identityOf(parsed.info) } : parsed;
  }
  if (value.startsWith('passport:'))
    return { ok: true, identity: { value, scheme: 'passport', kind: 'person', region: null } };
  // Seventeen digits are an identity number when they are a valid one, as parseIdentifier reads them.
  if (seventeenDigits(value) && residentIdProblem(value, today) === undefined)
    return {
      ok: true,
      identity: { value, scheme: 'resident-id', kind: 'person', region: value.slice(0, 6) },
    };
  return { ok: true, identity: { value, scheme: 'uscc', kind: usccKind(value), region: value.slice(2, 8) } };
}

function identityOf(info: IdentifierInfo): SubjectIdentity {
  return {
    value: info.value,
    scheme: info.scheme,
    kind: info.kind,
    region: 'region' in info ? info.region.code : null,
  };
}

function seventeenDigits(s: string): boolean {
  for (let i = 0; i < 17; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

/**
 * Parses a subject identifier: a Unified Social Credit Code, a resident identity number, or the typed fallback
 * `passport:<ISO 3166 alpha-3>:<number>` for people without a resident identity number.
 */
export function parseIdentifier(raw: string, today: string): IdentifierResult {
  return parseCached(`${today}|${raw}`);
}

const parseCached = memo((key: string): IdentifierResult => {
  const today = key.slice(0, 10);
  const value = normalizeIdentifier(key.slice(11));
  if (value.length === 0) return { ok: false, reason: 'identifier is empty' };
  if (value.startsWith('PASSPORT:')) {
    const m = PASSPORT.exec(value);
    if (!m)
      return {
        ok: false,
        reason: 'passport identifier must look like passport:<ISO alpha-3>:<5-20 letters/digits>',
      };
    return {
      ok: true,
      info: {
        scheme: 'passport',
        value: `passport:${m[1]}:${m[2]}`,
        kind: 'person',
        country: m[1]!,
        number: m[2]!,
      },
    };
  }
  if (/^\d{17}/.test(value)) {
    const person = validateResidentId(value, today);
    if (person.ok) return person;
    const entity = validateUscc(value);
    if (entity.ok) return entity;
    // Seventeen digits read most naturally as an identity number unless only the code's check failed.
    return entity.reason.startsWith('check character') && !person.reason.startsWith('check character')
      ? { ok: false, reason: `not a valid USCC: ${entity.reason}` }
      : { ok: false, reason: person.reason };
  }
  return validateUscc(value);
});
