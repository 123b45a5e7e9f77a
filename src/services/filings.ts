// What objections and repair applications have in common as filings: who may see one, and finding the one a
// caller filed earlier under the same Idempotency-Key (a retry answered with it, not filed twice).
import type { Selectable, Transaction } from 'kysely';
import type { Principal } from '../domain/principal.js';
import type { DB } from '../store/schema.js';

/** Its filer, its subject, the deciding agency, operators. */
export function maySeeFiling(
  principal: Principal,
  f: { filed_by: string; subject_id: number; agency: string },
): boolean {
  return (
    principal.role === 'operator' ||
    principal.actor === f.filed_by ||
    (principal.role === 'subject' && principal.subjectId === f.subject_id) ||
    (principal.role === 'agency' && principal.agency === f.agency)
  );
}

export async function earlierFiling<T extends 'objections' | 'repairs'>(
  trx: Transaction<DB>,
  table: T,
  principal: Principal,
  key: string | undefined,
): Promise<Selectable<DB[T]> | undefined> {
  if (!key) return undefined;
  const row = await trx
    .selectFrom(table as 'objections')
    .selectAll()
    .where('filed_by', '=', principal.actor)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row as Selectable<DB[T]> | undefined;
}
