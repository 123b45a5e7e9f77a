// SQLite checkpoints off the main thread. By default a commit that finds 1,000 pages in the WAL copies them into
// the database file and fsyncs both, synchronously, on the connection that committed: on a server that is the
// main thread, and every request waits behind it (a tenth of a credit-file read's time, and its p99). A server
// turns that off on its connection and checkpoints from a worker thread instead. PostgreSQL: nothing to do.
import type { Worker } from 'node:worker_threads';
import type { Store } from '../store/database.js';
import type { CheckpointReport } from './checkpointer.worker.js';
import { startWorker } from './workers.js';

/** SQLite's own default, restored if the worker stops. */
const DEFAULT_AUTOCHECKPOINT = 1000;

export interface Checkpointer {
  /** The latest checkpoint that had WAL frames to look at. */
  readonly last: CheckpointReport | undefined;
  stop(): Promise<void>;
}

export function startCheckpointer(
  store: Store,
  options: {
    intervalMs?: number;
    /**
     * WAL frames at which a checkpoint also starts the WAL over (RESTART, which holds writers back while it
     * copies what PASSIVE left); below, PASSIVE alone, which waits for no one.
     */
    restartFrames?: number;
    onError?: (err: Error) => void;
  } = {},
): Checkpointer {
  const sqlite = store.raw.sqlite;
  if (store.dialect !== 'sqlite' || !sqlite) return { last: undefined, stop: async () => {} };
  let last: CheckpointReport | undefined;
  let stopped = false;
  const worker: Worker = startWorker('services/checkpointer.worker', {
    path: store.location,
    intervalMs: options.intervalMs ?? 2000,
    restartFrames: options.restartFrames ?? 0,
  });
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');
  worker.on('message', (r: CheckpointReport) => {
    last = r;
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Without the worker the connection checkpoints for itself again, as SQLite does by default.
  const fallBack = (err?: Error) => {
    if (stopped) return;
    stopped = true;
    sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
    if (err) options.onError?.(err);
  };
  worker.on('error', fallBack);
  worker.on('exit', (code) => fallBack(new Error(`checkpointer exited (${code})`)));
  return {
    get last() {
      return last;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
      // Held again while it closes: an unreferenced worker's exit would not keep an otherwise idle process
      // waiting for it (a server that never got its port would end with this wait unsettled).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
