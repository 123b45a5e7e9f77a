// The batch write path behind imports and demo data, one implementation per dialect: SQLite runs prepared
// statements row by row on the same connection (the fastest way into SQLite); PostgreSQL reads each batch as one
// statement over a JSON recordset, one round trip per step, and COPYs the new records and relations (PostgreSQL's
// fastest way in). Both run inside the caller's transaction.
import { finished } from 'node:stream/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { type Insertable, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { bigrams, normalizeName } from '../domain/search/grams.js';
import {
  copyText,
  encodeTails,
  RECORD_COPY_COLUMNS,
  type RecordTail,
  tailAt,
  withHeads,
} from './copy-format.js';
import type { Store } from './database.js';
import { type LatestVersion, versionKey } from './records.js';
import type { DB, NewRecordRow, NewRelationRow, RelationRow, SubjectRow, SubjectsTable } from './schema.js';
import { sqliteStatement } from './sqlite-handle.js';

export type NewSubjectRow = Insertable<SubjectsTable>;

export interface BulkWriter {
  subjectsByIdentifier(identifiers: string[]): Promise<Map<string, SubjectRow>>;
  /** Inserts subjects (identifiers not on file) and returns them by identifier. */
  insertSubjects(rows: NewSubjectRow[]): Promise<Map<string, SubjectRow>>;
  /** Names of legal entities into the search index, replacing any entry a subject has there. */
  indexNames(rows: { id: number; name: string }[]): Promise<void>;
  /** Current versions keyed by `agency|externalId`. */
  latestVersions(keys: { agency: string; externalId: string }[]): Promise<Map<string, LatestVersion>>;
  /**
   * Inserts records and returns their ids in the order given. `whileStoring` gets the ids as soon as they are
   * drawn, for work that needs them and may overlap the database storing the rows (it runs before the promise
   * settles, and the rows are not stored yet when it does).
   */
  insertRecords(
    rows: NewRecordRow[],
    whileStoring?: (ids: number[]) => void,
    tails?: readonly (Uint8Array | undefined)[],
  ): Promise<number[]>;
  /** Current relations held in the given legal entities. */
  currentRelations(fromIds: number[]): Promise<RelationRow[]>;
  /** Inserts relations and returns them in the order given. */
  insertRelations(rows: NewRelationRow[]): Promise<RelationRow[]>;
}

const RELATION_COLUMNS = [
  'from_subject_id',
  'to_subject_id',
  'role',
  'since',
  'until',
  'agency',
  'version',
  'created_at',
  'superseded_at',
  'audit_seq',
] as const;

const relationValues = (r: NewRelationRow) => [
  r.from_subject_id,
  r.to_subject_id,
  r.role,
  r.since,
  r.until ?? null,
  r.agency,
  r.version,
  r.created_at,
  r.superseded_at ?? null,
  r.audit_seq,
];

const RECORD_COLUMNS = [
  'type',
  'subject_id',
  'agency',
  'external_id',
  'version',
  'occurred_at',
  'fields',
  'content_hash',
  'submitted_at',
  'publication_ends_at',
  'retention_ends_at',
  'superseded_at',
  'correction_reason',
  'audit_seq',
] as const;

export function bulkWriter(trx: Transaction<DB>, store: Store): BulkWriter {
  return store.dialect === 'sqlite'
    ? sqliteWriter(store.raw.sqlite!)
    : postgresWriter(trx, store.raw.clients ?? new Map());
}

