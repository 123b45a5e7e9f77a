import { createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { startCheckpointer } from '../../services/checkpointer.js';
import { systemClock } from '../../services/context.js';
import { formatFromName, type ImportEncoding, type ImportFormat } from '../../services/imports/read-rows.js';
import { rejectsCsvHeader, rejectsCsvLine } from '../../services/imports/rejects.js';
import {
  beginChecking,
  checkImportSpec,
  createImportJob,
  prestartCheckWorker,
  runImport,
  WORKER_THRESHOLD_BYTES,
} from '../../services/imports/run-import.js';
import { isPostgresUrl } from '../../store/database.js';
import {
  CliError,
  cliActor,
  dbOption,
  dbUrl,
  EXIT,
  err,
  exitIfOrphaned,
  outJson,
  withContext,
} from '../runtime.js';

/**
 * The WAL starts over once it holds this many frames (16 MiB): each start holds the writer back while the
 * checkpoint copies the last frames, so a bulk load lets the WAL grow that far between starts.
 */
const RESTART_FRAMES = 4096;

interface ImportOptions {
  type: string;
  agency: string;
  db?: string;
  format?: string;
  encoding: string;
  rejects?: string;
  batchSize: number;
}

export function importCommand(program: Command): void {
  program
    .command('import <file>')
    .description('load a bulk file of records from an agency: CSV (utf8 | gb18030), NDJSON or XLSX')
    .requiredOption('--type <record-type>', 'record type code from the catalog')
    .requiredOption('--agency <agency-code>', 'the submitting agency')
    .option(...dbOption)
    .option('--format <format>', 'csv | ndjson | xlsx (default from the file name)')
    .option('--encoding <encoding>', 'utf8 | gb18030', 'utf8')
    .option('--rejects <file>', 'where rejected rows go (default <file>.rejects.csv)')
    .option('--batch-size <n>', 'rows per atomic batch', (v) => Number(v), 2000)
    .action(async (file: string, opts: ImportOptions) => {
      if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
      const format = (opts.format ?? formatFromName(file)) as ImportFormat | undefined;
      if (!format)
        throw new CliError('cannot tell the format from the file name; pass --format csv|ndjson|xlsx');
      if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1)
        throw new CliError('--batch-size must be a positive whole number');
      // A large file's check worker loads its modules while this thread loads the catalog and opens the store.
      const checkWorker = statSync(file).size > WORKER_THRESHOLD_BYTES ? prestartCheckWorker() : undefined;
      try {
        await importFile(file, format, opts, checkWorker);
      } finally {
        await checkWorker?.terminate();
      }
    });
}

async function importFile(
  file: string,
  format: ImportFormat,
  opts: ImportOptions,
  checkWorker: Worker | undefined,
): Promise<void> {
  // The catalog before the store: what is asked for is checked before connecting, and a check worker starts on the
  // rows while the store is opened and the job created.
  const { loadCatalog } = await import('../../catalog/load.js');
  const catalog = loadCatalog();
  if (!catalog.agencies.has(opts.agency)) throw new CliError(`unknown agency ${opts.agency}`);
  const principal = { role: 'agency' as const, agency: opts.agency, actor: cliActor() };
  const spec = checkImportSpec(catalog, principal, {
    type: opts.type,
    format,
    encoding: opts.encoding as ImportEncoding,
    fileName: file,
  });
  if (checkWorker) {
    beginChecking(
      checkWorker,
      catalog,
      file,
      {
        format: spec.format,
        encoding: spec.encoding,
        typeCode: spec.type,
        agency: opts.agency,
        now: systemClock.now(),
        batchSize: opts.batchSize,
      },
      isPostgresUrl(dbUrl(opts.db)),
    );
  }
  await withContext(
    opts.db,
    async (ctx) => {
      const job = await createImportJob(ctx, principal, spec);
      const rejectsPath = opts.rejects ?? `${file}.rejects.csv`;
      let rejects: WriteStream | undefined;
      const size = statSync(file).size;
      const bar = process.stderr.isTTY
        ? new SingleBar({
            format:
              'importing [{bar}] {percentage}% | {rows} rows | {stored} stored | {duplicates} already on file | {rejected} rejected',
            stream: process.stderr,
            hideCursor: true,
          })
        : undefined;
      bar?.start(size, 0, { rows: 0, stored: 0, duplicates: 0, rejected: 0 });
      let finished: Awaited<ReturnType<typeof runImport>>;
      // On SQLite, WAL checkpoints run on a thread of their own while the batches are written: done by the
      // committing connection, they stalled the writer a fifth of a second every dozen batches, while the
      // check worker had time to spare. A small file's few batches are done before such a thread has started.
      const checkpoints = checkWorker
        ? startCheckpointer(ctx.store, { intervalMs: 250, restartFrames: RESTART_FRAMES })
        : undefined;
      try {
        finished = await runImport(
          ctx,
          principal,
          job.id,
          { path: file },
          {
            batchSize: opts.batchSize,
            checkWorker,
            onProgress: (p) => {
              exitIfOrphaned();
              bar?.update(p.bytes, p);
            },
            onReject: (r) => {
              if (!rejects) {
                rejects = createWriteStream(rejectsPath);
                rejects.write(rejectsCsvHeader());
              }
              rejects.write(rejectsCsvLine(r));
            },
          },
        );
      } finally {
        await checkpoints?.stop();
        bar?.stop();
        const stream = rejects;
        if (stream) await new Promise<void>((resolve) => stream.end(resolve));
      }
      const summary = {
        job: finished.id,
        state: finished.state,
        rows: finished.total_rows,
        stored: finished.stored,
        duplicates: finished.duplicates,
        rejected: finished.rejected,
        ...(finished.rejected > 0 ? { rejects: rejectsPath } : {}),
      };
      err(
        `${summary.rows} rows: ${summary.stored} stored, ${summary.duplicates} already on file, ${summary.rejected} rejected${summary.rejected ? ` (see ${rejectsPath})` : ''}`,
      );
      outJson(summary);
      if (finished.rejected > 0) process.exitCode = EXIT.partial;
    },
    { bulk: true, catalog },
  );
}
