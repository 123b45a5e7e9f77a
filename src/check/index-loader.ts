// Builds a listing's consequences from the store: the listed subject, and — for a legal entity on a list whose
// memoranda extend to officers — each person who held such a role at the time of the conduct.
import type { Reach, RuleBook } from '../domain/check/rule-book.js';
import { heldAt } from '../domain/relations.js';
import type { Executor } from '../store/audit-log.js';
import { officersByEntity } from '../store/relations.js';
import type { DecisionIndex } from './decision-index.js';

interface ListingFacts {
  id: number;
  list: string;
  severity: string;
  subject_id: number;
  identifier: string;
  kind: string;
  conduct_at: string;
  effective_at: string;
  ends_at: string;
  ended_at: string | null;
  objection_id: number | null;
}

const ms = (instant: string) => Date.parse(instant);

/** Puts the listings (given by the facts) into the index, with their officers; ended ones are removed. */
export async function indexListings(
  db: Executor,
  book: RuleBook,
  index: DecisionIndex,
  facts: ListingFacts[],
  now: string,
): Promise<void> {
  const live = facts.filter((f) => f.ended_at === null && f.ends_at > now);
  const liveIds = new Set(live.map((f) => f.id));
  for (const f of facts) if (!liveIds.has(f.id)) index.remove(f.id, f.identifier);
  const entities = live.filter((f) => f.kind !== 'person' && book.extensionRoles(f.list).size > 0);
  const allRoles = [...new Set(entities.flatMap((f) => [...book.extensionRoles(f.list)]))];
  const officers = await officersByEntity(
    db,
    entities.map((f) => f.subject_id),
    allRoles,
  );
  for (const f of live) {
    const reached: { identifier: string; role: Reach }[] = [];
    const roles = book.extensionRoles(f.list);
    for (const o of officers.get(f.subject_id) ?? []) {
      // Officers who held the role when the conduct happened, not those who came before or after.
      if (!roles.has(o.role as Reach) || !heldAt(o, f.conduct_at)) continue;
      reached.push({ identifier: o.identifier, role: o.role as Reach });
    }
    index.put({
      listingId: f.id,
      identifier: f.identifier,
      list: f.list,
      severity: f.severity,
      effectiveAt: ms(f.effective_at),
      endsAt: ms(f.ends_at),
      officers: reached,
      objectionId: f.objection_id,
    });
  }
}

function factsQuery(db: Executor) {
  return db
    .selectFrom('listings')
    .innerJoin('subjects', 'subjects.id', 'listings.subject_id')
    .select([
      'listings.id',
      'listings.list',
      'listings.severity',
      'listings.subject_id',
      'subjects.identifier',
      'subjects.kind',
      'listings.conduct_at',
      'listings.effective_at',
      'listings.ends_at',
      'listings.ended_at',
      'listings.objection_id',
    ]);
}

/** Every listing not yet ended, in id order and in chunks, into a fresh index. */
export async function loadIndex(
  db: Executor,
  book: RuleBook,
  index: DecisionIndex,
  now: string,
): Promise<void> {
  for (let after = 0; ; ) {
    const facts = await factsQuery(db)
      .where('listings.id', '>', after)
      .where('listings.ended_at', 'is', null)
      .where('listings.ends_at', '>', now)
      .orderBy('listings.id')
      .limit(20_000)
      .execute();
    if (facts.length === 0) return;
    await indexListings(db, book, index, facts, now);
    after = facts[facts.length - 1]!.id;
  }
}

/** Re-reads the given listings, and every listing of the given entities (their officers changed). */
export async function refresh(
  db: Executor,
  book: RuleBook,
  index: DecisionIndex,
  listingIds: number[],
  entityIds: number[],
  now: string,
): Promise<void> {
  const facts: ListingFacts[] = [];
  for (let i = 0; i < listingIds.length; i += 500)
    facts.push(
      ...(await factsQuery(db)
        .where('listings.id', 'in', listingIds.slice(i, i + 500))
        .execute()),
    );
  for (let i = 0; i < entityIds.length; i += 500) {
    facts.push(
      ...(await factsQuery(db)
        .where('listings.subject_id', 'in', entityIds.slice(i, i + 500))
        .where('listings.ended_at', 'is', null)
        .execute()),
    );
  }
  const unique = [...new Map(facts.map((f) => [f.id, f])).values()];
  await indexListings(db, book, index, unique, now);
}
