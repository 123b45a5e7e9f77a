// The answer to "may subject S do action A now?": allow, deny, restrict, review or reward, with every reason —
// measure ← memorandum ← listing ← list ← basis — and when each ends. Pure; the index supplies the consequences.
import type { Effect, LegalBasis } from '../catalog/schema.js';
import type { Reach, RuleBook } from './rule-book.js';

/** A listing as it reaches one subject: the listed subject itself, or an officer of a listed legal entity. */
export interface Consequence {
  listingId: number;
  list: string;
  severity: string;
  /** Epoch milliseconds. */
  effectiveAt: number;
  endsAt: number;
  reach: Reach;
  /** For an officer: the listed entity, as its identifier. */
  via?: string;
  /** ruleKey(list, severity, reach), when the index keeps it (saves building it per check). */
  rule?: string;
  /** The listing's pending objection, if any. */
  objection?: number;
}

export type Decision = 'allow' | Effect;

/** A consequence of a listing: measure ← memorandum ← listing ← list ← basis. */
export interface ListingReason {
  effect: Effect;
  measure: string;
  memorandum: string;
  list: string;
  listing: number;
  basis: LegalBasis[];
  until: string;
  via?: { role: Reach; entity: string };
  /** The listing is under objection: the measure still applies until the owner decides (by the deadline). */
  underObjection?: { objection: number };
}

/** A benefit of a grade: reward measure ← scheme ← grade ← basis. A grade only ever rewards. */
export interface GradeReason {
  effect: 'reward';
  measure: string;
  scheme: string;
  grade: string;
  score: number;
  /** The measure's basis, then the scheme's. */
  basis: LegalBasis[];
}

export type Reason = ListingReason | GradeReason;

// The same ends are asked for again and again (the listed subjects enforcers see most); a bounded cache.
const isoCache = new Map<number, string>();
function isoOf(ms: number): string {
  let iso = isoCache.get(ms);
  if (iso === undefined) {
    if (isoCache.size >= 10_000) isoCache.clear();
    iso = new Date(ms).toISOString();
    isoCache.set(ms, iso);
  }
  return iso;
}

export interface Evaluation {
  decision: Decision;
  reasons: Reason[];
}

/** Adds grade benefits to an evaluation: a reward never softens a negative decision. */
export function withBenefits(e: Evaluation, benefits: readonly GradeReason[]): Evaluation {
  if (benefits.length === 0) return e;
  return { decision: e.decision === 'allow' ? 'reward' : e.decision, reasons: [...e.reasons, ...benefits] };
}

/** Most subjects are on no list: one frozen answer for all of them. */
// Frozen: a caller adding to its reasons would fail loudly rather than change every other answer.
const ALLOWED: Evaluation = Object.freeze({
  decision: 'allow',
  reasons: Object.freeze([]) as unknown as Reason[],
});

const RANK: Record<Decision, number> = { allow: 0, reward: 1, review: 2, restrict: 3, deny: 4 };

export function evaluate(
  book: RuleBook,
  consequences: readonly Consequence[] | undefined,
  action: string,
  nowMs: number,
  today: string,
): Evaluation {
  let decision: Decision = 'allow';
  const reasons: ListingReason[] = [];
  if (!consequences) return ALLOWED;
  for (const c of consequences) {
    if (c.effectiveAt > nowMs || c.endsAt <= nowMs) continue;
    const refs =
      c.rule === undefined
        ? book.measures(c.list, c.severity, c.reach, action)
        : book.measuresOf(c.rule, action);
    for (const ref of refs) {
      const m = ref.memorandum;
      if (m.effectiveFrom > today || (m.effectiveUntil !== undefined && m.effectiveUntil < today)) continue;
      // A reward never softens a negative measure; the strongest effect decides, every reason is given.
      if (RANK[ref.effect] > RANK[decision]) decision = ref.effect;
      reasons.push({
        effect: ref.effect,
        measure: ref.measure.code,
        memorandum: m.code,
        list: c.list,
        listing: c.listingId,
        basis: ref.basis,
        until: isoOf(c.endsAt),
        ...(c.via ? { via: { role: c.reach, entity: c.via } } : {}),
        ...(c.objection !== undefined ? { underObjection: { objection: c.objection } } : {}),
      });
    }
  }
  return reasons.length === 0 ? ALLOWED : { decision, reasons };
}
