// Listing a subject on a list, and ending a listing: only the list's owner does either. A listing takes effect
// after the list's notice period; derived lists follow their source and end with it; every write is audited and
// announced on the change feed, which keeps every process's decision index current.

import type { Transaction } from 'kysely';
import type { CreditList } from '../domain/catalog/schema.js';
import { problems } from '../domain/errors.js';
import {
  checkListingSubmission,
  derivedLists,
  END_REASONS,
  type EndReason,
  type ListingSubmission,
  listingContentHash,
  listingEndHash,
  listingTimes,
} from '../domain/listings/listing.js';
import type { Principal } from '../domain/principal.js';
import { type AuditAppender, auditedTransaction, type StoredRow } from '../store/audit-log.js';
import { bulkWriter } from '../store/bulk-writer.js';
import { announce, derivedOf, findListing, findListingByDecision, insertListing } from '../store/listings.js';
import type { DB, ListingRow, SubjectRow } from '../store/schema.js';
import { ensureSubjects } from '../store/subjects.js';
import type { Context } from './context.js';
import { noticeListing } from './notices.js';

export interface ListingResult {
  status: 'created' | 'replayed';
  listing: ListingRow;
  subject: SubjectRow;
  derived: ListingRow[];
}

function contentOf(
  row: Omit<
    ListingRow,
    | 'id'
    | 'content_hash'
    | 'created_at'
    | 'audit_seq'
    | 'ended_at'
    | 'end_reason'
    | 'end_note'
    | 'end_audit_seq'
    | 'objection_id'
  >,
  identifier: string,
): string {
  return listingContentHash({
    list: row.list,
    subject: identifier,
    severity: row.severity,
    decisionNumber: row.decision_number,
    conductAt: row.conduct_at,
    decidedAt: row.decided_at,
    effectiveAt: row.effective_at,
    endsAt: row.ends_at,
    reason: row.reason,
    records: JSON.parse(row.records) as number[],
    agency: row.agency,
    derivedFrom: row.derived_from,
  });
}

async function insertWithDerived(
  ctx: Context,
  trx: Transaction<DB>,
  audit: AuditAppender,
  s: ListingSubmission,
  subject: SubjectRow,
  now: string,
): Promise<ListingRow[]> {
  const seq = audit.nextSeq;
  const rows: ListingRow[] = [];
  const add = async (list: CreditList, severity: string, source: ListingRow | null): Promise<void> => {
    // A derived listing follows its source: same effect and end, whatever its own list's durations.
    const times = source
      ? { effectiveAt: source.effective_at, endsAt: source.ends_at }
      : listingTimes(list, s.severity, s.decidedAt);
    const base = {
      list: list.code,
      subject_id: subject.id,
      severity,
      decision_number: s.decisionNumber,
      conduct_at: s.conductAt,
      decided_at: s.decidedAt,
      effective_at: times.effectiveAt,
      ends_at: times.endsAt,
      reason: source ? `follows listing ${source.id} on ${source.list}: ${s.reason}` : s.reason,
      records: JSON.stringify(s.records),
      agency: list.owner,
      derived_from: source?.id ?? null,
    };
    const row = await insertListing(trx, {
      ...base,
      content_hash: contentOf(base, subject.identifier),
      created_at: now,
      audit_seq: seq,
    });
    rows.push(row);
    // A derived list takes only the subject kinds its own basis covers (no-fly lists people, not companies).
    for (const d of derivedLists(ctx.catalog.lists.values(), list.code, severity))
      if (d.list.subjectKinds.includes(subject.kind as never)) await add(d.list, d.severity, row);
  };
  await add(s.list, s.severity, null);
  return rows;
}

export async function createListing(
  ctx: Context,
  principal: Principal,
  body: unknown,
): Promise<ListingResult> {
  const now = ctx.clock.now();
  const listCode = (body as { list?: unknown } | null)?.list;
  const list = typeof listCode === 'string' ? ctx.catalog.lists.get(listCode) : undefined;
  if (list && list.owner !== principal.agency) {
    throw problems.forbidden(`only ${list.owner} lists on ${list.code}`, [
      { pointer: '/list', reason: `${list.code} is owned by ${list.owner}, not ${principal.agency}` },
    ]);
  }
  const checked = checkListingSubmission(ctx.catalog, body, now);
  if (!checked.ok) throw problems.validation(checked.errors);
  const s = checked.value;
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const [subject] = (await ensureSubjects(trx, bulkWriter(trx, ctx.store), [s.subject], now)).values();
    const existing = await findListingByDecision(trx, s.list.code, subject!.id, s.decisionNumber);
    if (existing) {
      const times = listingTimes(s.list, s.severity, s.decidedAt);
      const again = contentOf(
        {
          list: s.list.code,
          subject_id: subject!.id,
          severity: s.severity,
          decision_number: s.decisionNumber,
          conduct_at: s.conductAt,
          decided_at: s.decidedAt,
          effective_at: times.effectiveAt,
          ends_at: times.endsAt,
          reason: s.reason,
          records: JSON.stringify(s.records),
          agency: s.list.owner,
          derived_from: null,
        },
        subject!.identifier,
      );
      if (again !== existing.content_hash) {
        throw problems.conflict(
          `decision ${s.decisionNumber} already lists this subject on ${s.list.code} with different content`,
          [{ pointer: '/decisionNumber', reason: 'is on file with different content' }],
        );
      }
      return {
        status: 'replayed' as const,
        listing: existing,
        subject: subject!,
        derived: await derivedOf(trx, existing.id),
      };
    }
    const rows = await insertWithDerived(ctx, trx, audit, s, subject!, now);
    // The notice is made with the listing: it cannot exist without it, nor it without its notice.
    await noticeListing(ctx, trx, rows, subject!, now);
    const stored: StoredRow[] = rows.map((r) => ({ id: r.id, version: 1, contentHash: r.content_hash }));
    audit.appendRows(principal, stored, {
      single: { action: 'listing.create', target: `listing:${rows[0]!.id}`, subjectId: subject!.id },
      batch: { action: 'listings.create', target: `listing:${rows[0]!.id}+derived` },
    });
    await announce(
      trx,
      now,
      rows.map((r) => ({ kind: 'listing' as const, subjectId: r.subject_id, listingId: r.id })),
    );
    return { status: 'created' as const, listing: rows[0]!, subject: subject!, derived: rows.slice(1) };
  });
}

