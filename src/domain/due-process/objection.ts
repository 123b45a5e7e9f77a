// Objections (异议): anyone may object to public information, and a subject to anything on its own file; the
// agency that owns the item decides within a deadline in working days (the list's rule, else the default),
// which it may extend once, giving a reason. Pure: what a filing, a decision and an extension must hold, and
// the deadlines.
import type { CreditList } from '../catalog/schema.js';
import type { FieldError } from '../errors.js';
import type { Checked } from '../records/submission.js';
import { SCORE_RECORD_TYPE } from '../scoring/engine.js';
import type { Instant } from '../time.js';
import { addWorkingDays, type Deadline, type WorkingCalendar } from '../working-days.js';

export const OBJECTION_ITEM_TYPES = ['record', 'listing'] as const;
export type ObjectionItemType = (typeof OBJECTION_ITEM_TYPES)[number];
export const OBJECTION_OUTCOMES = ['upheld', 'rejected'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

export interface ObjectionRule {
  answerWithin: number;
  extension: number;
  source: string;
}

/** For records, and lists that state none. */
export const DEFAULT_OBJECTION_RULE: ObjectionRule = {
  answerWithin: 10,
  extension: 3,
  source:
    '10 working days: the answer Credit China (信用中国) promises to an objection; one extension of 3 with a reason: this platform’s rule',
};

export function objectionRule(list: CreditList | undefined): ObjectionRule {
  return list?.objection ?? DEFAULT_OBJECTION_RULE;
}

export interface ObjectionFiling {
  itemType: ObjectionItemType;
  item: number;
  reason: string;
}

const obj = (raw: unknown): Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};

function unknownFields(b: Record<string, unknown>, known: string[], errors: FieldError[]): void {
  for (const k of Object.keys(b))
    if (!known.includes(k)) errors.push({ pointer: `/${k}`, reason: 'is not a known field here' });
}

function text(
  b: Record<string, unknown>,
  key: string,
  what: string,
  errors: FieldError[],
  max = 4000,
): string {
  const v = b[key];
  if (typeof v !== 'string' || v.trim().length < 2 || v.length > max) {
    errors.push({ pointer: `/${key}`, reason: `is required: ${what} (2 to ${max} characters)` });
    return '';
  }
  return v.trim();
}

/** `{itemType: record|listing, item: id, reason}`; the item may come as a numeric string (a multipart field). */
export function checkObjectionFiling(raw: unknown): Checked<ObjectionFiling> {
  const b = obj(raw);
  const errors: FieldError[] = [];
  unknownFields(b, ['itemType', 'item', 'reason'], errors);
  const itemType = b.itemType as ObjectionItemType;
  if (!OBJECTION_ITEM_TYPES.includes(itemType))
    errors.push({ pointer: '/itemType', reason: `must be one of: ${OBJECTION_ITEM_TYPES.join(', ')}` });
  const item = typeof b.item === 'string' && /^\d+$/.test(b.item) ? Number(b.item) : b.item;
  if (!Number.isSafeInteger(item) || (item as number) < 1)
    errors.push({ pointer: '/item', reason: 'is required: the id of the record or listing' });
  const reason = text(b, 'reason', 'what is wrong with the item, in words the agency will answer', errors);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { itemType, item: item as number, reason } };
}

/** At most this many of a score's inputs are named in a refusal; the score's ledger lists them all. */
const INPUTS_NAMED = 20;

/**
 * Why a record may not be objected to itself, or undefined if it may. A score (score.result) is derived: it is
 * computed from the records and listings its ledger names, and follows them when they are corrected or withdrawn;
 * withdrawing the score itself would change nothing it is computed from. The objection goes to those inputs.
 */
export function derivedRecordRefusal(record: {
  id: number;
  type: string;
  fields: string;
}): { detail: string; error: FieldError } | undefined {
  if (record.type !== SCORE_RECORD_TYPE) return undefined;
  let inputs: string[] = [];
  try {
    const fields = JSON.parse(record.fields) as { ledger?: { inputs?: unknown }[] };
    const all = (fields.ledger ?? []).flatMap((e) => (Array.isArray(e.inputs) ? e.inputs : []));
    inputs = [...new Set(all.filter((i): i is string => typeof i === 'string'))];
  } catch {
    // A malformed score record names no inputs; the refusal still stands.
  }
  const named =
    inputs.length === 0
      ? 'its ledger names none: it is the scheme’s start value, which nothing on file moves'
      : `object to the records and listings its ledger names instead: ${inputs.slice(0, INPUTS_NAMED).join(', ')}${
          inputs.length > INPUTS_NAMED ? ` and ${inputs.length - INPUTS_NAMED} more` : ''
        }`;
  return {
    detail: `record ${record.id} is a score, computed from the records and listings its ledger names; object to those (itemType record or listing, item the id), and the score follows them when they are corrected or withdrawn`,
    error: {
      pointer: '/item',
      reason: `is a score (${SCORE_RECORD_TYPE}), derived from other items on file, and is not objected to itself; ${named}`,
    },
  };
}

export interface ObjectionDecision {
  outcome: ObjectionOutcome;
  reason: string;
}

export function checkObjectionDecision(raw: unknown): Checked<ObjectionDecision> {
  const b = obj(raw);
  const errors: FieldError[] = [];
  unknownFields(b, ['outcome', 'reason'], errors);
  const outcome = b.outcome as ObjectionOutcome;
  if (!OBJECTION_OUTCOMES.includes(outcome))
    errors.push({ pointer: '/outcome', reason: `must be one of: ${OBJECTION_OUTCOMES.join(', ')}` });
  const reason = text(b, 'reason', 'why, in words the subject will read', errors);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { outcome, reason } };
}

export function checkExtension(raw: unknown): Checked<{ reason: string }> {
  const b = obj(raw);
  const errors: FieldError[] = [];
  unknownFields(b, ['reason'], errors);
  const reason = text(b, 'reason', 'why the agency needs more time', errors);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { reason } };
}

/** The deadline for an objection filed at `filedAt`. */
export function objectionDeadline(
  calendar: WorkingCalendar,
  filedAt: Instant,
  rule: ObjectionRule,
): Deadline {
  return addWorkingDays(calendar, filedAt, rule.answerWithin);
}

/** The deadline once extended: the extension's working days after the day the first deadline ended. */
export function extendedDeadline(calendar: WorkingCalendar, dueAt: Instant, rule: ObjectionRule): Deadline {
  return addWorkingDays(calendar, new Date(Date.parse(dueAt) - 1).toISOString(), rule.extension);
}

export function isOverdue(o: { state: string; due_at: Instant }, now: Instant): boolean {
  return o.state === 'pending' && o.due_at <= now;
}
