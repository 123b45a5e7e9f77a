// Recomputes the whole audit log from the rows: every entry's leaf, every record and relation it covers, every
// item of a group-committed entry, every stored tree node, and the root. Names the first entry that fails.

import { entryLeafHash, itemLeafHash, recordItem } from '../domain/audit/entry.js';
import {
  appendLeaf,
  EMPTY_FRONTIER,
  type Frontier,
  frontierRoot,
  type Hash,
  rootOf,
} from '../domain/audit/merkle.js';
import { sha256Hex } from '../domain/canonical-json.js';
import { listingContentHash, listingEndHash, listingExpiryHash } from '../domain/listings/listing.js';
import { recordContentHashOf, relationContentHash } from '../domain/records/content.js';
import { readState } from '../store/audit-log.js';
import type { AuditEntryRow } from '../store/schema.js';
import { type SignedTreeHead, toEntry, verifySignedHead } from './audit.js';
import type { Context } from './context.js';

export interface VerifyReport {
  ok: boolean;
  treeSize: number;
  rootHash: Hash;
  checked: { entries: number; records: number; relations: number; items: number; nodes: number };
  firstFailure?: { seq: number; reason: string };
  against?: { treeSize: number; rootHash: Hash; consistent: boolean; reason?: string };
}

const MAX_ENTRIES = 2000;
const MAX_ROWS = 50_000;

/** The end of the next window of entries: at most MAX_ENTRIES, and covering at most about MAX_ROWS records. */
async function windowEnd(ctx: Context, start: number): Promise<number> {
  const counts = await ctx.store.db
    .selectFrom('records')
    .select(['audit_seq', (eb) => eb.fn.countAll<number>().as('n')])
    .where('audit_seq', '>=', start)
    .where('audit_seq', '<', start + MAX_ENTRIES)
    .groupBy('audit_seq')
    .orderBy('audit_seq')
    .execute();
  let rows = 0;
  for (const c of counts) {
    rows += Number(c.n);
    if (rows > MAX_ROWS && c.audit_seq > start) return c.audit_seq;
  }
  return start + MAX_ENTRIES;
}

interface Covered {
  id: number;
  version: number;
  contentHash: string;
}

/** Do the rows naming this entry (by audit_seq) match what the entry says it covers? */
function coverage(
  row: AuditEntryRow,
  covered: Covered[],
  single: string[],
  batch: string[],
  noun: string,
): string | undefined {
  if (single.includes(row.action)) {
    const id = Number(row.target.replace(`${noun}:`, ''));
    const c = covered.find((x) => x.id === id);
    if (!c) return `${noun} ${id} of entry ${row.seq} is missing`;
    if (covered.length !== 1) return `entry ${row.seq} covers one ${noun}, ${covered.length} name it`;
    if (sha256Hex(recordItem(c)) !== row.content_hash)
      return `${noun} ${id} was altered: it no longer matches entry ${row.seq}`;
  } else if (batch.includes(row.action)) {
    if (covered.length !== row.item_count)
      return `entry ${row.seq} covers ${row.item_count} ${noun}s but ${covered.length} are on file`;
    if (rootOf(covered.map((c) => itemLeafHash(recordItem(c)))) !== row.items_root)
      return `the ${noun}s of entry ${row.seq} do not match its items root`;
  } else if (covered.length > 0) {
    return `entry ${row.seq} (${row.action}) covers no ${noun}s, yet ${covered.length} name it`;
  }
  return undefined;
}

/** A listing.end or listing.expire entry covers exactly the listing it names, as it stands ended. */
function listingEnd(
  row: AuditEntryRow,
  ends: { id: number; ended_at: string | null; end_reason: string | null; end_note: string | null }[],
): string | undefined {
  if (row.action !== 'listing.end' && row.action !== 'listing.expire')
    return ends.length > 0
      ? `entry ${row.seq} (${row.action}) ends no listing, yet ${ends.length} name it`
      : undefined;
  const id = Number(row.target.replace('listing:', ''));
  const l = ends.find((e) => e.id === id);
  if (!l || ends.length !== 1) return `the end of listing ${id} (entry ${row.seq}) is missing or altered`;
  const h =
    row.action === 'listing.expire'
      ? l.end_reason === 'expired' && l.end_note === null
        ? listingExpiryHash({ listing: l.id, endedAt: l.ended_at ?? '' })
        : undefined
      : listingEndHash({
          listing: l.id,
          endedAt: l.ended_at ?? '',
          reason: l.end_reason ?? '',
          note: l.end_note,
        });
  return h === row.content_hash ? undefined : `the end of listing ${id} was altered`;
}

