// An objection as the API shows it: what is objected to and why, where it stands, and the deadline — when it
// falls, how many working days are left, and whether it has passed — with the rule it comes from.
import type { CatalogView } from '../../domain/catalog/view.js';
import { isOverdue, type ObjectionRule, objectionRule } from '../../domain/due-process/objection.js';
import { type WorkingCalendar, workingDaysLeft } from '../../domain/working-days.js';
import type { EvidenceRow, ObjectionRow } from '../../store/schema.js';

export type EvidenceSummary = Omit<EvidenceRow, 'content'>;

export function presentEvidence(e: EvidenceSummary, url: string) {
  return { id: e.id, name: e.name, mediaType: e.media_type, size: e.size, sha256: e.sha256, url };
}

export function presentObjection(
  o: ObjectionRow,
  ctx: { catalog: CatalogView & { calendar: WorkingCalendar }; now: string; list?: string },
  evidence: EvidenceSummary[] = [],
) {
  const rule = objectionRule(ctx.list ? ctx.catalog.lists.get(ctx.list) : undefined);
  return {
    id: o.id,
    itemType: o.item_type,
    item: o.item_id,
    itemUrl: o.item_type === 'listing' ? `/api/v1/listings/${o.item_id}` : `/api/v1/records/${o.item_id}`,
    subjectId: o.subject_id,
    agency: o.agency,
    filedBy: { role: o.filed_role, actor: o.filed_by },
    reason: o.reason,
    state: o.state,
    filedAt: o.filed_at,
    deadline: {
      dueAt: o.due_at,
      workingDaysLeft:
        o.state === 'pending' ? workingDaysLeft(ctx.catalog.calendar, ctx.now, o.due_at) : null,
      overdue: isOverdue(o, ctx.now),
      rule: `${rule.answerWithin} working days, extendable once by ${rule.extension}`,
      source: rule.source,
    },
    extension: o.extended_at ? { at: o.extended_at, reason: o.extension_reason } : null,
    decision: o.decided_at
      ? { at: o.decided_at, by: o.decided_by, outcome: o.state, reason: o.outcome_reason }
      : null,
    escalatedAt: o.escalated_at,
    evidence: evidence.map((e) => presentEvidence(e, `/api/v1/objections/${o.id}/evidence/${e.id}`)),
  };
}

/** How to object to an item, and how long its owner has to answer. */
export function howToObject(itemType: 'record' | 'listing', id: number, rule: ObjectionRule) {
  return {
    how: `POST /api/v1/objections {"itemType": "${itemType}", "item": ${id}, "reason": "…"} (evidence files as multipart)`,
    answerWithin: `${rule.answerWithin} working days, extendable once by ${rule.extension} with a reason`,
    source: rule.source,
  };
}
