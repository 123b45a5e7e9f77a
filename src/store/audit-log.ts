// The audit log's storage: entries, the Merkle tree's complete subtrees, and its right edge (the frontier).
// Appending takes the log lock (one row of audit_state) as the first statement of the transaction, which also
// serializes writers across processes: every audited write commits in log order.
import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type AuditEntry, entryLeafHash, itemLeafHash, recordItem } from '../domain/audit/entry.js';
import {
  appendLeaf,
  type Frontier,
  frontierRoot,
  type Hash,
  type NodeRef,
  nodeKey,
  type Range,
  rangeHash,
  rangeNodes,
  rootOf,
} from '../domain/audit/merkle.js';
import { contentHash, sha256Hex } from '../domain/canonical-json.js';
import { noteDataChanged } from './data-version.js';
import type { DB } from './schema.js';
import { sqliteHandle, sqliteStatement } from './sqlite-handle.js';

export type Executor = Kysely<DB> | Transaction<DB>;

/** Entries that log reads, not changes to credit data. */
/** Entries that change no credit data: caches keyed by the data version stay valid across them. */
const READ_ACTIONS = new Set(['file.read', 'report.issue', 'simulation.run']);

export type NewEntry = Omit<AuditEntry, 'seq'>;

export interface NewItem {
  subjectId: number | null;
  item: string;
  itemHash: Hash;
}

/** Who writes, as the log names them. */
export interface Actor {
  actor: string;
  role: string;
  agency?: string | null;
}

/** A stored row (a record or relation version) as the log covers it. */
export interface StoredRow {
  id: number;
  version: number;
  contentHash: string;
}

/**
 * One audited unit of work: the log lock is the transaction's first statement, then the caller's writes and the
 * entries it appends, committed together.
 */
export async function auditedTransaction<T>(
  db: Kysely<DB>,
  at: string,
  work: (trx: Transaction<DB>, audit: AuditAppender) => Promise<T>,
): Promise<T> {
  let changed = false;
  const result = await db.transaction().execute(async (trx) => {
    const audit = await AuditAppender.open(trx, at, sqliteHandle(db));
    const result = await work(trx, audit);
    if (audit.pending > 0) await audit.flush();
    changed = audit.changedData;
    return result;
  });
  if (changed) noteDataChanged(db);
  return result;
}

/** A unit of work on the log inside one transaction: open (lock), append entries, flush. */
export class AuditAppender {
  private entries: (AuditEntry & { leaf: Hash })[] = [];
  private dataChanged = false;
  /** Whether anything flushed in this transaction changed data (not only recorded reads). */
  changedData = false;
  private items: { seq: number; idx: number; item: NewItem }[] = [];
  private nodes: (NodeRef & { hash: Hash })[] = [];

  private constructor(
    private readonly trx: Transaction<DB>,
    private frontier: Frontier,
    private readonly at: string,
    private readonly sqlite: BetterSqlite3.Database | undefined,
  ) {}

  /** `sqlite`: the transaction's connection on SQLite, where the log's statements skip Kysely (see flush). */
  static async open(
    trx: Transaction<DB>,
    at: string,
    sqlite?: BetterSqlite3.Database,
  ): Promise<AuditAppender> {
    const state = sqlite
      ? (sqliteStatement(sqlite, OPEN_SQL).get(at) as { size: number; frontier: string } | undefined)
      : await trx
          .updateTable('audit_state')
          .set({ updated_at: at })
          .where('id', '=', 1)
          .returning(['size', 'frontier'])
          .executeTakeFirst();
    if (!state) throw new Error('the audit log has no state row');
    return new AuditAppender(
      trx,
      { size: state.size, hashes: JSON.parse(state.frontier) as Hash[] },
      at,
      sqlite,
    );
  }

  /** The sequence number the next appended entry will get. */
  get nextSeq(): number {
    return this.frontier.size;
  }

  /** Entries appended and not yet flushed. */
  get pending(): number {
    return this.entries.length;
  }

