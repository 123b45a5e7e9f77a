// Rows of a bulk file, read and checked against the catalog, in batches: what the writer stores (or rejects).
// Pure work on the stream and the domain, so it runs the same in a worker thread or in-process.
import type { Readable } from 'node:stream';
import type { CatalogView } from '../../domain/catalog/view.js';
import { checkRecordSubmission, type NormalizedRecord } from '../../domain/records/submission.js';
import { type ImportEncoding, type ImportFormat, readRows } from './read-rows.js';

export interface RejectedRow {
  rowNumber: number;
  reason: string;
  raw: string[];
}

/** A row that passed its checks, with its cells as JSON text (one string crosses threads far cheaper than an
 * array), for the rejects file should storage refuse it. */
export interface CheckedRow {
  row: NormalizedRecord;
  rowNumber: number;
  rawJson: string;
}

export interface CheckedBatch {
  /** Rows read in this batch (stored or rejected). */
  rows: number;
  /** Bytes of the file read so far. */
  bytes: number;
  good: CheckedRow[];
  rejects: RejectedRow[];
}

export interface CheckOptions {
  format: ImportFormat;
  encoding: ImportEncoding;
  typeCode: string;
  agency: string;
  /** The time the import runs at (for "not in the future" checks). */
  now: string;
  batchSize: number;
}

export async function* checkedBatches(
  input: Readable,
  catalog: CatalogView,
  o: CheckOptions,
): AsyncGenerator<CheckedBatch> {
  let bytes = 0;
  let batch: CheckedBatch = { rows: 0, bytes: 0, good: [], rejects: [] };
  const rows = readRows(input, {
    format: o.format,
    encoding: o.encoding,
    type: catalog.recordTypes.get(o.typeCode)!,
    onBytes: (n) => {
      bytes += n;
    },
  });
  for await (const sources of rows) {
    for (const source of sources) {
      batch.rows++;
      const checked = source.errors.length
        ? undefined
        : checkRecordSubmission(catalog, o.agency, source.body, o.now);
      if (checked?.ok)
        batch.good.push({
          row: checked.value,
          rowNumber: source.rowNumber,
          rawJson: JSON.stringify(source.raw),
        });
      else {
        const errors = checked ? (checked.ok ? [] : checked.errors) : source.errors;
        batch.rejects.push({
          rowNumber: source.rowNumber,
          reason: errors.map((e) => `${e.pointer}: ${e.reason}`).join('; '),
          raw: source.raw,
        });
      }
      if (batch.rows >= o.batchSize) {
        batch.bytes = bytes;
        yield batch;
        batch = { rows: 0, bytes: 0, good: [], rejects: [] };
      }
    }
  }
  batch.bytes = bytes;
  if (batch.rows > 0) yield batch;
}
