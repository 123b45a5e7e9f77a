// The index of recorded reads by subject (migration 0010), kept a little behind the audit log: reads are indexed
// in bulk, sorted, by entry ranges, so an index page is written once per pass instead of once per read. Anyone
// about to query it catches it up first, so a query never misses a committed read.
import type { Kysely } from 'kysely';
import { claimMark, setMark } from './index-marks.js';
import type { DB } from './schema.js';
import { sqliteHandle, sqliteStatement } from './sqlite-handle.js';

/** Audit entries indexed per transaction (a read entry holds up to 2,000 reads). */
const ENTRIES_PER_PASS = 500;
const ROWS_PER_INSERT = 1000;
const INSERT_SQL =
  'insert into read_index (subject_id, entry_seq, idx) values (?, ?, ?) on conflict do nothing';

/** Indexes every committed read not yet indexed; returns how many reads it added. */
export async function catchUpReadIndex(db: Kysely<DB>, entriesPerPass = ENTRIES_PER_PASS): Promise<number> {
  let added = 0;
  for (;;) {
    const [state, audit] = await Promise.all([
      db
        .selectFrom('read_index_state')
        .select('indexed_through')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow(),
      db.selectFrom('audit_state').select('size').where('id', '=', 1).executeTakeFirstOrThrow(),
    ]);
    if (state.indexed_through >= audit.size - 1) return added;
    added += await indexPass(db, entriesPerPass);
  }
}

async function indexPass(db: Kysely<DB>, entriesPerPass: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const through = await claimMark(trx, 'read_index_state');
    // Entries are numbered in commit order under the log's lock, so every entry below the size is committed.
    const { size } = await trx
      .selectFrom('audit_state')
      .select('size')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const upTo = Math.min(through + entriesPerPass, size - 1);
    if (upTo <= through) return 0;
    const reads = await trx
      .selectFrom('audit_items')
      .select(['subject_id', 'entry_seq', 'idx'])
      .where('entry_seq', '>', through)
      .where('entry_seq', '<=', upTo)
      .where('subject_id', 'is not', null)
      .execute();
    const rows = reads
      .map((r) => ({ subject_id: r.subject_id!, entry_seq: r.entry_seq, idx: r.idx }))
      .sort((a, b) => a.subject_id - b.subject_id || a.entry_seq - b.entry_seq || a.idx - b.idx);
    const sqlite = sqliteHandle(db);
    if (sqlite) {
      // A statement prepared once, row by row: this runs in a server's main thread.
      const insert = sqliteStatement(sqlite, INSERT_SQL);
      for (const r of rows) insert.run(r.subject_id, r.entry_seq, r.idx);
    } else {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await trx
          .insertInto('read_index')
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    await setMark(trx, 'read_index_state', upTo);
    return rows.length;
  });
}
