// Objections (异议), end to end: filing (the subject for anything on its file, anyone for public information),
// the item marked "under objection" everywhere it appears while pending, the owning agency's decision within
// the deadline (one extension with a reason), and what an upheld objection does — a listing ends (and every
// listing that follows it), a record is withdrawn (and the listings resting on it end). A score is not objected to
// itself: it is derived, and the objection goes to the records its ledger names. Overdue objections are
// escalated to the operators. Every step is an audited write.
import type { Transaction } from 'kysely';
import { contentHash } from '../domain/canonical-json.js';
import {
  checkExtension,
  checkObjectionDecision,
  checkObjectionFiling,
  derivedRecordRefusal,
  extendedDeadline,
  isOverdue,
  type ObjectionFiling,
  objectionDeadline,
  objectionRule,
} from '../domain/due-process/objection.js';
import { problems } from '../domain/errors.js';
import { listingState } from '../domain/listings/listing.js';
import type { Principal } from '../domain/principal.js';
import { SYSTEM } from '../domain/principal.js';
import { fileViewFor, listingPublic, recordVisible } from '../policies/file-visibility.js';
import { type AuditAppender, auditedTransaction } from '../store/audit-log.js';
import { announce, derivedOf, findListing } from '../store/listings.js';
import { findRecord } from '../store/records.js';
import type { DB, EvidenceRow, ListingRow, ObjectionRow, RecordRow } from '../store/schema.js';
import { findSubject } from '../store/subjects.js';
import type { Context } from './context.js';
import { type EvidenceFile, evidenceOf, fileHash, storeEvidence } from './evidence.js';
import { earlierFiling, maySeeFiling } from './filings.js';
import { endListingTree } from './listings.js';
import { addNotice } from './notices.js';

type Item = { type: 'record'; row: RecordRow } | { type: 'listing'; row: ListingRow };

async function findItem(trx: Transaction<DB>, f: Pick<ObjectionFiling, 'itemType' | 'item'>) {
  if (f.itemType === 'record') {
    const row = await findRecord(trx, f.item);
    return row ? ({ type: 'record', row } as Item) : undefined;
  }
  const row = await findListing(trx, f.item);
  return row ? ({ type: 'listing', row } as Item) : undefined;
}

/** Whether the caller may object to the item: its subject and operators always; anyone else if it is public. */
async function mayObject(ctx: Context, trx: Transaction<DB>, principal: Principal, item: Item, now: string) {
  const subject = await findSubject(trx, { id: item.row.subject_id });
  const view = fileViewFor(principal, item.row.subject_id);
  if (view === 'operator' || view === 'subject') return true;
  if (item.type === 'record') {
    const r = item.row;
    return recordVisible(
      ctx.catalog,
      'public',
      principal,
      {
        type: ctx.catalog.recordTypes.get(r.type),
        subjectKind: subject!.kind,
        publicationEndsAt: r.publication_ends_at,
        supersededAt: r.superseded_at,
      },
      now,
    );
  }
  const l = item.row;
  return listingPublic(
    ctx.catalog.lists.get(l.list),
    subject!.kind,
    listingState({ effectiveAt: l.effective_at, endsAt: l.ends_at, endedAt: l.ended_at }, now),
  );
}

/** The listings an objection to a listing covers: it and those that follow it. */
async function listingTree(trx: Transaction<DB>, root: ListingRow): Promise<ListingRow[]> {
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(await derivedOf(trx, out[i]!.id)));
  return out;
}

/** Marks (or clears) the item as under objection, and tells the decision index about listings. */
async function markItem(trx: Transaction<DB>, item: Item, objection: number | null, now: string) {
  if (item.type === 'record') {
    await trx.updateTable('records').set({ objection_id: objection }).where('id', '=', item.row.id).execute();
    return;
  }
  const tree = await listingTree(trx, item.row);
  const ids = tree.map((l) => l.id);
  await trx.updateTable('listings').set({ objection_id: objection }).where('id', 'in', ids).execute();
  await announce(
    trx,
    now,
    tree.map((l) => ({ kind: 'listing' as const, subjectId: l.subject_id, listingId: l.id })),
  );
}

export interface FiledObjection {
  status: 'created' | 'replayed';
  objection: ObjectionRow;
  uncoveredYears: number[];
}

