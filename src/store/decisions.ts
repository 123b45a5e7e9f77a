// The decision log's storage: pages of entries, and counts for statistics, written together (all or none).
// SQLite runs prepared statements in one transaction; PostgreSQL a transaction of two statements.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Store } from './database.js';
import type { DB, DecisionCountsTable, DecisionPagesTable } from './schema.js';

export type DecisionPageRow = DecisionPagesTable;
export type DecisionCount = DecisionCountsTable;

type Write = (pages: readonly DecisionPageRow[], counts: readonly DecisionCount[]) => void;
const sqliteWrites = new WeakMap<BetterSqlite3.Database, Write>();

/** Writes pages and counts in one transaction on a SQLite connection (the store's, or a worker's own). */
export function sqliteDecisionWrite(db: BetterSqlite3.Database): Write {
  let write = sqliteWrites.get(db);
  if (!write) {
    const page = db.prepare('insert into decision_pages (key, opened_at, entries) values (?, ?, ?)');
    const count = db.prepare(
      `insert into decision_counts (month, action, decision, n) values (?, ?, ?, ?)
       on conflict (month, action, decision) do update set n = decision_counts.n + excluded.n`,
    );
    write = db.transaction((pages: readonly DecisionPageRow[], counts: readonly DecisionCount[]) => {
      for (const p of pages) page.run(p.key, p.opened_at, p.entries);
      for (const c of counts) count.run(c.month, c.action, c.decision, c.n);
    });
    sqliteWrites.set(db, write);
  }
  return write;
}

export async function writeDecisionPages(
  store: Store,
  pages: readonly DecisionPageRow[],
  counts: readonly DecisionCount[],
): Promise<void> {
  if (pages.length === 0) return;
  if (store.dialect === 'sqlite') {
    sqliteDecisionWrite(store.raw.sqlite!)(pages, counts);
    return;
  }
  await store.db.transaction().execute(async (trx) => {
    await trx.insertInto('decision_pages').values(pages).execute();
    if (counts.length === 0) return;
    await trx
      .insertInto('decision_counts')
      .values(counts)
      .onConflict((oc) =>
        oc.columns(['month', 'action', 'decision']).doUpdateSet((eb) => ({
          n: eb(eb.ref('decision_counts.n'), '+', eb.ref('excluded.n')),
        })),
      )
      .execute();
  });
}

export async function decisionPage(db: Kysely<DB>, key: string): Promise<DecisionPageRow | undefined> {
  return db.selectFrom('decision_pages').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function decisionCounts(db: Kysely<DB>, decision: string): Promise<DecisionCount[]> {
  return db.selectFrom('decision_counts').selectAll().where('decision', '=', decision).execute();
}
