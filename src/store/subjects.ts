// Subjects: one row per person or legal entity, found by identifier or internal id; created on first write.
import type { Transaction } from 'kysely';
import type { SubjectRef } from '../domain/records/submission.js';
import type { Executor } from './audit-log.js';
import type { BulkWriter } from './bulk-writer.js';
import type { DB, SubjectRow } from './schema.js';

export async function findSubject(
  db: Executor,
  by: { id: number } | { identifier: string },
): Promise<SubjectRow | undefined> {
  const q = db.selectFrom('subjects').selectAll();
  return (
    'id' in by ? q.where('id', '=', by.id) : q.where('identifier', '=', by.identifier)
  ).executeTakeFirst();
}

export async function findSubjectsByIds(db: Executor, ids: number[]): Promise<SubjectRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('subjects').selectAll().where('id', 'in', ids).execute();
}

/**
 * Subject rows a bulk load has seen committed, by identifier: only rows with a name, which no longer change (a
 * subject is never deleted, and a name is only ever filled in where there was none), so a later batch need not
 * look them up again. Bounded: cleared when full.
 */
export class KnownSubjects {
  private readonly rows = new Map<string, SubjectRow>();

  constructor(private readonly max = 100_000) {}

  get(identifier: string): SubjectRow | undefined {
    return this.rows.get(identifier);
  }

  /** Call once the transaction that stored or found the row has committed. */
  remember(row: SubjectRow): void {
    if (row.name === null) return;
    if (this.rows.size >= this.max) this.rows.clear();
    this.rows.set(row.identifier, row);
  }
}

export interface EnsureOptions {
  /** Subjects a bulk load has already seen committed: not looked up again. */
  known?: KnownSubjects;
  /**
   * Identifiers already looked up, as of the state this transaction started from (a bulk load reads a batch's
   * ahead): the row, or null for none on file. Identifiers not in it are looked up here.
   */
  onFile?: ReadonlyMap<string, SubjectRow | null>;
}

/**
 * Returns the subject row for every reference, creating those not on file (kind from the identifier) and
 * filling in a name where the file had none. Runs inside the writing transaction.
 */
export async function ensureSubjects(
  trx: Transaction<DB>,
  writer: BulkWriter,
  refs: SubjectRef[],
  now: string,
  { known, onFile }: EnsureOptions = {},
): Promise<Map<string, SubjectRow>> {
  const byIdentifier = new Map<string, SubjectRef>();
  for (const r of refs) {
    const prev = byIdentifier.get(r.identifier);
    if (!prev || (!prev.name && r.name)) byIdentifier.set(r.identifier, r);
  }
  const found = new Map<string, SubjectRow>();
  const unknown: string[] = [];
  for (const identifier of byIdentifier.keys()) {
    const row = known?.get(identifier) ?? onFile?.get(identifier);
    if (row) found.set(identifier, row);
    else if (!onFile?.has(identifier)) unknown.push(identifier);
  }
  for (const [identifier, row] of await writer.subjectsByIdentifier(unknown)) found.set(identifier, row);
  const missing: SubjectRef[] = [];
  const named: { id: number; name: string }[] = [];
  for (const ref of byIdentifier.values()) {
    const row = found.get(ref.identifier);
    if (!row) missing.push(ref);
    else if (row.name === null && ref.name) {
      await trx.updateTable('subjects').set({ name: ref.name }).where('id', '=', row.id).execute();
      row.name = ref.name;
      if (row.kind !== 'person') named.push({ id: row.id, name: ref.name });
    }
  }
  await writer.indexNames(named);
  const created = await writer.insertSubjects(
    missing.map((r) => ({
      kind: r.kind,
      identifier: r.identifier,
      scheme: r.scheme,
      name: r.name,
      region: r.region,
      created_at: now,
    })),
  );
  // New subjects' names are indexed behind the log, in bulk (store/name-index.ts).
  for (const [k, v] of created) found.set(k, v);
  return found;
}
