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
