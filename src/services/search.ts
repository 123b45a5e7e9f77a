// Search by code or identity number (exact) or by name (a substring of two characters or more). Natural
// persons are found only by their full identifier, and by the public only when they have a public file.
import { problems } from '../domain/errors.js';
import { normalizeIdentifier, parseIdentifier } from '../domain/identifiers/identifier.js';
import { listingState } from '../domain/listings/listing.js';
import type { Principal } from '../domain/principal.js';
import { MIN_QUERY_LENGTH, normalizeName } from '../domain/search/grams.js';
import { shanghaiDate } from '../domain/time.js';
import { fileViewFor, listingPublic, recordVisible } from '../policies/file-visibility.js';
import { catchUpNameIndex } from '../store/name-index.js';
import { recordsOfSubject } from '../store/records.js';
import type { SubjectRow } from '../store/schema.js';
import { searchNames } from '../store/search-index.js';
import { findSubject, findSubjectsByIds } from '../store/subjects.js';
import type { Context } from './context.js';

export interface SearchPage {
  items: SubjectRow[];
  total: number;
  match: 'identifier' | 'name';
  offset: number;
  limit: number;
}

export const MAX_COUNT = 10_000;

async function publiclyVisiblePerson(ctx: Context, principal: Principal, s: SubjectRow): Promise<boolean> {
  const view = fileViewFor(principal, s.id);
  if (view !== 'public') return true;
  const now = ctx.clock.now();
  const records = await recordsOfSubject(ctx.store.db, s.id);
  const recordShown = records.some((r) =>
    recordVisible(
      ctx.catalog,
      view,
      principal,
      {
        type: ctx.catalog.recordTypes.get(r.type),
        subjectKind: s.kind,
        publicationEndsAt: r.publication_ends_at,
        supersededAt: r.superseded_at,
      },
      now,
    ),
  );
  if (recordShown) return true;
  // The same rule as the public file: a person whose listing's basis requires publication is shown for it.
  const listings = await ctx.store.db
    .selectFrom('listings')
    .select(['list', 'effective_at', 'ends_at', 'ended_at'])
    .where('subject_id', '=', s.id)
    .execute();
  return listings.some((l) =>
    listingPublic(
      ctx.catalog.lists.get(l.list),
      s.kind,
      listingState({ effectiveAt: l.effective_at, endsAt: l.ends_at, endedAt: l.ended_at }, now),
    ),
  );
}

export async function search(
  ctx: Context,
  principal: Principal,
  q: string,
  page: { limit: number; offset: number },
): Promise<SearchPage> {
  const compact = normalizeIdentifier(q);
  const looksLikeId = /^[0-9A-Z]{18}$/.test(compact) || compact.startsWith('PASSPORT:');
  if (looksLikeId) {
    const parsed = parseIdentifier(compact, shanghaiDate(ctx.clock.now()));
    if (parsed.ok) {
      const s = await findSubject(ctx.store.db, { identifier: parsed.info.value });
      const visible = s && (s.kind !== 'person' || (await publiclyVisiblePerson(ctx, principal, s)));
      const items = visible && page.offset === 0 ? [s] : [];
      return { items, total: visible ? 1 : 0, match: 'identifier', offset: page.offset, limit: page.limit };
    }
  }
  const norm = normalizeName(q);
  if ([...norm].length < MIN_QUERY_LENGTH) {
    throw problems.validation([
      { pointer: '/q', reason: `needs at least ${MIN_QUERY_LENGTH} letters or digits, or a full identifier` },
    ]);
  }
  // New subjects' names are indexed behind their creation: caught up first, so no committed name is missed.
  await catchUpNameIndex(ctx.store);
  const found = await searchNames(ctx.store.db, ctx.store.dialect, norm, { ...page, countLimit: MAX_COUNT });
  const rows = await findSubjectsByIds(ctx.store.db, found.ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    items: found.ids.flatMap((id) => byId.get(id) ?? []),
    total: found.total,
    match: 'name',
    offset: page.offset,
    limit: page.limit,
  };
}
