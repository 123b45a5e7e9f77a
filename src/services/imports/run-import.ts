// The one import path, for the CLI and the API: rows are read, checked and stored in batches, each batch one
// transaction with its audit entry. A row is stored, recognized as already stored, or rejected with its reason;
// a crash loses at most the batch in flight, and running the file again stores nothing twice.
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { problems } from '../../domain/errors.js';
import type { Principal } from '../../domain/principal.js';
import { notSubmittable } from '../../domain/scoring/engine.js';
import type { Executor } from '../../store/audit-log.js';
import { findJob, insertJob, insertRejects, updateJob } from '../../store/imports.js';
import type { ImportJobRow, SubjectRow } from '../../store/schema.js';
import { KnownSubjects } from '../../store/subjects.js';
import type { Context } from '../context.js';
import { ingestRecords } from '../ingest-records.js';
import { type BatchLookups, type BatchWritten, carryOver, readAhead } from '../read-ahead.js';
import { startWorker } from '../workers.js';
import type { FromWorker, ToWorker, WorkerOptions } from './check-worker.js';
import {
  type CheckedBatch,
  type CheckedRow,
  type CheckOptions,
  checkedBatches,
  type RejectedRow,
  unpackBatch,
} from './checked-batches.js';
import {
  IMPORT_ENCODINGS,
  IMPORT_FORMATS,
  type ImportEncoding,
  ImportFatalError,
  type ImportFormat,
} from './read-rows.js';

export type { RejectedRow };

export interface ImportSpec {
  type: string;
  format: ImportFormat;
  encoding: ImportEncoding;
  fileName: string;
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
  /** A check worker started ahead (prestartCheckWorker), used if the file is large enough, else stopped. */
  checkWorker?: Worker;
  onProgress?: (p: ImportProgress) => void;
  onReject?: (r: RejectedRow) => void | Promise<void>;
}

