// Where the decision log's pages go: on PostgreSQL through the store (asynchronous already); on SQLite to a
// worker thread with its own connection (see decision-writer.worker.ts), started at the first write.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../services/workers.js';
import type { Store } from '../store/database.js';
import { type DecisionCount, type DecisionPageRow, writeDecisionPages } from '../store/decisions.js';
import type { WriteReply, WriteRequest } from './decision-writer.worker.js';

export interface DecisionWriter {
  /** Writes the pages and adds the counts, all or none. */
  write(pages: DecisionPageRow[], counts: DecisionCount[]): Promise<void>;
  close(): Promise<void>;
}

export function decisionWriter(store: Store): DecisionWriter {
  if (store.dialect !== 'sqlite') {
    return { write: (pages, counts) => writeDecisionPages(store, pages, counts), close: async () => {} };
  }
  return new WorkerWriter(store.location);
}

class WorkerWriter implements DecisionWriter {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  constructor(private readonly path: string) {}

  private start(): Worker {
    const worker = startWorker('check/decision-writer.worker', { path: this.path });
    // Not what keeps a process alive: whoever owns the log closes it, which waits for the writes.
    worker.unref();
    worker.on('message', (m: WriteReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error === undefined) p.resolve();
      else p.reject(new Error(`decision log write: ${m.error}`));
    });
    const fail = (err: Error) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`decision log writer exited (${code})`)));
    return worker;
  }

  write(pages: DecisionPageRow[], counts: DecisionCount[]): Promise<void> {
    this.worker ??= this.start();
    const id = ++this.nextId;
    const request: WriteRequest = { id, pages, counts };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