export async function fileObjection(
  ctx: Context,
  principal: Principal,
  body: unknown,
  files: EvidenceFile[] = [],
  idempotencyKey?: string,
): Promise<FiledObjection> {
  const now = ctx.clock.now();
  const checked = checkObjectionFiling(body);
  if (!checked.ok) throw problems.validation(checked.errors);
  const f = checked.value;
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const earlier = await earlierFiling(trx, 'objections', principal, idempotencyKey);
    if (earlier) {
      if (earlier.item_type !== f.itemType || earlier.item_id !== f.item || earlier.reason !== f.reason)
        throw problems.conflict('this Idempotency-Key was used for a different objection', [
          { pointer: '/item', reason: `the key filed objection ${earlier.id}` },
        ]);
      return { status: 'replayed' as const, objection: earlier, uncoveredYears: [] };
    }
    const item = await findItem(trx, f);
    // Not found and not the caller's to see answer alike: an objection must not reveal a hidden item.
    if (!item || !(await mayObject(ctx, trx, principal, item, now)))
      throw problems.notFound(`no ${f.itemType} ${f.item} that you may object to`);
    // A score is derived: the objection goes to the records and listings it is computed from (its ledger).
    const derived = item.type === 'record' ? derivedRecordRefusal(item.row) : undefined;
    if (derived) throw problems.validation([derived.error], derived.detail);
    if (item.type === 'record' && item.row.superseded_at !== null)
      throw problems.conflict(
        `record ${f.item} has been corrected or withdrawn; object to its current version`,
        [{ pointer: '/item', reason: 'is not the current version' }],
      );
    if (item.type === 'listing' && (item.row.ended_at !== null || item.row.ends_at <= now))
      throw problems.conflict(`listing ${f.item} has ended`, [{ pointer: '/item', reason: 'has ended' }]);
    if (item.row.objection_id !== null)
      throw problems.conflict(`${f.itemType} ${f.item} is already under objection ${item.row.objection_id}`, [
        { pointer: '/item', reason: `objection ${item.row.objection_id} is pending` },
      ]);
    const rule = objectionRule(item.type === 'listing' ? ctx.catalog.lists.get(item.row.list) : undefined);
    const deadline = objectionDeadline(ctx.catalog.calendar, now, rule);
    const seq = audit.appendBy(principal, {
      action: 'objection.file',
      target: `${f.itemType}:${f.item}`,
      subjectId: item.row.subject_id,
      contentHash: contentHash({ ...f, filedAt: now, dueAt: deadline.due, files: files.map(fileHash) }),
    });
    const objection = await trx
      .insertInto('objections')
      .values({
        item_type: f.itemType,
        item_id: f.item,
        subject_id: item.row.subject_id,
        agency: item.row.agency,
        filed_by: principal.actor,
        filed_role: principal.role,
        reason: f.reason,
        state: 'pending',
        filed_at: now,
        due_at: deadline.due,
        idempotency_key: idempotencyKey ?? null,
        audit_seq: seq,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await storeEvidence(trx, 'objection', objection.id, files, now);
    await markItem(trx, item, objection.id, now);
    return { status: 'created' as const, objection, uncoveredYears: deadline.uncoveredYears };
  });
}