  /** An entry written by `by` now. */
  appendBy(
    by: Actor,
    e: {
      action: string;
      target: string;
      contentHash: string;
      subjectId?: number | null;
      itemCount?: number;
      itemsRoot?: string | null;
    },
    items: NewItem[] = [],
  ): number {
    return this.append(
      {
        at: this.at,
        actor: by.actor,
        role: by.role,
        agency: by.agency ?? null,
        action: e.action,
        target: e.target,
        subjectId: e.subjectId ?? null,
        itemCount: e.itemCount ?? 0,
        itemsRoot: e.itemsRoot ?? null,
        contentHash: e.contentHash,
      },
      items,
    );
  }

  /**
   * Rows just stored: one entry naming the row when it is a single write, else one entry whose items root covers
   * every row of the batch (in id order), each row still provable.
   */
  appendRows(
    by: Actor,
    rows: StoredRow[],
    entry: {
      single?: { action: string; target: string; subjectId: number };
      batch: { action: string; target: string };
    },
  ): void {
    if (entry.single && rows.length === 1) {
      this.appendBy(by, { ...entry.single, contentHash: sha256Hex(recordItem(rows[0]!)) });
      return;
    }
    const sorted = [...rows].sort((a, b) => a.id - b.id);
    const itemsRoot = rootOf(sorted.map((r) => itemLeafHash(recordItem(r))));
    this.appendBy(by, {
      ...entry.batch,
      itemCount: sorted.length,
      itemsRoot,
      contentHash: contentHash({ itemsRoot, itemCount: sorted.length }),
    });
  }

  append(entry: NewEntry, items: NewItem[] = []): number {
    const seq = this.frontier.size;
    if (!READ_ACTIONS.has(entry.action)) this.dataChanged = true;
    const full: AuditEntry = { ...entry, seq };
    const leaf = entryLeafHash(full);
    const { frontier, completed } = appendLeaf(this.frontier, leaf);
    this.frontier = frontier;
    this.entries.push({ ...full, leaf });
    this.nodes.push(...completed);
    items.forEach((item, idx) => {
      this.items.push({ seq, idx, item });
    });
    return seq;
  }

  async flush(): Promise<{ size: number; root: Hash }> {
    const root = frontierRoot(this.frontier);
    if (this.sqlite) this.flushSqlite(this.sqlite, root);
    else await this.flushKysely(root);
    this.entries = [];
    this.items = [];
    this.nodes = [];
    if (this.dataChanged) this.changedData = true;
    this.dataChanged = false;
    return { size: this.frontier.size, root };
  }

  /**
   * The same rows by statements prepared once, row by row: a group-committed batch of reads is a few dozen small
   * rows, and building and compiling the multi-row inserts through Kysely took longer than SQLite took to insert
   * them (a tenth of a credit-file read).
   */
  private flushSqlite(sqlite: BetterSqlite3.Database, root: Hash): void {
    const entry = sqliteStatement(sqlite, INSERT_ENTRY_SQL);
    for (const e of this.entries) {
      entry.run(
        e.seq,
        e.at,
        e.actor,
        e.role,
        e.agency ?? null,
        e.action,
        e.target,
        e.subjectId ?? null,
        e.itemCount,
        e.itemsRoot ?? null,
        e.contentHash,
        e.leaf,
      );
    }
    const node = sqliteStatement(sqlite, INSERT_NODE_SQL);
    for (const n of this.nodes) node.run(n.level, n.index, n.hash);
    const item = sqliteStatement(sqlite, INSERT_ITEM_SQL);
    for (const { seq, idx, item: i } of this.items)
      item.run(seq, idx, i.subjectId ?? null, i.item, i.itemHash);
    sqliteStatement(sqlite, this.dataChanged ? UPDATE_STATE_CHANGED_SQL : UPDATE_STATE_SQL).run(
      this.frontier.size,
      root,
      JSON.stringify(this.frontier.hashes),
      this.at,
    );
  }