export async function verifyLog(
  ctx: Context,
  options: {
    against?: SignedTreeHead;
    publicKeyPem?: string;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<VerifyReport> {
  const db = ctx.store.db;
  const state = await readState(db);
  const checked = { entries: 0, records: 0, relations: 0, items: 0, nodes: 0 };
  let frontier: Frontier = EMPTY_FRONTIER;
  let rootAtAgainst: Hash | undefined;
  const against = options.against;
  const fail = (seq: number, reason: string): VerifyReport => ({
    ok: false,
    treeSize: state.size,
    rootHash: state.root,
    checked,
    firstFailure: { seq, reason },
  });
  if (against && against.treeSize === 0) rootAtAgainst = frontierRoot(EMPTY_FRONTIER);

  for (let start = 0, end = 0; ; start = end) {
    end = await windowEnd(ctx, start);
    const rows = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('seq', '>=', start)
      .where('seq', '<', end)
      .orderBy('seq')
      .execute();
    if (rows.length === 0 && start >= state.size) break;
    const records = await db
      .selectFrom('records')
      .innerJoin('subjects', 'subjects.id', 'records.subject_id')
      .select([
        'records.id',
        'records.type',
        'records.agency',
        'records.external_id',
        'records.version',
        'records.occurred_at',
        'records.fields',
        'records.content_hash',
        'records.audit_seq',
        'subjects.identifier',
      ])
      .where('records.audit_seq', '>=', start)
      .where('records.audit_seq', '<', end)
      .orderBy('records.audit_seq')
      .orderBy('records.id')
      .execute();
    const recordsBySeq = new Map<number, typeof records>();
    for (const r of records) {
      // Fields are stored as canonical JSON, so their text is hashed as it is: any edit, even of form, shows.
      const recomputed = recordContentHashOf(
        {
          type: r.type,
          subject: r.identifier,
          agency: r.agency,
          externalId: r.external_id,
          occurredAt: r.occurred_at,
        },
        r.fields,
      );
      if (recomputed !== r.content_hash)
        return fail(r.audit_seq, `record ${r.id} was altered: its content no longer matches its hash`);
      const list = recordsBySeq.get(r.audit_seq) ?? [];
      list.push(r);
      recordsBySeq.set(r.audit_seq, list);
    }
    // Listings: the decision as made (audit_seq) and, when ended early, the end (end_audit_seq).
    const listingRows = await db
      .selectFrom('listings')
      .innerJoin('subjects', 'subjects.id', 'listings.subject_id')
      .selectAll('listings')
      .select('subjects.identifier')
      .where((eb) =>
        eb.or([
          eb.and([eb('listings.audit_seq', '>=', start), eb('listings.audit_seq', '<', end)]),
          eb.and([eb('listings.end_audit_seq', '>=', start), eb('listings.end_audit_seq', '<', end)]),
        ]),
      )
      .orderBy('listings.id')
      .execute();
    const listingsBySeq = new Map<number, Covered[]>();
    const endsBySeq = new Map<number, (typeof listingRows)[number][]>();
    for (const l of listingRows) {
      if (l.audit_seq >= start && l.audit_seq < end) {
        const recomputed = listingContentHash({
          list: l.list,
          subject: l.identifier,
          severity: l.severity,
          decisionNumber: l.decision_number,
          conductAt: l.conduct_at,
          decidedAt: l.decided_at,
          effectiveAt: l.effective_at,
          endsAt: l.ends_at,
          reason: l.reason,
          records: JSON.parse(l.records) as number[],
          agency: l.agency,
          derivedFrom: l.derived_from,
        });
        if (recomputed !== l.content_hash)
          return fail(l.audit_seq, `listing ${l.id} was altered: it no longer matches its hash`);
        const list = listingsBySeq.get(l.audit_seq) ?? [];
        list.push({ id: l.id, version: 1, contentHash: l.content_hash });
        listingsBySeq.set(l.audit_seq, list);
      }
      if (l.end_audit_seq !== null && l.end_audit_seq >= start && l.end_audit_seq < end) {
        const list = endsBySeq.get(l.end_audit_seq) ?? [];
        list.push(l);
        endsBySeq.set(l.end_audit_seq, list);
      }
    }
    const relations = await db
      .selectFrom('relations')
      .innerJoin('subjects as f', 'f.id', 'relations.from_subject_id')
      .innerJoin('subjects as t', 't.id', 'relations.to_subject_id')
      .select([
        'relations.id',
        'relations.role',
        'relations.since',
        'relations.until',
        'relations.agency',
        'relations.version',
        'relations.audit_seq',
        'f.identifier as from',
        't.identifier as to',
      ])
      .where('relations.audit_seq', '>=', start)
      .where('relations.audit_seq', '<', end)
      .orderBy('relations.audit_seq')
      .orderBy('relations.id')
      .execute();
    const relationsBySeq = new Map<number, { id: number; version: number; contentHash: string }[]>();
    for (const r of relations) {
      const list = relationsBySeq.get(r.audit_seq) ?? [];
      list.push({
        id: r.id,
        version: r.version,
        contentHash: relationContentHash({
          from: r.from,
          to: r.to,
          role: r.role,
          since: r.since,
          until: r.until,
          agency: r.agency,
        }),
      });
      relationsBySeq.set(r.audit_seq, list);
    }
    const items = await db
      .selectFrom('audit_items')
      .selectAll()
      .where('entry_seq', '>=', start)
      .where('entry_seq', '<', end)
      .orderBy('entry_seq')
      .orderBy('idx')
      .execute();
    const itemsBySeq = new Map<number, typeof items>();
    for (const it of items) {
      const list = itemsBySeq.get(it.entry_seq) ?? [];
      list.push(it);
      itemsBySeq.set(it.entry_seq, list);
    }
    const completed: { level: number; index: number; hash: Hash }[] = [];
    let expected = start;
    for (const row of rows) {
      if (row.seq !== expected) return fail(expected, `entry ${expected} is missing`);
      const entry = toEntry(row);
      const leaf = entryLeafHash(entry);
      if (leaf !== row.leaf_hash)
        return fail(row.seq, `entry ${row.seq} was altered: its leaf hash does not match its content`);
      const records = (recordsBySeq.get(row.seq) ?? []).map((r) => ({
        id: r.id,
        version: r.version,
        contentHash: r.content_hash,
      }));
      const rels = relationsBySeq.get(row.seq) ?? [];
      checked.records += records.length;
      checked.relations += rels.length;
      const listingsHere = listingsBySeq.get(row.seq) ?? [];
      const endsHere = endsBySeq.get(row.seq) ?? [];
      const problem =
        coverage(
          row,
          records,
          ['record.create', 'record.correct'],
          ['records.import', 'scores.write'],
          'record',
        ) ??
        coverage(row, rels, ['relation.create', 'relation.end'], ['relations.import'], 'relation') ??
        coverage(row, listingsHere, ['listing.create'], ['listings.create'], 'listing') ??
        listingEnd(row, endsHere);
      if (problem) return fail(row.seq, problem);
      const its = itemsBySeq.get(row.seq) ?? [];
      if (row.action === 'file.read' || its.length > 0) {
        for (const it of its) {
          if (itemLeafHash(it.item) !== it.item_hash)
            return fail(row.seq, `item ${it.idx} of entry ${row.seq} was altered`);
        }
        if (its.length !== row.item_count || rootOf(its.map((i) => i.item_hash)) !== row.items_root) {
          return fail(row.seq, `the items of entry ${row.seq} do not match its items root`);
        }
        checked.items += its.length;
      }
      const r = appendLeaf(frontier, leaf);
      frontier = r.frontier;
      completed.push(...r.completed);
      if (against && frontier.size === against.treeSize) rootAtAgainst = frontierRoot(frontier);
      checked.entries++;
      expected++;
    }
    if (expected < Math.min(end, state.size)) return fail(expected, `entry ${expected} is missing`);
    // Stored nodes serve every proof: each must equal the recomputed one.
    const byLevel = new Map<number, Map<number, Hash>>();
    for (const n of completed) {
      const m = byLevel.get(n.level) ?? new Map<number, Hash>();
      m.set(n.index, n.hash);
      byLevel.set(n.level, m);
    }
    for (const [level, nodes] of byLevel) {
      const idx = [...nodes.keys()];
      const stored = await db
        .selectFrom('audit_nodes')
        .select(['idx', 'hash'])
        .where('level', '=', level)
        .where('idx', '>=', Math.min(...idx))
        .where('idx', '<=', Math.max(...idx))
        .execute();
      const storedMap = new Map(stored.map((s) => [s.idx, s.hash]));
      for (const [i, h] of nodes) {
        if (storedMap.get(i) !== h) {
          return fail(i * 2 ** level, `tree node ${level}:${i} is missing or altered`);
        }
        checked.nodes++;
      }
    }
    options.onProgress?.(checked.entries, state.size);
  }
  if (frontier.size !== state.size)
    return fail(frontier.size, `the log holds ${frontier.size} entries but its head says ${state.size}`);
  const root = frontierRoot(frontier);
  if (root !== state.root) return fail(state.size - 1, 'the recomputed root does not match the stored head');
  // Every entry's subject and item hashes recomputed; orphans (rows naming an entry beyond the head) are edits too.
  for (const table of ['records', 'relations', 'listings'] as const) {
    const orphans = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('audit_seq', '>=', state.size)
      .executeTakeFirst();
    if (Number(orphans?.n ?? 0) > 0) return fail(state.size, `${table} name audit entries beyond the head`);
  }

  const report: VerifyReport = { ok: true, treeSize: state.size, rootHash: root, checked };
  if (against) {
    report.against = { treeSize: against.treeSize, rootHash: against.rootHash, consistent: false };
    if (options.publicKeyPem && !verifySignedHead(against, options.publicKeyPem)) {
      report.against.reason = 'the earlier head’s signature does not verify with this log’s key';
    } else if (against.treeSize > state.size) {
      report.against.reason = `the log was truncated: it holds ${state.size} entries, the earlier head ${against.treeSize}`;
    } else if (rootAtAgainst !== against.rootHash) {
      report.against.reason = `the first ${against.treeSize} entries were rewritten: their root differs from the earlier head`;
    } else {
      report.against.consistent = true;
    }
    if (!report.against.consistent) report.ok = false;
  }
  return report;
}
