// Credit repair (信用修复), end to end: the listed subject applies with what it has done (obligations, commitment
// letter, training certificate, evidence files) where the list's procedure allows repair; the list's owner
// decides within the deadline. Granted: the listing ends early (with the listings that follow it), and the
// records it rests on stop being published — they stay on file for their retention period. Audited writes.
import type { Transaction } from 'kysely';
import { contentHash } from '../domain/canonical-json.js';
import {
  checkRepairApplication,
  checkRepairDecision,
  REPAIR_ANSWER_WITHIN,
  repairIneligibility,
} from '../domain/due-process/repair.js';
import { problems } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import { addWorkingDays } from '../domain/working-days.js';
import { auditedTransaction } from '../store/audit-log.js';
import { findListing } from '../store/listings.js';
import type { DB, ListingRow, RepairRow } from '../store/schema.js';
import type { Context } from './context.js';
import { type EvidenceFile, fileHash, storeEvidence } from './evidence.js';
import { earlierFiling, maySeeFiling } from './filings.js';
import { endListingTree } from './listings.js';
import { addNotice } from './notices.js';

export interface FiledRepair {
  status: 'created' | 'replayed';
  repair: RepairRow;
  uncoveredYears: number[];
}

export async function applyForRepair(
  ctx: Context,
  principal: Principal,
  body: unknown,
  files: EvidenceFile[] = [],
  idempotencyKey?: string,
): Promise<FiledRepair> {
  const now = ctx.clock.now();
  const checked = checkRepairApplication(body);
  if (!checked.ok) throw problems.validation(checked.errors);
  const a = checked.value;
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const earlier = await earlierFiling(trx, 'repairs', principal, idempotencyKey);
    if (earlier) {
      if (earlier.listing_id !== a.listing || earlier.obligations_performed !== a.obligationsPerformed)
        throw problems.conflict('this Idempotency-Key was used for a different application', [
          { pointer: '/listing', reason: `the key filed application ${earlier.id}` },
        ]);
      return { status: 'replayed' as const, repair: earlier, uncoveredYears: [] };
    }
    const listing = await findListing(trx, a.listing);
    // Only the listed subject (or an operator for it) applies; anyone else learns nothing of the listing.
    const own =
      principal.role === 'operator' ||
      (principal.role === 'subject' && listing !== undefined && principal.subjectId === listing.subject_id);
    if (!listing || !own) throw problems.notFound(`no listing ${a.listing} of yours`);
    if (listing.ended_at !== null || listing.ends_at <= now)
      throw problems.conflict(`listing ${a.listing} has ended`, [
        { pointer: '/listing', reason: 'has ended' },
      ]);
    const list = ctx.catalog.lists.get(listing.list);
    const why = list ? repairIneligibility(list, listing, now) : `unknown list ${listing.list}`;
    if (why)
      throw problems.conflict(`listing ${a.listing} cannot be repaired now`, [
        { pointer: '/listing', reason: why },
      ]);
    const pending = await trx
      .selectFrom('repairs')
      .select('id')
      .where('listing_id', '=', listing.id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (pending)
      throw problems.conflict(`an application to repair listing ${a.listing} is pending`, [
        { pointer: '/listing', reason: `application ${pending.id} is pending` },
      ]);
    const deadline = addWorkingDays(ctx.catalog.calendar, now, REPAIR_ANSWER_WITHIN);
    const seq = audit.appendBy(principal, {
      action: 'repair.apply',
      target: `listing:${listing.id}`,
      subjectId: listing.subject_id,
      contentHash: contentHash({ ...a, filedAt: now, dueAt: deadline.due, files: files.map(fileHash) }),
    });
    const repair = await trx
      .insertInto('repairs')
      .values({
        listing_id: listing.id,
        subject_id: listing.subject_id,
        agency: listing.agency,
        filed_by: principal.actor,
        obligations_performed: a.obligationsPerformed,
        commitment_letter: a.commitmentLetter,
        training_certificate: a.trainingCertificate,
        state: 'pending',
        filed_at: now,
        due_at: deadline.due,
        idempotency_key: idempotencyKey ?? null,
        audit_seq: seq,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await storeEvidence(trx, 'repair', repair.id, files, now);
    return { status: 'created' as const, repair, uncoveredYears: deadline.uncoveredYears };
  });
}

export async function decideRepair(
  ctx: Context,
  principal: Principal,
  id: number,
  body: unknown,
): Promise<{ repair: RepairRow; endedListings: ListingRow[]; unpublishedRecords: number[] }> {
  const now = ctx.clock.now();
  const checked = checkRepairDecision(body);
  if (!checked.ok) throw problems.validation(checked.errors);
  const d = checked.value;
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const r = await trx.selectFrom('repairs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw problems.notFound(`no repair application ${id}`);
    if (principal.role !== 'agency' || principal.agency !== r.agency)
      throw problems.forbidden(`repair application ${id} is decided by ${r.agency}`);
    if (r.state !== 'pending')
      throw problems.conflict(`repair application ${id} was decided (${r.state}) on ${r.decided_at}`, [
        { pointer: '/outcome', reason: `already ${r.state}` },
      ]);
    audit.appendBy(principal, {
      action: 'repair.decide',
      target: `repair:${id}`,
      subjectId: r.subject_id,
      contentHash: contentHash({ repair: id, ...d, decidedAt: now }),
    });
    let endedListings: ListingRow[] = [];
    let unpublishedRecords: number[] = [];
    if (d.outcome === 'granted') {
      const listing = (await findListing(trx, r.listing_id))!;
      const note = `repair ${id} granted: ${d.reason}`;
      if (listing.ended_at === null && listing.ends_at > now)
        endedListings = await endListingTree(trx, audit, principal, listing, 'repaired', note, now);
      unpublishedRecords = await stopPublication(trx, JSON.parse(listing.records) as number[], now);
    }
    const repair = await trx
      .updateTable('repairs')
      .set({ state: d.outcome, decided_at: now, decided_by: principal.actor, outcome_reason: d.reason })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await addNotice(
      trx,
      r.subject_id,
      'repair.decided',
      r.listing_id,
      d.outcome === 'granted'
        ? `您的信用修复申请（第${id}号）已获准：列入已提前结束`
        : `您的信用修复申请（第${id}号）未获准`,
      {
        kind: 'repair.decided',
        repair: id,
        listing: r.listing_id,
        outcome: d.outcome,
        reason: d.reason,
        decidedBy: r.agency,
        endedListings: endedListings.map((l) => l.id),
        unpublishedRecords,
      },
      [],
      now,
    );
    return { repair, endedListings, unpublishedRecords };
  });
}

