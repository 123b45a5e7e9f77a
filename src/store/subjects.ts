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
 * Returns the subject row for every reference, creating those not on file (kind from the identifier) and
 * filling in a name where the file had none. Runs inside the writing transaction.
 */
export async function ensureSubjects(
  trx: Transaction<DB>,
  writer: BulkWriter,
  refs: SubjectRef[],
  now: string,
): Promise<Map<string, SubjectRow>> {
  const byIdentifier = new Map<string, SubjectRef>();
  for (const r of refs) {
    const prev = byIdentifier.get(r.identifier);
    if (!prev || (!prev.name && r.name)) byIdentifier.set(r.identifier, r);
  }
  const found = await writer.subjectsByIdentifier([...byIdentifier.keys()]);
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
  await writer.indexNames(named, true);
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
  // Natural persons are never in the name index: the public finds them only by full identifier.
  await writer.indexNames(
    [...created.values()].flatMap((s) => (s.name && s.kind !== 'person' ? [{ id: s.id, name: s.name }] : [])),
    false,
  );
  for (const [k, v] of created) found.set(k, v);
  return found;
}