/** Checks what an import needs before reading a byte: the agency may submit the type, format and encoding exist. */
export function checkImportSpec(
  catalog: Context['catalog'],
  principal: Principal,
  spec: Partial<ImportSpec>,
): ImportSpec {
  const errors = [];
  const type = spec.type ? catalog.recordTypes.get(spec.type) : undefined;
  if (!spec.type) errors.push({ pointer: '/type', reason: 'is required' });
  else if (!type) errors.push({ pointer: '/type', reason: `unknown record type ${spec.type}` });
  if (!spec.format || !IMPORT_FORMATS.includes(spec.format))
    errors.push({ pointer: '/format', reason: `must be one of: ${IMPORT_FORMATS.join(', ')}` });
  if (!spec.encoding || !IMPORT_ENCODINGS.includes(spec.encoding))
    errors.push({ pointer: '/encoding', reason: `must be one of: ${IMPORT_ENCODINGS.join(', ')}` });
  if (errors.length) throw problems.validation(errors);
  const derived = notSubmittable(type!.code);
  if (derived)
    throw problems.forbidden(`no agency submits ${type!.code}`, [{ pointer: '/type', reason: derived }]);
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

/** Where checked batches come from, and how to get back the cells of a row refused at storage. */
interface BatchSource {
  batches: AsyncIterable<CheckedBatch>;
  cellsOf(rows: CheckedRow[]): Promise<Map<number, string[]>>;
}

function inProcess(input: Readable, catalog: Context['catalog'], options: CheckOptions): BatchSource {
  return {
    batches: checkedBatches(input, catalog, options),
    cellsOf: async (rows) => new Map(rows.map((r) => [r.rowNumber, r.raw ?? []])),
  };
}

/** A check worker's first batch (see CheckOptions.firstBatchSize). */
const FIRST_BATCH_ROWS = 250;

/** Errors of check workers that failed before anyone was taking their batches. */
const earlyErrors = new WeakMap<Worker, unknown>();

/**
 * A check worker, started before the command has loaded its catalog and opened its store, to load its own modules
 * meanwhile: call it first thing for a file larger than WORKER_THRESHOLD_BYTES, and pass it to runImport.
 */
export function prestartCheckWorker(): Worker {
  const worker = startWorker('services/imports/check-worker', null);
  // Kept for the import to report, not thrown meanwhile as an unhandled 'error' event.
  worker.once('error', (e) => earlyErrors.set(worker, e));
  return worker;
}

/** A check worker told what to check, and its batches as they arrive. */
interface BegunCheck {
  options: WorkerOptions;
  source: BatchSource;
}

/** Check workers already told what to check (beginChecking), by worker. */
const begun = new WeakMap<Worker, BegunCheck>();

/** What a check worker is told: the options that decide which rows pass. */
function workerOptions(
  path: string,
  catalog: Context['catalog'],
  options: CheckOptions,
  copyTails: boolean,
): WorkerOptions {
  return {
    ...options,
    firstBatchSize: FIRST_BATCH_ROWS,
    path,
    recordType: catalog.recordTypes.get(options.typeCode)!,
    copyTails,
  };
}

/**
 * Tells a prestarted check worker what to check as soon as the catalog is loaded, so that it reads and checks the
 * first rows while the store is opened and the job created; runImport then takes its batches. The options must
 * be the ones runImport works out from the job (runImport refuses the worker otherwise), `now` apart: the import
 * checks against this one.
 */
export function beginChecking(
  worker: Worker,
  catalog: Context['catalog'],
  path: string,
  options: CheckOptions,
  copyTails: boolean,
): void {
  if (begun.has(worker)) throw new Error('this check worker has been told what to check already');
  const sent = workerOptions(path, catalog, options, copyTails);
  begun.set(worker, { options: sent, source: fromWorker(worker, sent) });
}

/** Batches from the check worker, with flow control: each one taken is acknowledged. */
function fromWorker(worker: Worker, options: WorkerOptions): BatchSource {
  const queue: Exclude<FromWorker, { kind: 'raw' }>[] = [];
  const asked = new Map<number, (rows: [number, string[]][]) => void>();
  let nextAsk = 0;
  let wake: (() => void) | undefined;
  let crashed: unknown = earlyErrors.get(worker);
  const send = (m: ToWorker) => worker.postMessage(m);
  // Listening before the start message goes: a batch posted before anyone listened would be lost.
  worker.on('message', (m: FromWorker) => {
    if (m.kind === 'raw') {
      asked.get(m.id)?.(m.rows);
      asked.delete(m.id);
      return;
    }
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    crashed = e;
    wake?.();
  });
  send({ kind: 'start', options });
  async function* batches(): AsyncGenerator<CheckedBatch> {
    try {
      for (;;) {
        while (queue.length === 0 && !crashed) await new Promise<void>((r) => (wake = r));
        if (crashed) throw crashed;
        const m = queue.shift()!;
        if (m.kind === 'end') return;
        if (m.kind === 'failed') throw m.fatal ? new ImportFatalError(m.message) : new Error(m.message);
        send({ kind: 'ack' });
        yield unpackBatch(m.batch);
      }
    } finally {
      await worker.terminate();
    }
  }
  return {
    batches: batches(),
    cellsOf: (rows) =>
      new Promise((resolve) => {
        const id = nextAsk++;
        asked.set(id, (found) => resolve(new Map(found)));
        send({ kind: 'raw', id, rowNumbers: rows.map((r) => r.rowNumber) });
      }),
  };
}

/** What must be the same for a begun worker's rows to be this import's (`now` apart: see beginChecking). */
const SAME_CHECK = [
  'path',
  'recordType',
  'typeCode',
  'agency',
  'format',
  'encoding',
  'batchSize',
  'firstBatchSize',
  'copyTails',
] as const satisfies readonly (keyof WorkerOptions)[];

/** The batches of a worker begun for this import, or of one told now (started now if none was prestarted). */
function workerSource(
  path: string,
  catalog: Context['catalog'],
  options: CheckOptions,
  copyTails: boolean,
  started?: Worker,
): BatchSource {
  const wanted = workerOptions(path, catalog, options, copyTails);
  const told = started && begun.get(started);
  if (!told) return fromWorker(started ?? prestartCheckWorker(), wanted);
  const differ = SAME_CHECK.filter((k) => told.options[k] !== wanted[k]);
  if (differ.length > 0)
    throw new Error(`the check worker was begun for another import (its ${differ.join(', ')} differ)`);
  return told.source;
}

export const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

/** A large file is read and checked in a worker thread; a small one, or a stream, in-process. */
export type ImportSource = { path: string } | Readable;

export async function runImport(
  ctx: Context,
  principal: Principal,
  jobId: string,
  source: ImportSource,
  options: RunOptions = {},
): Promise<ImportJobRow> {
  const job = await findJob(ctx.store.db, jobId);
  if (!job) throw problems.notFound(`no import ${jobId}`);
  const batchSize = options.batchSize ?? 2000;
  const progress: ImportProgress = { rows: 0, stored: 0, duplicates: 0, rejected: 0, bytes: 0 };
  const checkOptions: CheckOptions = {
    format: job.format as ImportFormat,
    encoding: job.encoding as ImportEncoding,
    typeCode: job.type,
    agency: job.agency,
    // A worker begun before the job existed checks against the time it was begun at.
    now: (options.checkWorker && begun.get(options.checkWorker)?.options.now) ?? ctx.clock.now(),
    batchSize,
  };
  // A worker pays off past a few megabytes; below that, starting it (and its catalog) costs more than it saves.
  const large = 'path' in source && statSync(source.path).size > WORKER_THRESHOLD_BYTES;
  if (!large) void options.checkWorker?.terminate();
  const { batches, cellsOf } =
    'path' in source
      ? large
        ? workerSource(
            source.path,
            ctx.catalog,
            checkOptions,
            ctx.store.dialect === 'postgres',
            options.checkWorker,
          )
        : inProcess(createReadStream(source.path), ctx.catalog, checkOptions)
      : inProcess(source, ctx.catalog, checkOptions);
  // Running once its rows have a source: a check worker begun for another import leaves the job as it was.
  await updateJob(ctx.store.db, jobId, { state: 'running', started_at: ctx.clock.now() });

  let batchNo = 0;
  const knownSubjects = new KnownSubjects();
  // On PostgreSQL, a batch's reads are made on another connection while the batch before it is written (see
  // read-ahead.ts): the database reads for the one and stores the other at the same time.
  const readsAhead = ctx.store.dialect === 'postgres';
  /** Writes a batch; returns the next one's reads, where they were made and hold once this one is stored. */
  const writeBatch = async (
    batch: CheckedBatch,
    lookups: BatchLookups | undefined,
    next?: CheckedBatch,
  ): Promise<BatchLookups | undefined> => {
    const rejects = batch.rejects;
    const counted = { stored: 0, duplicates: 0 };
    const remembered: SubjectRow[] = [];
    // The job's counts and rejected rows are written in the batch's own transaction: after a crash they
    // describe exactly the batches that were stored.
    const record = async (trx: Executor) => {
      if (rejects.length > 0) {
        rejects.sort((a, b) => a.rowNumber - b.rowNumber);
        await insertRejects(trx, jobId, rejects);
      }
      await updateJob(trx, jobId, {
        total_rows: progress.rows + batch.rows,
        stored: progress.stored + counted.stored,
        duplicates: progress.duplicates + counted.duplicates,
        rejected: progress.rejected + rejects.length,
        updated_at: ctx.clock.now(),
      });
    };
    let nextLookups: Promise<BatchLookups | undefined> | undefined;
    if (batch.good.length > 0) {
      batchNo++;
      let written: BatchWritten | undefined;
      const reading =
        readsAhead && next && next.good.length > 0
          ? readAhead(
              ctx,
              next.good.map((g) => g.row),
              knownSubjects,
            ).catch(() => undefined) // a failed read-ahead leaves the batch to read in its transaction
          : undefined;
      await ingestRecords(
        ctx,
        principal,
        batch.good.map((b) => b.row),
        {
          mode: 'batch',
          target: `import:${jobId}#${batchNo}`,
          knownSubjects,
          copyTails: batch.good.map((b) => b.copyTail),
          lookups,
          wrote: (w) => {
            written = w;
          },
          within: async (trx, outcomes) => {
            const refused: { row: CheckedRow; reason: string }[] = [];
            outcomes.forEach((o, i) => {
              if (o.status === 'created' || o.status === 'corrected') {
                counted.stored++;
                remembered.push(o.subject);
              } else if (o.status === 'duplicate') counted.duplicates++;
              else if (o.status === 'conflict')
                refused.push({ row: batch.good[i]!, reason: `/externalId: ${o.reason}` });
            });
            if (refused.length > 0) {
              const cells = await cellsOf(refused.map((r) => r.row));
              for (const r of refused)
                rejects.push({
                  rowNumber: r.row.rowNumber,
                  reason: r.reason,
                  raw: cells.get(r.row.rowNumber) ?? [],
                });
            }
            await record(trx);
          },
        },
      );
      // Committed: the next batches need not look these subjects up.
      for (const subject of remembered) knownSubjects.remember(subject);
      nextLookups = reading?.then((read) => read && written && carryOver(read, written));
    } else await ctx.store.db.transaction().execute(record);
    progress.rows += batch.rows;
    progress.bytes = batch.bytes;
    progress.stored += counted.stored;
    progress.duplicates += counted.duplicates;
    progress.rejected += rejects.length;
    for (const r of rejects) await options.onReject?.(r);
    options.onProgress?.({ ...progress });
    return nextLookups;
  };
  try {
    // On PostgreSQL each batch is written once the next one has been checked (or the file has ended), so that the
    // next one's reads can be made meanwhile.
    let held: { batch: CheckedBatch; lookups?: BatchLookups } | undefined;
    for await (const batch of batches) {
      if (!readsAhead) await writeBatch(batch, undefined);
      else held = { batch, lookups: held && (await writeBatch(held.batch, held.lookups, batch)) };
    }
    if (held) await writeBatch(held.batch, held.lookups);
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
