// The name index of legal entities (persons are found only by their full identifier, never by name).
// SQLite: an FTS5 table of bigram tokens, queried as a phrase; PostgreSQL: a GIN index over a bigram array,
// rechecked with strpos. Results come in subject-id order so paging is stable.
import { sql } from 'kysely';
import { bigrams } from '../domain/search/grams.js';
import type { Executor } from './audit-log.js';
import type { Dialect } from './database.js';

export interface NameMatches {
  ids: number[];
  /** Number of matches, counted up to `countLimit`. */
  total: number;
}

/** Subject ids whose name contains the (already normalized, >= 2 characters) query. */
export async function searchNames(
  db: Executor,
  dialect: Dialect,
  norm: string,
  page: { limit: number; offset: number; countLimit: number },
): Promise<NameMatches> {
  const grams = bigrams(norm);
  if (dialect === 'postgres') {
    const where = sql`grams @> ${[...new Set(grams)]}::text[] and strpos(norm, ${norm}) > 0`;
    const rows = await sql<{ subject_id: number }>`select subject_id from subject_names where ${where}
      order by subject_id limit ${page.limit} offset ${page.offset}`.execute(db);
    const count = await sql<{ n: number }>`select count(*)::int as n from
      (select 1 from subject_names where ${where} limit ${page.countLimit}) t`.execute(db);
    return { ids: rows.rows.map((r) => r.subject_id), total: count.rows[0]?.n ?? 0 };
  }
  const phrase = `"${grams.join(' ')}"`;
  const rows = await sql<{
    id: number;
  }>`select rowid as id from subject_names where subject_names match ${phrase}
    order by rowid limit ${page.limit} offset ${page.offset}`.execute(db);
  const count = await sql<{ n: number }>`select count(*) as n from
    (select 1 from subject_names where subject_names match ${phrase} limit ${page.countLimit})`.execute(db);
  return { ids: rows.rows.map((r) => r.id), total: count.rows[0]?.n ?? 0 };
}
