// The name index of new subjects (migration 0011), kept a little behind their creation: names are indexed in bulk,
// by subject id ranges, by a background pass and before any name search, so a search never misses a committed
// subject and a bulk write does not pay for the index inside its transaction.
import { sql } from 'kysely';
import { bulkWriter } from './bulk-writer.js';
import type { Store } from './database.js';
import { claimMark, setMark } from './index-marks.js';

/** Subjects looked at per transaction (a pass on SQLite runs on a server's main thread). */
const SUBJECTS_PER_PASS = 2000;

/**
 * Indexes the names of every committed subject not yet seen; returns how many names it added. A `signal` stops it
 * between passes (a server closing), leaving the rest to the next catch-up.
 */
export async function catchUpNameIndex(
  store: Store,
  { subjectsPerPass = SUBJECTS_PER_PASS, signal }: { subjectsPerPass?: number; signal?: AbortSignal } = {},
): Promise<number> {
  let added = 0;
  // Most calls find nothing to do: one read answers that, without a write transaction.
  while (!signal?.aborted && (await behind(store))) {
    const pass = await indexPass(store, subjectsPerPass);
    if (pass === undefined) break;
    added += pass;
  }
  return added;
}

async function behind(store: Store): Promise<boolean> {
  const r = await sql<{ through: number; top: number | null }>`select
    (select indexed_through from name_index_state where id = 1) as through,
    (select max(id) from subjects) as top`.execute(store.db);
  const row = r.rows[0]!;
  return row.top !== null && Number(row.top) > Number(row.through);
}

/** One range of subjects after the state's mark; undefined when there was none. */
async function indexPass(store: Store, subjectsPerPass: number): Promise<number | undefined> {
  return store.db.transaction().execute(async (trx) => {
    const through = await claimMark(trx, 'name_index_state');
    // Subjects are created only under the audit log's lock, so ids commit in order: every committed subject
    // above the mark is found here, and none committed later can have an id below the last one read.
    const subjects = await trx
      .selectFrom('subjects')
      .select(['id', 'kind', 'name'])
      .where('id', '>', through)
      .orderBy('id')
      .limit(subjectsPerPass)
      .execute();
    const last = subjects.at(-1);
    if (!last) return undefined;
    // Natural persons are never in the name index: the public finds them only by full identifier.
    const named = subjects.flatMap((s) =>
      s.name && s.kind !== 'person' ? [{ id: s.id, name: s.name }] : [],
    );
    // A name filled in since (store/subjects.ts) may be in the index already: indexNames replaces it.
    await bulkWriter(trx, store).indexNames(named);
    await setMark(trx, 'name_index_state', last.id);
    return named.length;
  });
}
