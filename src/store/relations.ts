// Relation rows: every version kept; the current one has no superseded_at.
import type { Executor } from './audit-log.js';

export async function markRelationsSuperseded(db: Executor, ids: number[], at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 900) {
    await db
      .updateTable('relations')
      .set({ superseded_at: at })
      .where('id', 'in', ids.slice(i, i + 900))
      .execute();
  }
}

/** The current holders of the roles in these legal entities, every period (filter with heldAt). */
export async function officersOf(db: Executor, entityIds: number[], roles: string[]) {
  if (entityIds.length === 0 || roles.length === 0) return [];
  return db
    .selectFrom('relations')
    .innerJoin('subjects', 'subjects.id', 'relations.to_subject_id')
    .select([
      'relations.from_subject_id',
      'relations.role',
      'relations.since',
      'relations.until',
      'subjects.id',
      'subjects.identifier',
      'subjects.name',
    ])
    .where('relations.from_subject_id', 'in', entityIds)
    .where('relations.role', 'in', roles)
    .where('relations.superseded_at', 'is', null)
    .execute();
}

export type OfficerRow = Awaited<ReturnType<typeof officersOf>>[number];

/** officersOf for many entities (queried in chunks), by entity id. */
export async function officersByEntity(
  db: Executor,
  entityIds: number[],
  roles: string[],
): Promise<Map<number, OfficerRow[]>> {
  const out = new Map<number, OfficerRow[]>();
  const ids = [...new Set(entityIds)];
  for (let i = 0; i < ids.length; i += 500) {
    for (const o of await officersOf(db, ids.slice(i, i + 500), roles)) {
      const list = out.get(o.from_subject_id) ?? [];
      list.push(o);
      out.set(o.from_subject_id, list);
    }
  }
  return out;
}
