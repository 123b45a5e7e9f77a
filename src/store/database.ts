// Opens the store: SQLite (embedded default, WAL) or PostgreSQL (server mode), by URL, and migrates it.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  type DialectAdapter,
  Kysely,
  type MigrationLockOptions,
  Migrator,
  PostgresDialect,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
  sql,
} from 'kysely';
import type pg from 'pg';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';
import { registerSqliteHandle } from './sqlite-handle.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /** The URL or path it was opened with, credentials removed. */
  readonly location: string;
  /**
   * The raw connection for bulk paths that need it: the better-sqlite3 handle, or the pg pool and its clients by
   * backend process id (how a bulk path finds the client under a Kysely transaction, to COPY into it).
   */
  readonly raw: { sqlite?: BetterSqlite3.Database; pool?: pg.Pool; clients?: Map<number, pg.PoolClient> };
  close(): Promise<void>;
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** The PostgreSQL driver, loaded when a store is on PostgreSQL (a command on SQLite starts without it). */
async function postgresDriver(): Promise<typeof pg> {
  const { default: driver } = await import('pg');
  // bigint columns hold ids and counts far below 2^53; read them as numbers, loudly refusing anything larger.
  driver.types.setTypeParser(20, (v: string) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new Error(`bigint ${v} exceeds the safe integer range`);
    return n;
  });
  return driver;
}

/** better-sqlite3 prepares on every call; Kysely re-issues the same SQL text, so statements are cached by text. */
function cachingSqlite(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(sqlText: string): SqliteStatement {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = db.prepare(sqlText);
        if (cache.size > 500) cache.clear();
        cache.set(sqlText, stmt);
      }
      return stmt as unknown as SqliteStatement;
    },
  };
}

/**
 * Kysely takes no migration lock on SQLite. Two processes opening a new file at once (a server and a CLI command)
 * would both migrate; a write to the lock row as the migration transaction's first statement takes SQLite's write
 * lock before anything is read, so the second waits (busy timeout) and then finds the work done.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  override async acquireMigrationLock(db: Kysely<unknown>, options: MigrationLockOptions): Promise<void> {
    await sql`update ${sql.table(options.lockTable)} set is_locked = 1 where id = ${options.lockRowId}`.execute(
      db,
    );
  }
}

class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter();
  }
}

export interface OpenOptions {
  /** Run migrations (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** Told when an idle PostgreSQL connection fails (default: ignored, the pool replaces it). */
  onIdleError?: (err: Error) => void;
  /**
   * A bulk load (import, demo data) on SQLite: the WAL is checkpointed every 80 MB instead of every 4 MB, so the
   * pages every batch touches (index interiors, the name index) are copied into the database file once per
   * checkpoint rather than many times (about a seventh off an import).
   */
  bulk?: boolean;
}

/** WAL pages between automatic checkpoints on a bulk load's connection (SQLite's default is 1,000). */
const BULK_AUTOCHECKPOINT_PAGES = 20_000;

/** A connection to a store's SQLite file as every connection to it is set up (also a worker thread's). */
export function openSqliteConnection(path: string): BetterSqlite3.Database {
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  return sqlite;
}

export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  let store: Store;
  if (isPostgresUrl(url)) {
    const driver = await postgresDriver();
    const pool = new driver.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle connection the server closes (a restart, a failover) is dropped from the pool and replaced on next
    // use; without a listener the event would end the process.
    pool.on('error', (err) => options.onIdleError?.(err));
    const clients = new Map<number, pg.PoolClient>();
    pool.on('connect', (client) => {
      // processID is set once the connection is up, which 'connect' waits for.
      const pid = (client as pg.PoolClient & { processID?: number }).processID;
      if (pid !== undefined) clients.set(pid, client);
    });
    pool.on('remove', (client) => {
      const pid = (client as pg.PoolClient & { processID?: number }).processID;
      if (pid !== undefined && clients.get(pid) === client) clients.delete(pid);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    store = {
      db,
      dialect: 'postgres',
      location: url.replace(/\/\/[^@/]*@/, '//'),
      raw: { pool, clients },
      close: () => db.destroy(),
    };
  } else {
    const path = resolve(url.replace(/^sqlite:(\/\/)?/, ''));
    mkdirSync(dirname(path), { recursive: true });
    const sqlite = openSqliteConnection(path);
    if (options.bulk) sqlite.pragma(`wal_autocheckpoint = ${BULK_AUTOCHECKPOINT_PAGES}`);
    const db = new Kysely<DB>({ dialect: new LockingSqliteDialect({ database: cachingSqlite(sqlite) }) });
    registerSqliteHandle(db, sqlite);
    store = { db, dialect: 'sqlite', location: path, raw: { sqlite }, close: () => db.destroy() };
  }
  if (options.migrate !== false) await migrate(store);
  return store;
}

export async function migrate(store: Store): Promise<void> {
  const migrator = new Migrator({ db: store.db, provider: migrations(store.dialect) });
  // Creating Kysely's own bookkeeping tables is not under the lock; a process that loses that race retries.
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    const message = (error as Error).message ?? String(error);
    if (
      attempt < 4 &&
      /already exists|UNIQUE constraint|duplicate key|SQLITE_BUSY|database is locked/i.test(message)
    ) {
      await new Promise((r) => setTimeout(r, 100 * attempt));
      continue;
    }
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${message}`);
  }
}