function sqliteWriter(db: BetterSqlite3.Database): BulkWriter {
  return {
    async subjectsByIdentifier(identifiers) {
      // One statement for the batch, the identifiers as a JSON array: a third of the time of a lookup each.
      const stmt = sqliteStatement(
        db,
        'select * from subjects where identifier in (select value from json_each(?))',
      );
      const out = new Map<string, SubjectRow>();
      if (identifiers.length === 0) return out;
      for (const row of stmt.all(JSON.stringify(identifiers)) as SubjectRow[]) out.set(row.identifier, row);
      return out;
    },
    async insertSubjects(rows) {
      const stmt = sqliteStatement(
        db,
        'insert into subjects (kind, identifier, scheme, name, region, created_at) values (?, ?, ?, ?, ?, ?)',
      );
      const out = new Map<string, SubjectRow>();
      for (const r of rows) {
        const info = stmt.run(r.kind, r.identifier, r.scheme, r.name ?? null, r.region ?? null, r.created_at);
        out.set(r.identifier, {
          id: Number(info.lastInsertRowid),
          kind: r.kind,
          identifier: r.identifier,
          scheme: r.scheme,
          name: r.name ?? null,
          region: r.region ?? null,
          created_at: r.created_at,
        });
      }
      return out;
    },
    async indexNames(rows) {
      const del = sqliteStatement(db, 'delete from subject_names where rowid = ?');
      const ins = sqliteStatement(db, 'insert into subject_names (rowid, grams) values (?, ?)');
      for (const r of rows) {
        // FTS5 has no upsert: an entry the subject may have is deleted first.
        del.run(r.id);
        ins.run(r.id, bigrams(normalizeName(r.name)).join(' '));
      }
    },
    async latestVersions(keys) {
      const stmt = sqliteStatement(
        db,
        // The highest version, current or not: a withdrawn record has no current version, and must not look new.
        'select id, external_id, version, content_hash, superseded_at from records where agency = ? and external_id = ? order by version desc limit 1',
      );
      const out = new Map<string, LatestVersion>();
      for (const k of keys) {
        const row = stmt.get(k.agency, k.externalId) as
          | {
              id: number;
              external_id: string;
              version: number;
              content_hash: string;
              superseded_at: string | null;
            }
          | undefined;
        if (row) {
          out.set(versionKey(k.agency, k.externalId), {
            id: row.id,
            externalId: row.external_id,
            version: row.version,
            contentHash: row.content_hash,
            withdrawn: row.superseded_at !== null,
          });
        }
      }
      return out;
    },
    async insertRecords(rows, whileStoring) {
      const stmt = sqliteStatement(
        db,
        `insert into records (${RECORD_COLUMNS.join(', ')}) values (${RECORD_COLUMNS.map(() => '?').join(', ')})`,
      );
      const ids = rows.map((r) =>
        Number(
          stmt.run(
            r.type,
            r.subject_id,
            r.agency,
            r.external_id,
            r.version,
            r.occurred_at,
            r.fields,
            r.content_hash,
            r.submitted_at,
            r.publication_ends_at ?? null,
            r.retention_ends_at,
            r.superseded_at ?? null,
            r.correction_reason ?? null,
            r.audit_seq,
          ).lastInsertRowid,
        ),
      );
      whileStoring?.(ids);
      return ids;
    },
    async currentRelations(fromIds) {
      const stmt = sqliteStatement(
        db,
        'select * from relations where from_subject_id = ? and superseded_at is null',
      );
      return [...new Set(fromIds)].flatMap((id) => stmt.all(id) as RelationRow[]);
    },
    async insertRelations(rows) {
      const stmt = sqliteStatement(
        db,
        `insert into relations (${RELATION_COLUMNS.join(', ')}) values (${RELATION_COLUMNS.map(() => '?').join(', ')})`,
      );
      return rows.map((r) => ({
        ...(r as Omit<RelationRow, 'id'>),
        until: r.until ?? null,
        superseded_at: r.superseded_at ?? null,
        id: Number(stmt.run(...relationValues(r)).lastInsertRowid),
      }));
    },
  };
}

/**
 * A batch as one JSON parameter read back as rows by json_to_recordset: JSON.stringify and PostgreSQL's JSON
 * parser are much faster than array literals for thousands of rows with JSON text in them.
 */
