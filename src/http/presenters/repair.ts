// An application for credit repair as the API shows it: what the subject did, where it stands, the deadline.
import { REPAIR_ANSWER_WITHIN, REPAIR_RULE_SOURCE } from '../../domain/due-process/repair.js';
import { type WorkingCalendar, workingDaysLeft } from '../../domain/working-days.js';
import type { RepairRow } from '../../store/schema.js';
import { type EvidenceSummary, presentEvidence } from './objection.js';

export function presentRepair(
  r: RepairRow,
  ctx: { calendar: WorkingCalendar; now: string },
  evidence: EvidenceSummary[] = [],
) {
  const pending = r.state === 'pending';
  return {
    id: r.id,
    listing: r.listing_id,
    listingUrl: `/api/v1/listings/${r.listing_id}`,
    subjectId: r.subject_id,
    agency: r.agency,
    obligationsPerformed: r.obligations_performed,
    commitmentLetter: r.commitment_letter,
    trainingCertificate: r.training_certificate,
    state: r.state,
    filedAt: r.filed_at,
    deadline: {
      dueAt: r.due_at,
      workingDaysLeft: pending ? workingDaysLeft(ctx.calendar, ctx.now, r.due_at) : null,
      overdue: pending && r.due_at <= ctx.now,
      rule: `${REPAIR_ANSWER_WITHIN} working days`,
      source: REPAIR_RULE_SOURCE,
    },
    decision: r.decided_at
      ? { at: r.decided_at, by: r.decided_by, outcome: r.state, reason: r.outcome_reason }
      : null,
    evidence: evidence.map((e) => presentEvidence(e, `/api/v1/repairs/${r.id}/evidence/${e.id}`)),
  };
}
