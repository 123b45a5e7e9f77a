// The better-sqlite3 connection behind a SQLite store's Kysely instance, and its statements prepared once: for
// the few paths where building and compiling a query through Kysely costs more than SQLite takes to run it (the
// audit log's own statements, bulk writes). They run on the same connection, so inside the caller's transaction.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

const handles = new WeakMap<Kysely<DB>, BetterSqlite3.Database>();

export function registerSqliteHandle(db: Kysely<DB>, sqlite: BetterSqlite3.Database): void {
  handles.set(db, sqlite);
}

/** The connection of a SQLite store's Kysely instance; undefined on PostgreSQL. */
export function sqliteHandle(db: Kysely<DB>): BetterSqlite3.Database | undefined {
  return handles.get(db);
}

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** The statement for `text` on `db`, prepared at its first use. */
export function sqliteStatement(db: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    cache.set(text, stmt);
  }
  return stmt;
}
