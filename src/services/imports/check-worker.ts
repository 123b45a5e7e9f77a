// Reads and checks an import file on the other core, one batch ahead of the writer on the main thread.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from '../../catalog/load.js';
import { type CheckOptions, checkedBatches } from './checked-batches.js';
import { ImportFatalError } from './read-rows.js';

const data = workerData as CheckOptions & { path: string };
const port = parentPort!;
let credit = 2; // batches the writer may have waiting
let resume: (() => void) | undefined;
port.on('message', () => {
  credit++;
  resume?.();
});

try {
  for await (const batch of checkedBatches(createReadStream(data.path), loadCatalog(), data)) {
    while (credit === 0) await new Promise<void>((r) => (resume = r));
    credit--;
    port.postMessage({ kind: 'batch', batch });
  }
  port.postMessage({ kind: 'end' });
} catch (err) {
  port.postMessage({
    kind: 'failed',
    fatal: err instanceof ImportFatalError,
    message: (err as Error).message,
  });
}