function recordset(rows: readonly object[], columns: readonly (readonly [string, string])[]) {
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as t(${sql.raw(columns.map(([c, t]) => `${c} ${t}`).join(', '))})`;
}

const RECORD_TYPES: readonly (readonly [string, string])[] = [
  ['id', 'bigint'],
  ['type', 'text'],
  ['subject_id', 'bigint'],
  ['agency', 'text'],
  ['external_id', 'text'],
  ['version', 'int'],
  ['occurred_at', 'text'],
  ['fields', 'text'],
  ['content_hash', 'text'],
  ['submitted_at', 'text'],
  ['publication_ends_at', 'text'],
  ['retention_ends_at', 'text'],
  ['superseded_at', 'text'],
  ['correction_reason', 'text'],
  ['audit_seq', 'bigint'],
];

const RELATION_TYPES: readonly (readonly [string, string])[] = [
  ['id', 'bigint'],
  ['from_subject_id', 'bigint'],
  ['to_subject_id', 'bigint'],
  ['role', 'text'],
  ['since', 'text'],
  ['until', 'text'],
  ['agency', 'text'],
  ['version', 'int'],
  ['created_at', 'text'],
  ['superseded_at', 'text'],
  ['audit_seq', 'bigint'],
];

/**
 * The pg client under a Kysely transaction, found by its backend process id once per transaction (a demo batch
 * COPYs relations and records in the same one); undefined if not one of ours.
 */
const clientsOfTransactions = new WeakMap<Transaction<DB>, Promise<pg.PoolClient | undefined>>();
function clientOf(
  trx: Transaction<DB>,
  clients: Map<number, pg.PoolClient>,
): Promise<pg.PoolClient | undefined> {
  if (clients.size === 0) return Promise.resolve(undefined);
  let client = clientsOfTransactions.get(trx);
  if (!client) {
    client = sql<{ pid: number }>`select pg_backend_pid() as pid`
      .execute(trx)
      .then((r) => clients.get(r.rows[0]!.pid));
    clientsOfTransactions.set(trx, client);
  }
  return client;
}

/** Below this many rows an insert costs less than finding the client and a COPY's extra round trips. */
const COPY_FROM_ROWS = 64;

/** A relation's line of COPY text after its id (the first column): a tab before each value, a newline at the end. */
function relationTail(r: Record<string, unknown>, names: readonly string[]): string {
  let line = '';
  for (let i = 1; i < names.length; i++) line += `\t${copyText(r[names[i]!])}`;
  return `${line}\n`;
}

/** A row to insert, as the COPY tail reads it. */
function recordTail(r: NewRecordRow): RecordTail {
  return {
    type: r.type,
    agency: r.agency,
    externalId: r.external_id,
    occurredAt: r.occurred_at,
    fields: r.fields,
    contentHash: r.content_hash,
    publicationEndsAt: r.publication_ends_at ?? null,
    retentionEndsAt: r.retention_ends_at,
    correctionReason: r.correction_reason ?? null,
  };
}

/** How rows go in by COPY: its columns, and the rows' data made in two steps (see insertWithIds). */
interface CopyPlan {
  columns: readonly string[];
  /** The work that needs no ids, done while they are drawn; returns the step that puts the ids in. */
  encode(): (ids: number[]) => Buffer;
}

/**
 * Inserts rows with ids drawn from the table's sequence, on the transaction's own connection (so they commit or
 * roll back with it), and returns the ids. The rows are encoded while the ids are drawn; once the COPY's data is
 * on its way, `whileStoring` runs (work that needs the ids, not the rows stored), so that PostgreSQL stores and
 * this thread computes at the same time. Without the client at hand, or for a few rows, one insert over a JSON
 * recordset does the same.
 */
async function insertWithIds(
  trx: Transaction<DB>,
  clients: Map<number, pg.PoolClient>,
  table: 'records' | 'relations',
  columns: readonly (readonly [string, string])[],
  rows: readonly object[],
  copy: CopyPlan,
  whileStoring?: (ids: number[]) => void,
): Promise<number[]> {
  const copying = rows.length >= COPY_FROM_ROWS;
  const drawn = nextIds(trx, table, rows.length);
  const found = copying ? clientOf(trx, clients) : Promise.resolve(undefined);
  // Both are queued on the connection; settled even if encoding throws, so that neither rejects unhandled.
  const settled = Promise.all([drawn, found]);
  settled.catch(() => {});
  const assemble = copying ? copy.encode() : undefined;
  const [ids, client] = await settled;
  if (!client || !assemble) {
    const names = columns.map(([c]) => c).join(', ');
    const withId = rows.map((r, i) => ({ ...r, id: ids[i] }));
    await sql`insert into ${sql.table(table)} (${sql.raw(names)})
      select ${sql.raw(names)} from ${recordset(withId, columns)}`.execute(trx);
    whileStoring?.(ids);
    return ids;
  }
  const data = assemble(ids);
  const stream = client.query(copyFrom(`copy ${table} (${copy.columns.join(', ')}) from stdin`));
  const done = finished(stream);
  try {
    // Resolved once the data is handed to the socket (after PostgreSQL's CopyInResponse), not once it is stored.
    await Promise.race([new Promise<void>((resolve) => stream.write(data, () => resolve())), done]);
    whileStoring?.(ids);
  } catch (err) {
    stream.destroy(err as Error);
    await done.catch(() => {});
    throw err;
  }
  stream.end();
  await done;
  return ids;
}

/**
 * Ids drawn from the sequence first, so inserts need no RETURNING and the order is certain. One statement moves
 * the sequence past the whole batch: every writer of these tables holds the audit log's lock, so no other
 * transaction draws ids in between.
 */
async function nextIds(trx: Transaction<DB>, table: 'records' | 'relations', n: number): Promise<number[]> {
  const r = await sql<{ last: number }>`select setval(pg_get_serial_sequence(${table}, 'id'),
    nextval(pg_get_serial_sequence(${table}, 'id')) + ${n - 1}) as last`.execute(trx);
  const last = Number(r.rows[0]!.last);
  return Array.from({ length: n }, (_, i) => last - n + 1 + i);
}

function postgresWriter(trx: Transaction<DB>, clients: Map<number, pg.PoolClient>): BulkWriter {
  return {
    async subjectsByIdentifier(identifiers) {
      const out = new Map<string, SubjectRow>();
      if (identifiers.length === 0) return out;
      const rows =
        await sql<SubjectRow>`select * from subjects where identifier = any(${identifiers}::text[])`.execute(
          trx,
        );
      for (const r of rows.rows) out.set(r.identifier, r);
      return out;
    },
    async insertSubjects(rows) {
      const out = new Map<string, SubjectRow>();
      if (rows.length === 0) return out;
      const inserted =
        await sql<SubjectRow>`insert into subjects (kind, identifier, scheme, name, region, created_at)
        select kind, identifier, scheme, name, region, created_at from ${recordset(rows, [
          ['kind', 'text'],
          ['identifier', 'text'],
          ['scheme', 'text'],
          ['name', 'text'],
          ['region', 'text'],
          ['created_at', 'text'],
        ])}
        returning *`.execute(trx);
      for (const r of inserted.rows) out.set(r.identifier, r);
      return out;
    },
    async indexNames(rows) {
      if (rows.length === 0) return;
      const entries = rows.map((r) => {
        const norm = normalizeName(r.name);
        return { id: r.id, norm, grams: [...new Set(bigrams(norm))] };
      });
      await sql`insert into subject_names (subject_id, norm, grams)
        select id, norm, array(select json_array_elements_text(grams)) from ${recordset(entries, [
          ['id', 'bigint'],
          ['norm', 'text'],
          ['grams', 'json'],
        ])}
        on conflict (subject_id) do update set norm = excluded.norm, grams = excluded.grams`.execute(trx);
    },
    async latestVersions(keys) {
      const out = new Map<string, LatestVersion>();
      if (keys.length === 0) return out;
      const rows = await sql<{
        id: number;
        agency: string;
        external_id: string;
        version: number;
        content_hash: string;
        superseded_at: string | null;
      }>`
        select distinct on (r.agency, r.external_id)
          r.id, r.agency, r.external_id, r.version, r.content_hash, r.superseded_at
        from records r join ${recordset(
          keys.map((k) => ({ agency: k.agency, external_id: k.externalId })),
          [
            ['agency', 'text'],
            ['external_id', 'text'],
          ],
        )} on r.agency = t.agency and r.external_id = t.external_id
        order by r.agency, r.external_id, r.version desc`.execute(trx);
      for (const r of rows.rows) {
        out.set(versionKey(r.agency, r.external_id), {
          id: r.id,
          externalId: r.external_id,
          version: r.version,
          contentHash: r.content_hash,
          withdrawn: r.superseded_at !== null,
        });
      }
      return out;
    },
    async insertRecords(rows, whileStoring, tails) {
      if (rows.length === 0) {
        whileStoring?.([]);
        return [];
      }
      return insertWithIds(
        trx,
        clients,
        'records',
        RECORD_TYPES,
        rows,
        {
          columns: RECORD_COPY_COLUMNS,
          encode: () => {
            // An import's check worker has encoded the tails; other writers' rows are encoded here.
            const given = tails?.length === rows.length && tails.every((t) => t !== undefined);
            const encoded = given ? undefined : encodeTails(rows.map(recordTail));
            return (ids) =>
              withHeads(
                rows,
                ids,
                encoded ? rows.map((_, i) => tailAt(encoded, i)) : (tails as Uint8Array[]),
              );
          },
        },
        whileStoring,
      );
    },
    async currentRelations(fromIds) {
      if (fromIds.length === 0) return [];
      const rows = await sql<RelationRow>`select * from relations
        where from_subject_id = any(${[...new Set(fromIds)]}::bigint[]) and superseded_at is null`.execute(
        trx,
      );
      return rows.rows;
    },
    async insertRelations(rows) {
      if (rows.length === 0) return [];
      const complete = rows.map((r) => ({
        ...r,
        until: r.until ?? null,
        superseded_at: r.superseded_at ?? null,
      }));
      const names = RELATION_TYPES.map(([c]) => c);
      const ids = await insertWithIds(trx, clients, 'relations', RELATION_TYPES, complete, {
        columns: names,
        encode: () => {
          const tails = complete.map((r) => relationTail(r, names));
          return (ids) => Buffer.from(tails.map((t, i) => `${ids[i]}${t}`).join(''), 'utf8');
        },
      });
      return complete.map((r, i) => ({ ...r, id: ids[i]! })) as RelationRow[];
    },
  };
}
