// Worker threads for the bulk paths. A worker runs the way its caller does: from the TypeScript sources (tests,
// development) through tsx, compiled from dist/, or bundled from dist/bundle/ (the CLI's workers are bundled with
// it, scripts/bundle.mjs).
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packagePath } from '../package-root.js';

const running = import.meta.url;

/** `module` is the worker's module under src/, without its extension: `services/imports/check-worker`. */
export function startWorker(module: string, workerData: unknown): Worker {
  if (!running.endsWith('.ts')) {
    // A worker left out of scripts/bundle.mjs's entries still runs, compiled (only its start is slower).
    const bundled = packagePath('dist', 'bundle', `${module}.js`);
    const file =
      running.includes('/dist/bundle/') && existsSync(bundled)
        ? bundled
        : packagePath('dist', `${module}.js`);
    return new Worker(pathToFileURL(file), { workerData });
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = pathToFileURL(packagePath('src', `${module}.ts`)).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** The nice value of a thread that works behind the requests (CFS weight about a tenth of the main thread's). */
export const BACKGROUND_NICE = 10;

/**
 * Called first thing in a worker whose work can wait for the main thread's: the decision log's writer and the WAL
 * checkpointer behind a server's requests, an import's check worker ahead of its writer. On two cores, with the
 * main thread and a client (or PostgreSQL) busy, the scheduler otherwise gives such a thread an equal turn while
 * the main thread waits for a core: a batch check waits for a log write, an import's writer (whose turn-taking with
 * the database sets the pace) for rows that are checked batches ahead. With a lower priority it runs when the main
 * thread waits, which is most of the time. Linux keeps a nice value per thread (os.setPriority without a pid sets
 * the calling thread's); elsewhere it would lower the whole process, so it is left alone.
 */
export function runBehindMainThread(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(BACKGROUND_NICE);
  } catch {
    // A sandbox that refuses it: the thread keeps the usual priority.
  }
}
