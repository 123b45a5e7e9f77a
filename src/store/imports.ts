// Import jobs and their rejected rows: what the agency console and `xinyong import` report on.
import type { Executor } from './audit-log.js';
import type { ImportJobRow } from './schema.js';

export async function insertJob(db: Executor, job: ImportJobRow): Promise<void> {
  await db.insertInto('import_jobs').values(job).execute();
}

export async function updateJob(
  db: Executor,
  id: string,
  patch: Partial<Omit<ImportJobRow, 'id'>>,
): Promise<void> {
  await db.updateTable('import_jobs').set(patch).where('id', '=', id).execute();
}

export async function findJob(db: Executor, id: string): Promise<ImportJobRow | undefined> {
  return db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRejects(
  db: Executor,
  jobId: string,
  rows: { rowNumber: number; reason: string; raw: string[] }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('import_rejects')
      .values(
        rows.slice(i, i + 200).map((r) => ({
          job_id: jobId,
          row_number: r.rowNumber,
          reason: r.reason,
          raw: JSON.stringify(r.raw),
        })),
      )
      .onConflict((oc) => oc.columns(['job_id', 'row_number']).doNothing())
      .execute();
  }
}

export async function listRejects(db: Executor, jobId: string) {
  return db
    .selectFrom('import_rejects')
    .selectAll()
    .where('job_id', '=', jobId)
    .orderBy('row_number')
    .execute();
}

/**
 * Jobs left running by a process that stopped (no heartbeat since `staleBefore`): their committed batches stand,
 * the rest never happened.
 */
export async function markInterrupted(db: Executor, at: string, staleBefore: string): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      state: 'interrupted',
      finished_at: at,
      error: 'the process stopped during the import; committed batches stand, run the file again to finish',
    })
    .where('state', 'in', ['queued', 'running'])
    .where('updated_at', '<', staleBefore)
    .execute();
}