/**
 * Many listings in one transaction (demo data, an agency's backlog): each as createListing would store it, with
 * its derived listings and its own audit entry; listings already on file are skipped. No notices are made: a
 * backlog was noticed when it was decided, and demo data has no one to tell.
 */
export async function ingestListings(
  ctx: Context,
  items: { principal: Principal; submission: ListingSubmission }[],
): Promise<{ created: number; existing: number }> {
  const now = ctx.clock.now();
  for (const { principal, submission } of items) {
    if (submission.list.owner !== principal.agency)
      throw problems.forbidden(`only ${submission.list.owner} lists on ${submission.list.code}`);
  }
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const subjects = await ensureSubjects(
      trx,
      bulkWriter(trx, ctx.store),
      items.map((i) => i.submission.subject),
      now,
    );
    let created = 0;
    let existing = 0;
    const changes: { kind: 'listing'; subjectId: number; listingId: number }[] = [];
    for (const { principal, submission: s } of items) {
      const subject = subjects.get(s.subject.identifier)!;
      if (await findListingByDecision(trx, s.list.code, subject.id, s.decisionNumber)) {
        existing++;
        continue;
      }
      const rows = await insertWithDerived(ctx, trx, audit, s, subject, now);
      audit.appendRows(
        principal,
        rows.map((r) => ({ id: r.id, version: 1, contentHash: r.content_hash })),
        {
          single: { action: 'listing.create', target: `listing:${rows[0]!.id}`, subjectId: subject.id },
          batch: { action: 'listings.create', target: `listing:${rows[0]!.id}+derived` },
        },
      );
      changes.push(
        ...rows.map((r) => ({ kind: 'listing' as const, subjectId: r.subject_id, listingId: r.id })),
      );
      created++;
    }
    await announce(trx, now, changes);
    return { created, existing };
  });
}

export async function endListing(
  ctx: Context,
  principal: Principal,
  id: number,
  body: unknown,
): Promise<ListingRow[]> {
  const now = ctx.clock.now();
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors = [];
  for (const k of Object.keys(b))
    if (!['reason', 'note'].includes(k))
      errors.push({ pointer: `/${k}`, reason: 'is not a known field here' });
  const reason = b.reason as EndReason;
  const ownReasons: EndReason[] = END_REASONS.filter((r) => r !== 'source-ended' && r !== 'expired');
  if (!ownReasons.includes(reason))
    errors.push({ pointer: '/reason', reason: `must be one of: ${ownReasons.join(', ')}` });
  const note = b.note === undefined ? null : b.note;
  if (note !== null && (typeof note !== 'string' || note.length > 2000))
    errors.push({ pointer: '/note', reason: 'must be text of at most 2000 characters' });
  if (errors.length) throw problems.validation(errors);
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const listing = await findListing(trx, id);
    if (!listing) throw problems.notFound(`no listing ${id}`);
    if (listing.agency !== principal.agency)
      throw problems.forbidden(`only ${listing.agency} ends listing ${id}`);
    if (listing.derived_from !== null) {
      throw problems.conflict(`listing ${id} follows listing ${listing.derived_from}; end that one`, [
        { pointer: '/reason', reason: 'a derived listing ends with its source' },
      ]);
    }
    if (listing.ended_at !== null || listing.ends_at <= now) {
      throw problems.conflict(`listing ${id} has already ended`, [
        { pointer: '/reason', reason: `ended ${listing.ended_at ?? listing.ends_at}` },
      ]);
    }
    return endListingTree(trx, audit, principal, listing, reason, note as string | null, now);
  });
}

/**
 * Ends a listing and, by the same act, every listing that follows it (derived lists), in the caller's audited
 * transaction; announces them on the change feed. The caller has checked that it may.
 */
export async function endListingTree(
  trx: Transaction<DB>,
  audit: AuditAppender,
  by: Principal,
  listing: ListingRow,
  reason: EndReason,
  note: string | null,
  now: string,
): Promise<ListingRow[]> {
  const ended: ListingRow[] = [];
  const end = async (l: ListingRow, why: EndReason) => {
    const seq = audit.appendBy(by, {
      action: 'listing.end',
      target: `listing:${l.id}`,
      subjectId: l.subject_id,
      contentHash: listingEndHash({ listing: l.id, endedAt: now, reason: why, note }),
    });
    await trx
      .updateTable('listings')
      .set({ ended_at: now, end_reason: why, end_note: note, end_audit_seq: seq, objection_id: null })
      .where('id', '=', l.id)
      .execute();
    ended.push({
      ...l,
      ended_at: now,
      end_reason: why,
      end_note: note,
      end_audit_seq: seq,
      objection_id: null,
    });
    for (const d of await derivedOf(trx, l.id)) await end(d, 'source-ended');
  };
  await end(listing, reason);
  await announce(
    trx,
    now,
    ended.map((l) => ({ kind: 'listing' as const, subjectId: l.subject_id, listingId: l.id })),
  );
  return ended;
}