/** Ends the publication of the records now (they stay on file until their retention ends). */
async function stopPublication(trx: Transaction<DB>, ids: number[], now: string): Promise<number[]> {
  if (ids.length === 0) return [];
  const published = await trx
    .selectFrom('records')
    .select('id')
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('publication_ends_at', 'is', null), eb('publication_ends_at', '>', now)]))
    .execute();
  if (published.length === 0) return [];
  await trx
    .updateTable('records')
    .set({ publication_ends_at: now })
    .where(
      'id',
      'in',
      published.map((r) => r.id),
    )
    .execute();
  return published.map((r) => r.id);
}

export async function getRepair(ctx: Context, principal: Principal, id: number): Promise<RepairRow> {
  const r = await ctx.store.db.selectFrom('repairs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r || !maySeeFiling(principal, r)) throw problems.notFound(`no repair application ${id}`);
  return r;
}

export async function listRepairs(
  ctx: Context,
  principal: Principal,
  q: {
    state?: 'pending' | 'granted' | 'refused';
    overdue?: boolean;
    mine?: boolean;
    limit: number;
    offset: number;
  },
): Promise<{ items: RepairRow[]; total: number }> {
  const now = ctx.clock.now();
  let query = ctx.store.db.selectFrom('repairs');
  if (principal.role === 'subject') query = query.where('subject_id', '=', principal.subjectId!);
  else if (q.mine || (principal.role !== 'agency' && principal.role !== 'operator'))
    query = query.where('filed_by', '=', principal.actor);
  else if (principal.role === 'agency') query = query.where('agency', '=', principal.agency!);
  if (q.overdue) query = query.where('state', '=', 'pending').where('due_at', '<=', now);
  if (q.state) query = query.where('state', '=', q.state);
  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await query
    .selectAll()
    .orderBy('due_at')
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { items, total: Number(counted.n) };
}
