// Generates demo chunks on the other core while the main thread writes the previous one.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from '../../catalog/load.js';
import { DemoGenerator } from './generate.js';

const generator = new DemoGenerator(loadCatalog(), (workerData as { seed: number }).seed);
parentPort!.on('message', (m: { start: number; end: number }) => {
  parentPort!.postMessage(generator.chunk(m.start, m.end));
});
