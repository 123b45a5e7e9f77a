// Credit repair (信用修复): the listed subject shows it has put things right — obligations performed, a
// commitment letter, a training certificate where its list asks for one — and the list's owner decides within a
// deadline in working days. Eligibility comes from the list's repair procedure in the catalog: whether its basis
// allows repair at all, and the minimum time on the list (P0D for a court defaulter: as soon as the obligations
// are performed). Pure.
import type { CreditList } from '../catalog/schema.js';
import type { FieldError } from '../errors.js';
import type { Checked } from '../records/submission.js';
import { addDuration, type Instant } from '../time.js';

export const REPAIR_OUTCOMES = ['granted', 'refused'] as const;
export type RepairOutcome = (typeof REPAIR_OUTCOMES)[number];

/** Working days the owner has to decide an application: this platform's rule, as for objections. */
export const REPAIR_ANSWER_WITHIN = 10;
export const REPAIR_RULE_SOURCE =
  '10 working days to decide an application for credit repair: this platform’s rule, the same as for an objection';

export interface RepairApplication {
  listing: number;
  obligationsPerformed: string;
  commitmentLetter: string;
  trainingCertificate: string | null;
}

const obj = (raw: unknown): Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};

const KEYS = ['listing', 'obligationsPerformed', 'trainingCertificate', 'commitmentLetter'];

/** `{listing, obligationsPerformed, commitmentLetter, trainingCertificate?}` (text; numbers may come as text). */
export function checkRepairApplication(raw: unknown): Checked<RepairApplication> {
  const b = obj(raw);
  const errors: FieldError[] = [];
  for (const k of Object.keys(b))
    if (!KEYS.includes(k)) errors.push({ pointer: `/${k}`, reason: 'is not a known field here' });
  const listing = typeof b.listing === 'string' && /^\d+$/.test(b.listing) ? Number(b.listing) : b.listing;
  if (!Number.isSafeInteger(listing) || (listing as number) < 1)
    errors.push({ pointer: '/listing', reason: 'is required: the id of the listing to repair' });
  const text = (key: string, what: string, required: boolean): string | null => {
    const v = b[key];
    if (v === undefined && !required) return null;
    if (typeof v !== 'string' || v.trim().length < 2 || v.length > 8000) {
      errors.push({
        pointer: `/${key}`,
        reason: `${required ? 'is required: ' : 'must be '}${what} (2 to 8000 characters)`,
      });
      return null;
    }
    return v.trim();
  };
  const obligationsPerformed = text(
    'obligationsPerformed',
    'how the obligations were performed, and when',
    true,
  );
  const commitmentLetter = text('commitmentLetter', 'the commitment letter (信用修复承诺书)', true);
  const trainingCertificate = text(
    'trainingCertificate',
    'the training certificate, its number and issuer',
    false,
  );
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      listing: listing as number,
      obligationsPerformed: obligationsPerformed!,
      commitmentLetter: commitmentLetter!,
      trainingCertificate,
    },
  };
}

export function checkRepairDecision(raw: unknown): Checked<{ outcome: RepairOutcome; reason: string }> {
  const b = obj(raw);
  const errors: FieldError[] = [];
  for (const k of Object.keys(b))
    if (!['outcome', 'reason'].includes(k))
      errors.push({ pointer: `/${k}`, reason: 'is not a known field here' });
  const outcome = b.outcome as RepairOutcome;
  if (!REPAIR_OUTCOMES.includes(outcome))
    errors.push({ pointer: '/outcome', reason: `must be one of: ${REPAIR_OUTCOMES.join(', ')}` });
  if (typeof b.reason !== 'string' || b.reason.trim().length < 2 || b.reason.length > 4000)
    errors.push({
      pointer: '/reason',
      reason: 'is required: why, in words the subject will read (2 to 4000 characters)',
    });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { outcome, reason: (b.reason as string).trim() } };
}

/** Why the listing cannot be repaired now (pointer /listing), or none. */
export function repairIneligibility(
  list: CreditList,
  listing: { effective_at: Instant; derived_from: number | null },
  now: Instant,
): string | undefined {
  if (listing.derived_from !== null)
    return `this listing follows listing ${listing.derived_from}; apply to repair that one, and this one ends with it`;
  if (!list.repair.allowed) return `the basis of ${list.code} allows no credit repair`;
  const minimum = list.repair.minimumPeriod;
  // No minimum (P0D): as soon as the obligations are performed, even before the listing takes effect.
  if (minimum === undefined || /^P(0[YMWD])*$/.test(minimum)) return undefined;
  const earliest = addDuration(listing.effective_at, minimum);
  if (earliest > now)
    return `repair of ${list.code} may be granted from ${earliest} (minimum period ${list.repair.minimumPeriod})`;
  return undefined;
}
