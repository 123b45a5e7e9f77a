// Records: every version of every record; a correction is a new version and the old one is marked superseded.
import type { Executor } from './audit-log.js';
import type { RecordRow } from './schema.js';

/** The key latest versions are found by: the submitting agency and its own id for the record. */
export const versionKey = (agency: string, externalId: string) => `${agency}|${externalId}`;

export interface LatestVersion {
  id: number;
  externalId: string;
  version: number;
  contentHash: string;
  /** The latest version is superseded with no successor: the record was withdrawn (an objection upheld). */
  withdrawn: boolean;
}

export async function markSuperseded(db: Executor, ids: number[], at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 900) {
    await db
      .updateTable('records')
      .set({ superseded_at: at })
      .where('id', 'in', ids.slice(i, i + 900))
      .execute();
  }
}

export async function findRecord(db: Executor, id: number): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function recordsOfSubject(
  db: Executor,
  subjectId: number,
  options: { history?: boolean } = {},
): Promise<RecordRow[]> {
  let q = db.selectFrom('records').selectAll().where('subject_id', '=', subjectId);
  if (!options.history) q = q.where('superseded_at', 'is', null);
  return q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').execute();
}