  private async flushKysely(root: Hash): Promise<void> {
    for (let i = 0; i < this.entries.length; i += 500) {
      await this.trx
        .insertInto('audit_entries')
        .values(
          this.entries.slice(i, i + 500).map((e) => ({
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            role: e.role,
            agency: e.agency,
            action: e.action,
            target: e.target,
            subject_id: e.subjectId,
            item_count: e.itemCount,
            items_root: e.itemsRoot,
            content_hash: e.contentHash,
            leaf_hash: e.leaf,
          })),
        )
        .execute();
    }
    for (let i = 0; i < this.nodes.length; i += 2000) {
      await this.trx
        .insertInto('audit_nodes')
        .values(this.nodes.slice(i, i + 2000).map((n) => ({ level: n.level, idx: n.index, hash: n.hash })))
        .execute();
    }
    for (let i = 0; i < this.items.length; i += 1000) {
      await this.trx
        .insertInto('audit_items')
        .values(
          this.items.slice(i, i + 1000).map(({ seq, idx, item }) => ({
            entry_seq: seq,
            idx,
            subject_id: item.subjectId,
            item: item.item,
            item_hash: item.itemHash,
          })),
        )
        .execute();
    }
    await this.trx
      .updateTable('audit_state')
      .set({
        size: this.frontier.size,
        root,
        frontier: JSON.stringify(this.frontier.hashes),
        updated_at: this.at,
        ...(this.dataChanged ? { data_version: sql<number>`data_version + 1` } : {}),
      })
      .where('id', '=', 1)
      .execute();
  }
}

const OPEN_SQL = 'update audit_state set updated_at = ? where id = 1 returning size, frontier';
const INSERT_ENTRY_SQL =
  'insert into audit_entries (seq, at, actor, role, agency, action, target, subject_id, item_count, items_root, content_hash, leaf_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const INSERT_NODE_SQL = 'insert into audit_nodes (level, idx, hash) values (?, ?, ?)';
const INSERT_ITEM_SQL =
  'insert into audit_items (entry_seq, idx, subject_id, item, item_hash) values (?, ?, ?, ?, ?)';
const UPDATE_STATE_SQL =
  'update audit_state set size = ?, root = ?, frontier = ?, updated_at = ? where id = 1';
const UPDATE_STATE_CHANGED_SQL =
  'update audit_state set size = ?, root = ?, frontier = ?, updated_at = ?, data_version = data_version + 1 where id = 1';

export async function readState(db: Executor): Promise<{ size: number; root: Hash }> {
  const s = await db
    .selectFrom('audit_state')
    .select(['size', 'root'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { size: s.size, root: s.root };
}

/** Hashes of the given ranges (MTH of each), from the stored complete subtrees. */
export async function rangeHashes(db: Executor, ranges: Range[]): Promise<Hash[]> {
  const wanted = new Map<string, NodeRef>();
  for (const r of ranges) for (const n of rangeNodes(r)) wanted.set(nodeKey(n), n);
  const found = new Map<string, Hash>();
  const refs = [...wanted.values()];
  for (let i = 0; i < refs.length; i += 200) {
    const chunk = refs.slice(i, i + 200);
    const rows = await db
      .selectFrom('audit_nodes')
      .select(['level', 'idx', 'hash'])
      .where((eb) => eb.or(chunk.map((n) => eb.and([eb('level', '=', n.level), eb('idx', '=', n.index)]))))
      .execute();
    for (const r of rows) found.set(`${r.level}:${r.idx}`, r.hash);
  }
  return ranges.map((r) =>
    rangeHash(r, (n) => {
      const h = found.get(nodeKey(n));
      if (!h) throw new Error(`audit tree node ${nodeKey(n)} is missing`);
      return h;
    }),
  );
}

export async function getEntry(db: Executor, seq: number) {
  return db.selectFrom('audit_entries').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export async function getItems(db: Executor, seq: number) {
  return db.selectFrom('audit_items').selectAll().where('entry_seq', '=', seq).orderBy('idx').execute();
}
