// The one import path, for the CLI and the API: rows are read, checked and stored in batches, each batch one
// transaction with its audit entry. A row is stored, recognized as already stored, or rejected with its reason;
// a crash loses at most the batch in flight, and running the file again stores nothing twice.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { problems } from '../../domain/errors.js';
import type { Principal } from '../../domain/principal.js';
import { checkRecordSubmission, type NormalizedRecord } from '../../domain/records/submission.js';
import { findJob, insertJob, insertRejects, updateJob } from '../../store/imports.js';
import type { ImportJobRow } from '../../store/schema.js';
import type { Context } from '../context.js';
import { ingestRecords } from '../ingest-records.js';
import {
  IMPORT_ENCODINGS,
  IMPORT_FORMATS,
  type ImportEncoding,
  ImportFatalError,
  type ImportFormat,
  readRows,
} from './read-rows.js';

export interface ImportSpec {
  type: string;
  format: ImportFormat;
  encoding: ImportEncoding;
  fileName: string;
}

export interface RejectedRow {
  rowNumber: number;
  reason: string;
  raw: string[];
}

export interface ImportProgress {
  rows: number;
  stored: number;
  duplicates: number;
  rejected: number;
  bytes: number;
}

export interface RunOptions {
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
  onReject?: (r: RejectedRow) => void | Promise<void>;
}

/** Checks what an import needs before reading a byte: the agency may submit the type, format and encoding exist. */
export function checkImportSpec(ctx: Context, principal: Principal, spec: Partial<ImportSpec>): ImportSpec {
  const errors = [];
  const type = spec.type ? ctx.catalog.recordTypes.get(spec.type) : undefined;
  if (!spec.type) errors.push({ pointer: '/type', reason: 'is required' });
  else if (!type) errors.push({ pointer: '/type', reason: `unknown record type ${spec.type}` });
  if (!spec.format || !IMPORT_FORMATS.includes(spec.format))
    errors.push({ pointer: '/format', reason: `must be one of: ${IMPORT_FORMATS.join(', ')}` });
  if (!spec.encoding || !IMPORT_ENCODINGS.includes(spec.encoding))
    errors.push({ pointer: '/encoding', reason: `must be one of: ${IMPORT_ENCODINGS.join(', ')}` });
  if (errors.length) throw problems.validation(errors);
  if (!type!.submitters.includes(principal.agency!)) {
    throw problems.forbidden(`agency ${principal.agency} may not submit ${type!.code}`, [
      {
        pointer: '/type',
        reason: `the catalog allows ${type!.submitters.join(', ')} to submit ${type!.code}`,
      },
    ]);
  }
  return spec as ImportSpec;
}

export async function createImportJob(
  ctx: Context,
  principal: Principal,
  spec: ImportSpec,
): Promise<ImportJobRow> {
  const job: ImportJobRow = {
    id: `imp_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`,
    agency: principal.agency!,
    type: spec.type,
    format: spec.format,
    encoding: spec.encoding,
    file_name: spec.fileName,
    state: 'queued',
    total_rows: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    error: null,
    created_by: principal.actor,
    created_at: ctx.clock.now(),
    started_at: null,
    finished_at: null,
    updated_at: ctx.clock.now(),
  };
  await insertJob(ctx.store.db, job);
  return job;
}

export async function runImport(
  ctx: Context,
  principal: Principal,
  jobId: string,
  input: Readable,
  options: RunOptions = {},
): Promise<ImportJobRow> {
  const job = await findJob(ctx.store.db, jobId);
  if (!job) throw problems.notFound(`no import ${jobId}`);
  const type = ctx.catalog.recordTypes.get(job.type)!;
  const batchSize = options.batchSize ?? 2000;
  const progress: ImportProgress = { rows: 0, stored: 0, duplicates: 0, rejected: 0, bytes: 0 };
  await updateJob(ctx.store.db, jobId, { state: 'running', started_at: ctx.clock.now() });

  let batchNo = 0;
  const reject = async (rejects: RejectedRow[]) => {
    if (rejects.length === 0) return;
    progress.rejected += rejects.length;
    await insertRejects(ctx.store.db, jobId, rejects);
    for (const r of rejects) await options.onReject?.(r);
  };
  const flush = async (
    batch: { row: NormalizedRecord; rowNumber: number; raw: string[] }[],
    rejects: RejectedRow[],
  ) => {
    if (batch.length > 0) {
      batchNo++;
      const outcomes = await ingestRecords(
        ctx,
        principal,
        batch.map((b) => b.row),
        { mode: 'batch', target: `import:${jobId}#${batchNo}` },
      );
      outcomes.forEach((o, i) => {
        if (o.status === 'created' || o.status === 'corrected') progress.stored++;
        else if (o.status === 'duplicate') progress.duplicates++;
        else if (o.status === 'conflict')
          rejects.push({
            rowNumber: batch[i]!.rowNumber,
            reason: `/externalId: ${o.reason}`,
            raw: batch[i]!.raw,
          });
      });
    }
    rejects.sort((a, b) => a.rowNumber - b.rowNumber);
    await reject(rejects);
    await updateJob(ctx.store.db, jobId, {
      total_rows: progress.rows,
      stored: progress.stored,
      duplicates: progress.duplicates,
      rejected: progress.rejected,
      updated_at: ctx.clock.now(),
    });
    options.onProgress?.({ ...progress });
  };

  try {
    let batch: { row: NormalizedRecord; rowNumber: number; raw: string[] }[] = [];
    let rejects: RejectedRow[] = [];
    const rows = readRows(input, {
      format: job.format as ImportFormat,
      encoding: job.encoding as ImportEncoding,
      type,
      onBytes: (n) => {
        progress.bytes += n;
      },
    });
    for await (const source of rows) {
      progress.rows++;
      const errors = source.errors.length ? source.errors : undefined;
      const checked = errors
        ? undefined
        : checkRecordSubmission(ctx.catalog, job.agency, source.body, ctx.clock.now());
      if (errors || !checked?.ok) {
        const list = errors ?? (checked && !checked.ok ? checked.errors : []);
        rejects.push({
          rowNumber: source.rowNumber,
          reason: list.map((e) => `${e.pointer}: ${e.reason}`).join('; '),
          raw: source.raw,
        });
      } else {
        batch.push({ row: checked.value, rowNumber: source.rowNumber, raw: source.raw });
      }
      if (batch.length >= batchSize || rejects.length >= batchSize) {
        await flush(batch, rejects);
        batch = [];
        rejects = [];
      }
    }
    await flush(batch, rejects);
    const state = progress.rejected > 0 ? 'done-with-rejects' : 'done';
    await updateJob(ctx.store.db, jobId, { state, finished_at: ctx.clock.now() });
  } catch (err) {
    const message =
      err instanceof ImportFatalError ? err.message : `import failed: ${(err as Error).message}`;
    await updateJob(ctx.store.db, jobId, { state: 'failed', error: message, finished_at: ctx.clock.now() });
    if (err instanceof ImportFatalError)
      throw problems.validation([{ pointer: '/file', reason: err.message }], message);
    throw err;
  }
  return (await findJob(ctx.store.db, jobId))!;
}