async function pendingFor(trx: Transaction<DB>, principal: Principal, id: number): Promise<ObjectionRow> {
  const o = await trx.selectFrom('objections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!o) throw problems.notFound(`no objection ${id}`);
  if (principal.role !== 'agency' || principal.agency !== o.agency)
    throw problems.forbidden(`objection ${id} is decided by ${o.agency}`);
  if (o.state !== 'pending')
    throw problems.conflict(`objection ${id} was decided (${o.state}) on ${o.decided_at}`, [
      { pointer: '/outcome', reason: `already ${o.state}` },
    ]);
  return o;
}

export async function decideObjection(
  ctx: Context,
  principal: Principal,
  id: number,
  body: unknown,
): Promise<{ objection: ObjectionRow; endedListings: ListingRow[]; withdrawnRecord: number | null }> {
  const now = ctx.clock.now();
  const checked = checkObjectionDecision(body);
  if (!checked.ok) throw problems.validation(checked.errors);
  const d = checked.value;
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const o = await pendingFor(trx, principal, id);
    const item = await findItem(trx, { itemType: o.item_type, item: o.item_id });
    if (!item) throw new Error(`objection ${id} names a missing ${o.item_type} ${o.item_id}`);
    audit.appendBy(principal, {
      action: 'objection.decide',
      target: `objection:${id}`,
      subjectId: o.subject_id,
      contentHash: contentHash({ objection: id, ...d, decidedAt: now }),
    });
    await markItem(trx, item, null, now);
    let endedListings: ListingRow[] = [];
    let withdrawnRecord: number | null = null;
    if (d.outcome === 'upheld') {
      const note = `objection ${id} upheld: ${d.reason}`;
      if (item.type === 'listing') {
        // An objection to a derived listing is upheld against the listing it follows: they stand and fall together.
        let root = item.row;
        while (root.derived_from !== null) root = (await findListing(trx, root.derived_from))!;
        if (root.ended_at === null && root.ends_at > now)
          endedListings = await endListingTree(trx, audit, principal, root, 'objection-upheld', note, now);
      } else {
        withdrawnRecord = item.row.id;
        endedListings = await withdrawRecord(trx, audit, principal, item.row, note, now);
      }
    }
    const decided = await trx
      .updateTable('objections')
      .set({ state: d.outcome, decided_at: now, decided_by: principal.actor, outcome_reason: d.reason })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await addNotice(
      trx,
      o.subject_id,
      'objection.decided',
      o.item_type === 'listing' ? o.item_id : null,
      d.outcome === 'upheld'
        ? `您的异议（第${id}号）已被采纳：${o.item_type === 'listing' ? '列入已撤销' : '该记录已撤回'}`
        : `您的异议（第${id}号）未被采纳`,
      {
        kind: 'objection.decided',
        objection: id,
        item: { type: o.item_type, id: o.item_id },
        outcome: d.outcome,
        reason: d.reason,
        decidedBy: o.agency,
        endedListings: endedListings.map((l) => l.id),
        withdrawnRecord,
      },
      [],
      now,
    );
    return { objection: decided, endedListings, withdrawnRecord };
  });
}

/** A record withdrawn on an upheld objection: no longer current or published; listings resting on it end. */
async function withdrawRecord(
  trx: Transaction<DB>,
  audit: AuditAppender,
  by: Principal,
  record: RecordRow,
  note: string,
  now: string,
): Promise<ListingRow[]> {
  audit.appendBy(by, {
    action: 'record.withdraw',
    target: `record:${record.id}`,
    subjectId: record.subject_id,
    contentHash: contentHash({ record: record.id, withdrawnAt: now, note }),
  });
  await trx
    .updateTable('records')
    .set({ superseded_at: now, correction_reason: `withdrawn: ${note}`, publication_ends_at: now })
    .where('id', '=', record.id)
    .execute();
  // Read models that count the record (scores) learn of the withdrawal from the change feed.
  await announce(trx, now, [{ kind: 'record', subjectId: record.subject_id }]);
  const resting = (
    await trx
      .selectFrom('listings')
      .selectAll()
      .where('subject_id', '=', record.subject_id)
      .where('ended_at', 'is', null)
      .where('derived_from', 'is', null)
      .where('ends_at', '>', now)
      .execute()
  ).filter((l) => (JSON.parse(l.records) as number[]).includes(record.id));
  const ended: ListingRow[] = [];
  for (const l of resting)
    ended.push(...(await endListingTree(trx, audit, by, l, 'objection-upheld', note, now)));
  return ended;
}

