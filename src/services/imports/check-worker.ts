// Reads and checks an import file on the other core, ahead of the writer on the main thread. The cells of the
// rows it passes stay here, for a few batches, in case storage refuses one and the rejects file needs it.
import { createReadStream } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { oneTypeView } from '../../domain/catalog/one-type.js';
import type { RecordType } from '../../domain/catalog/schema.js';
import { runBehindMainThread } from '../workers.js';
import { type CheckOptions, checkedBatches, packBatch } from './checked-batches.js';
import { ImportFatalError } from './read-rows.js';

/** What the worker checks: sent first, once the importing thread has its catalog (the worker starts before). */
export type WorkerOptions = CheckOptions & { path: string; recordType: RecordType; copyTails: boolean };

export type ToWorker =
  | { kind: 'start'; options: WorkerOptions }
  | { kind: 'ack' }
  | { kind: 'raw'; id: number; rowNumbers: number[] };
export type FromWorker =
  | { kind: 'batch'; batch: ReturnType<typeof packBatch> }
  | { kind: 'raw'; id: number; rows: [number, string[]][] }
  | { kind: 'end' }
  | { kind: 'failed'; fatal: boolean; message: string };

const CREDIT = 2; // batches the writer may have waiting
// Batches whose cells are kept: those waiting, the one the writer holds while it writes the one before (whose
// reads it makes meanwhile), that one, and a margin.
const KEEP = CREDIT + 4;

runBehindMainThread();
const port = parentPort!;
// The record type comes from the importing thread's catalog, validated there with the rest. Started before that
// catalog is loaded, the worker loads its own modules meanwhile, and waits here for it.
const data = await new Promise<WorkerOptions>((resolve) =>
  port.once('message', (m: ToWorker) => {
    if (m.kind === 'start') resolve(m.options);
  }),
);
const send = (m: FromWorker) => port.postMessage(m);
let credit = CREDIT;
let resume: (() => void) | undefined;
const recent: Map<number, string[]>[] = [];

port.on('message', (m: ToWorker) => {
  if (m.kind === 'start') return;
  if (m.kind === 'raw') {
    const rows: [number, string[]][] = [];
    for (const n of m.rowNumbers) {
      const cells = recent.find((batch) => batch.has(n))?.get(n);
      if (cells) rows.push([n, cells]);
    }
    send({ kind: 'raw', id: m.id, rows });
    return;
  }
  credit++;
  resume?.();
});

try {
  for await (const batch of checkedBatches(createReadStream(data.path), oneTypeView(data.recordType), data)) {
    while (credit === 0) await new Promise<void>((r) => (resume = r));
    credit--;
    recent.push(new Map(batch.good.map((g) => [g.rowNumber, g.raw!])));
    if (recent.length > KEEP) recent.shift();
    const packed = packBatch(batch, data.copyTails);
    // The tails' memory moves to the writer's thread instead of being copied there.
    port.postMessage({ kind: 'batch', batch: packed } satisfies FromWorker, [
      ...(packed.tails ? [packed.tails.bytes.buffer, packed.tails.ends.buffer] : []),
    ]);
  }
  send({ kind: 'end' });
} catch (err) {
  send({ kind: 'failed', fatal: err instanceof ImportFatalError, message: (err as Error).message });
}
