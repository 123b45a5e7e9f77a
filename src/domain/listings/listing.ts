// A listing: a decision of the list's owner to put a subject on a list, with its notice, effect and end.
// States follow from the times: noticed (decided, not yet in effect: the subject is told and may object),
// effective, ended (its end passed, or it was ended early: repaired, revoked, objection upheld).
import { contentHash } from '../canonical-json.js';
import type { CreditList, SeverityCode } from '../catalog/schema.js';
import type { CatalogView } from '../catalog/view.js';
import type { FieldError } from '../errors.js';
import type { Checked, SubjectRef } from '../records/submission.js';
import { checkSubjectRef } from '../records/submission.js';
import { addDuration, type Instant, parseInstant } from '../time.js';

export const END_REASONS = ['expired', 'repaired', 'revoked', 'objection-upheld', 'source-ended'] as const;
export type EndReason = (typeof END_REASONS)[number];

export type ListingState = 'noticed' | 'effective' | 'ended';

export interface ListingTimes {
  effectiveAt: Instant;
  endsAt: Instant;
}

export function listingState(
  l: { effectiveAt: Instant; endsAt: Instant; endedAt: Instant | null },
  now: Instant,
): ListingState {
  if (l.endedAt !== null && l.endedAt <= now) return 'ended';
  if (l.endsAt <= now) return 'ended';
  return l.effectiveAt <= now ? 'effective' : 'noticed';
}

/** Effect after the notice period from the decision; the end after the severity's duration from the effect. */
export function listingTimes(list: CreditList, severity: SeverityCode, decidedAt: Instant): ListingTimes {
  const s = list.severities.find((x) => x.code === severity);
  if (!s) throw new Error(`list ${list.code} has no severity ${severity}`);
  const effectiveAt = addDuration(decidedAt, list.noticePeriod);
  return { effectiveAt, endsAt: addDuration(effectiveAt, s.duration) };
}

export interface ListingSubmission {
  list: CreditList;
  subject: SubjectRef;
  severity: SeverityCode;
  decisionNumber: string;
  conductAt: Instant;
  decidedAt: Instant;
  reason: string;
  records: number[];
}

const KEYS = ['list', 'subject', 'severity', 'decisionNumber', 'conductAt', 'decidedAt', 'reason', 'records'];
const asRef = (v: unknown) => (typeof v === 'string' ? { id: v } : v);

/** Checks `{list, subject, severity, decisionNumber, conductAt, decidedAt, reason, records?}`. */
export function checkListingSubmission(
  catalog: CatalogView,
  raw: unknown,
  now: Instant,
): Checked<ListingSubmission> {
  const errors: FieldError[] = [];
  const b = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<
    string,
    unknown
  >;
  for (const k of Object.keys(b))
    if (!KEYS.includes(k)) errors.push({ pointer: `/${k}`, reason: 'is not a known field here' });
  const list = typeof b.list === 'string' ? catalog.lists.get(b.list) : undefined;
  if (typeof b.list !== 'string') errors.push({ pointer: '/list', reason: 'is required' });
  else if (!list) errors.push({ pointer: '/list', reason: `unknown list ${b.list}` });
  const subject = checkSubjectRef(asRef(b.subject), '/subject', now);
  if (!subject.ok) errors.push(...subject.errors);
  else if (list && !list.subjectKinds.includes(subject.value.kind)) {
    errors.push({
      pointer: '/subject',
      reason: `${list.code} lists ${list.subjectKinds.join(', ')}, not a ${subject.value.kind}`,
    });
  }
  const severity = b.severity as SeverityCode;
  if (list && !list.severities.some((s) => s.code === severity)) {
    errors.push({
      pointer: '/severity',
      reason: `must be one of the list's severities: ${list.severities.map((s) => s.code).join(', ')}`,
    });
  }
  if (
    typeof b.decisionNumber !== 'string' ||
    b.decisionNumber.trim() === '' ||
    b.decisionNumber.length > 200
  ) {
    errors.push({
      pointer: '/decisionNumber',
      reason: 'is required: the number of the decision document (at most 200 characters)',
    });
  }
  const conductAt = typeof b.conductAt === 'string' ? parseInstant(b.conductAt) : undefined;
  const decidedAt = typeof b.decidedAt === 'string' ? parseInstant(b.decidedAt) : undefined;
  if (!conductAt)
    errors.push({
      pointer: '/conductAt',
      reason: 'is required (RFC 3339 or YYYY-MM-DD): when the conduct happened',
    });
  if (!decidedAt)
    errors.push({
      pointer: '/decidedAt',
      reason: 'is required (RFC 3339 or YYYY-MM-DD): when the listing was decided',
    });
  else if (decidedAt > now) errors.push({ pointer: '/decidedAt', reason: 'is in the future' });
  if (conductAt && decidedAt && conductAt > decidedAt)
    errors.push({ pointer: '/conductAt', reason: 'is after the decision' });
  if (typeof b.reason !== 'string' || b.reason.trim().length < 2) {
    errors.push({
      pointer: '/reason',
      reason: 'is required: why, in words the subject will read in the notice',
    });
  }
  const records = b.records ?? [];
  if (!Array.isArray(records) || !records.every((r) => Number.isSafeInteger(r) && (r as number) > 0)) {
    errors.push({ pointer: '/records', reason: 'must be an array of record ids' });
  }
  if (errors.length || !list || !subject.ok || !conductAt || !decidedAt) return { ok: false, errors };
  return {
    ok: true,
    value: {
      list,
      subject: subject.value,
      severity,
      decisionNumber: (b.decisionNumber as string).trim(),
      conductAt,
      decidedAt,
      reason: (b.reason as string).trim(),
      records: records as number[],
    },
  };
}

/** What a listing's audit entry covers: the decision as made; its end is a separate entry. */
export function listingContentHash(l: {
  list: string;
  subject: string;
  severity: string;
  decisionNumber: string;
  conductAt: string;
  decidedAt: string;
  effectiveAt: string;
  endsAt: string;
  reason: string;
  records: number[];
  agency: string;
  derivedFrom: number | null;
}): string {
  return contentHash(l);
}

export function listingEndHash(e: {
  listing: number;
  endedAt: string;
  reason: string;
  note: string | null;
}): string {
  return contentHash(e);
}

/** What a `listing.expire` entry hashes: the listing ended at its own end date, with no note. */
export function listingExpiryHash(e: { listing: number; endedAt: string }): string {
  return contentHash({ listing: e.listing, endedAt: e.endedAt, reason: 'expired' });
}

/**
 * The lists a listing on `list` of `severity` feeds — derived lists follow their source — with the severity each
 * derived listing takes; with no severity, every list that can follow it.
 */
export function derivedLists(
  lists: Iterable<CreditList>,
  list: string,
  severity?: string,
): { list: CreditList; severity: SeverityCode }[] {
  const out: { list: CreditList; severity: SeverityCode }[] = [];
  for (const l of lists) {
    for (const d of l.derivedFrom ?? []) {
      if (
        d.list === list &&
        (severity === undefined || !d.severities || d.severities.includes(severity as never))
      )
        out.push({ list: l, severity: d.severity });
    }
  }
  return out;
}
