// Listings and the change feed rows that announce them to every process's decision index.
import type { Executor } from './audit-log.js';
import { prepared } from './prepared.js';
import type { ListingRow, NewListingRow } from './schema.js';

export async function findListing(db: Executor, id: number): Promise<ListingRow | undefined> {
  return db.selectFrom('listings').selectAll().where('id', '=', id).executeTakeFirst();
}

// Compiled once per transaction and run per listing: a backlog (or the demo's) stores thousands in one, and
// building each query through Kysely took longer than the database took to run it.
const byDecision = prepared<[string, number, string], ListingRow>((db) =>
  db
    .selectFrom('listings')
    .selectAll()
    .where('list', '=', '')
    .where('subject_id', '=', 0)
    .where('decision_number', '=', ''),
);

export async function findListingByDecision(
  db: Executor,
  list: string,
  subjectId: number,
  decisionNumber: string,
): Promise<ListingRow | undefined> {
  return (await byDecision(db, [list, subjectId, decisionNumber]))[0];
}

/** The columns a new listing is inserted with, in the order of the compiled statement's parameters. */
const INSERT_COLUMNS = [
  'list',
  'subject_id',
  'severity',
  'decision_number',
  'conduct_at',
  'decided_at',
  'effective_at',
  'ends_at',
  'reason',
  'records',
  'agency',
  'derived_from',
  'content_hash',
  'created_at',
  'audit_seq',
] as const;

type InsertedListing = Pick<NewListingRow, (typeof INSERT_COLUMNS)[number]>;

const insert = prepared<unknown[], ListingRow>((db) =>
  db
    .insertInto('listings')
    .values(Object.fromEntries(INSERT_COLUMNS.map((c) => [c, null])) as unknown as NewListingRow)
    .returningAll(),
);

export async function insertListing(db: Executor, row: InsertedListing): Promise<ListingRow> {
  const [inserted] = await insert(
    db,
    INSERT_COLUMNS.map((c) => row[c] ?? null),
  );
  if (!inserted) throw new Error('the listing insert returned no row');
  return inserted;
}

/** Listings that follow the given one (derived lists), not yet ended. */
export async function derivedOf(db: Executor, id: number): Promise<ListingRow[]> {
  return db
    .selectFrom('listings')
    .selectAll()
    .where('derived_from', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

export async function announce(
  db: Executor,
  at: string,
  changes: { kind: 'listing' | 'relation' | 'record' | 'score'; subjectId: number; listingId?: number }[],
): Promise<void> {
  if (changes.length === 0) return;
  for (let i = 0; i < changes.length; i += 500) {
    await db
      .insertInto('changes')
      .values(
        changes
          .slice(i, i + 500)
          .map((c) => ({ at, kind: c.kind, subject_id: c.subjectId, listing_id: c.listingId ?? null })),
      )
      .execute();
  }
}

/** Of these legal entities, those with a listing not yet ended: only their officer changes matter to the index. */
export async function entitiesWithListings(db: Executor, subjectIds: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < subjectIds.length; i += 900) {
    const rows = await db
      .selectFrom('listings')
      .select('subject_id')
      .distinct()
      .where('subject_id', 'in', subjectIds.slice(i, i + 900))
      .where('ended_at', 'is', null)
      .execute();
    for (const r of rows) out.add(r.subject_id);
  }
  return out;
}