export async function extendObjection(
  ctx: Context,
  principal: Principal,
  id: number,
  body: unknown,
): Promise<ObjectionRow> {
  const now = ctx.clock.now();
  const checked = checkExtension(body);
  if (!checked.ok) throw problems.validation(checked.errors);
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const o = await pendingFor(trx, principal, id);
    const list = o.item_type === 'listing' ? (await findListing(trx, o.item_id))?.list : undefined;
    const rule = objectionRule(list ? ctx.catalog.lists.get(list) : undefined);
    if (o.extended_at !== null)
      throw problems.conflict(`objection ${id} was extended once already`, [
        { pointer: '/reason', reason: `extended ${o.extended_at}` },
      ]);
    if (rule.extension === 0)
      throw problems.conflict(`the rule for objection ${id} allows no extension`, [
        { pointer: '/reason', reason: rule.source },
      ]);
    if (o.due_at <= now)
      throw problems.conflict(`objection ${id} is overdue; decide it`, [
        { pointer: '/reason', reason: `the deadline was ${o.due_at}` },
      ]);
    const due = extendedDeadline(ctx.catalog.calendar, o.due_at, rule).due;
    audit.appendBy(principal, {
      action: 'objection.extend',
      target: `objection:${id}`,
      subjectId: o.subject_id,
      contentHash: contentHash({ objection: id, reason: checked.value.reason, dueAt: due }),
    });
    return trx
      .updateTable('objections')
      .set({ due_at: due, extended_at: now, extension_reason: checked.value.reason })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** An objection with the list of the listing it is about (its deadline rule comes from the list). */
export type ObjectionView = ObjectionRow & { item_list: string | null };

function objectionsWithList(ctx: Context) {
  return ctx.store.db
    .selectFrom('objections')
    .leftJoin('listings', (join) =>
      join.onRef('listings.id', '=', 'objections.item_id').on('objections.item_type', '=', 'listing'),
    )
    .selectAll('objections')
    .select('listings.list as item_list');
}

export async function getObjection(
  ctx: Context,
  principal: Principal,
  id: number,
): Promise<{ objection: ObjectionView; evidence: Omit<EvidenceRow, 'content'>[] }> {
  const o = await objectionsWithList(ctx).where('objections.id', '=', id).executeTakeFirst();
  if (!o || !maySeeFiling(principal, o)) throw problems.notFound(`no objection ${id}`);
  return { objection: o, evidence: await evidenceOf(ctx, 'objection', id) };
}

export interface ObjectionQuery {
  state?: 'pending' | 'upheld' | 'rejected';
  overdue?: boolean;
  /** Only the caller's own: about it (a subject) or filed by it (anyone else). */
  mine?: boolean;
  limit: number;
  offset: number;
}

/** Operators see every objection; an agency those it decides; a subject those about it; others their own. */
export async function listObjections(
  ctx: Context,
  principal: Principal,
  q: ObjectionQuery,
): Promise<{ items: ObjectionView[]; total: number }> {
  const now = ctx.clock.now();
  let query = objectionsWithList(ctx);
  if (principal.role === 'subject') query = query.where('objections.subject_id', '=', principal.subjectId!);
  else if (q.mine || (principal.role !== 'agency' && principal.role !== 'operator'))
    query = query.where('objections.filed_by', '=', principal.actor);
  else if (principal.role === 'agency') query = query.where('objections.agency', '=', principal.agency!);
  if (q.overdue)
    query = query.where('objections.state', '=', 'pending').where('objections.due_at', '<=', now);
  else if (q.overdue === false)
    query = query.where((eb) =>
      eb.or([eb('objections.state', '!=', 'pending'), eb('objections.due_at', '>', now)]),
    );
  if (q.state) query = query.where('objections.state', '=', q.state);
  const counted = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const items = await query
    .orderBy('objections.due_at')
    .orderBy('objections.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { items, total: Number(counted.n) };
}

/**
 * Puts overdue objections before the operators (once each): an audited escalation the operator dashboard and
 * `GET /api/v1/objections?overdue=true` show. Run by the server's scheduler and by `xinyong expire`.
 */
export async function escalateOverdue(ctx: Context): Promise<ObjectionRow[]> {
  const now = ctx.clock.now();
  const due = await ctx.store.db
    .selectFrom('objections')
    .selectAll()
    .where('state', '=', 'pending')
    .where('due_at', '<=', now)
    .where('escalated_at', 'is', null)
    .orderBy('id')
    .limit(1000)
    .execute();
  if (due.length === 0) return [];
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const out: ObjectionRow[] = [];
    for (const o of due) {
      if (!isOverdue(o, now)) continue;
      audit.appendBy(SYSTEM, {
        action: 'objection.escalate',
        target: `objection:${o.id}`,
        subjectId: o.subject_id,
        contentHash: contentHash({ objection: o.id, escalatedAt: now, dueAt: o.due_at }),
      });
      out.push(
        await trx
          .updateTable('objections')
          .set({ escalated_at: now })
          .where('id', '=', o.id)
          .where('escalated_at', 'is', null)
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    }
    return out;
  });
}
