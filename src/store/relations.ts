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
