import { createReadStream } from 'node:fs';
import { serialize } from 'node:v8';
import { loadCatalog } from './dist/catalog/load.js';
import { checkedBatches, packBatch } from './dist/services/imports/checked-batches.js';
const catalog = loadCatalog();
const opts = { format: 'csv', encoding: 'utf8', typeCode: 'administrative.penalty', agency: 'samr', now: new Date().toISOString(), batchSize: 2000 };
for (let r = 0; r < 3; r++) {
  const t = performance.now(); let rows = 0, bytes = 0; let ser = 0;
  const recent = [];
  for await (const b of checkedBatches(createReadStream('/tmp/scratch/pen.csv'), catalog, opts)) {
    rows += b.rows;
    recent.push(new Map(b.good.map((g) => [g.rowNumber, g.raw]))); if (recent.length > 5) recent.shift();
    const t1 = performance.now();
    bytes += serialize(packBatch(b)).length;
    ser += performance.now() - t1;
  }
  console.log('rows', rows, 'ms', (performance.now() - t).toFixed(0), 'serialize ms', ser.toFixed(0), 'MB', (bytes / 1e6).toFixed(0));
}
