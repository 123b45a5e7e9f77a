// A listing as the API shows it: the list and its basis, the decision, its state and end, the consequences
// (measures and the actions they govern), and how to object and repair.
import type { CatalogView } from '../../domain/catalog/view.js';
import type { RuleBook } from '../../domain/check/rule-book.js';
import { objectionRule } from '../../domain/due-process/objection.js';
import { listingState } from '../../domain/listings/listing.js';
import type { ListingRow, SubjectRow } from '../../store/schema.js';
import { howToObject } from './objection.js';
import { presentSubject } from './subject.js';

export function presentListing(
  l: ListingRow,
  catalog: CatalogView,
  book: RuleBook,
  now: string,
  subject?: SubjectRow,
  mask = false,
) {
  const list = catalog.lists.get(l.list);
  const agency = catalog.agencies.get(l.agency);
  const consequences = book.actionsOf(l.list, l.severity, 'self').map((action) => ({
    action,
    measures: book
      .measures(l.list, l.severity, 'self', action)
      .map((m) => ({ measure: m.measure.code, memorandum: m.memorandum.code, effect: m.effect })),
  }));
  return {
    id: l.id,
    list: l.list,
    listNames: list?.names ?? null,
    listKind: list?.kind ?? null,
    ...(subject ? { subject: presentSubject(subject, { mask }) } : { subjectId: l.subject_id }),
    severity: l.severity,
    decisionNumber: l.decision_number,
    conductAt: l.conduct_at,
    decidedAt: l.decided_at,
    effectiveAt: l.effective_at,
    endsAt: l.ends_at,
    state: listingState({ effectiveAt: l.effective_at, endsAt: l.ends_at, endedAt: l.ended_at }, now),
    endedAt: l.ended_at ?? (l.ends_at <= now ? l.ends_at : null),
    endReason: l.end_reason ?? (l.ends_at <= now ? 'expired' : null),
    reason: l.reason,
    records: JSON.parse(l.records) as number[],
    agency: l.agency,
    agencyNames: agency?.names ?? null,
    derivedFrom: l.derived_from,
    legalBasis: (list?.legalBasis ?? []).map(({ title, titleEn, article }) => ({ title, titleEn, article })),
    consequences,
    underObjection:
      l.objection_id !== null
        ? { objection: l.objection_id, url: `/api/v1/objections/${l.objection_id}` }
        : null,
    objection: howToObject('listing', l.id, objectionRule(list)),
    repair: list?.repair ?? null,
    auditSeq: l.audit_seq,
  };
}
