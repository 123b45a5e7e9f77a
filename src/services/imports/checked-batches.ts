// Rows of a bulk file, read and checked against the catalog, in batches: what the writer stores (or rejects).
// Pure work on the stream and the domain, so it runs the same in a worker thread or in-process.
import type { Readable } from 'node:stream';
import type { RecordTypesView } from '../../domain/catalog/view.js';
import type { SubjectKind } from '../../domain/identifiers/identifier.js';
import { checkRecordSubmission, type NormalizedRecord } from '../../domain/records/submission.js';
import { type EncodedTails, encodeTails, tailAt } from '../../store/copy-format.js';
import { type ImportEncoding, type ImportFormat, readRows } from './read-rows.js';

export interface RejectedRow {
  rowNumber: number;
  reason: string;
  raw: string[];
}

/**
 * A row that passed its checks. Its cells are kept for the rejects file should storage refuse it; from the check
 * worker they stay in the worker and are fetched only for such a row.
 */
export interface CheckedRow {
  row: NormalizedRecord;
  rowNumber: number;
  raw?: string[];
  /** The row's tail in PostgreSQL's COPY format, where the check worker encoded it (see store/copy-format). */
  copyTail?: Uint8Array;
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
  /**
   * The first batch's rows, doubled each batch up to batchSize: a check worker's first rows run on cold code, and
   * the writer waits for them; a small first batch starts it a tenth of a second sooner. Default: batchSize.
   */
  firstBatchSize?: number;
}

export async function* checkedBatches(
  input: Readable,
  catalog: RecordTypesView,
  o: CheckOptions,
): AsyncGenerator<CheckedBatch> {
  let bytes = 0;
  let size = Math.max(1, Math.min(o.batchSize, o.firstBatchSize ?? o.batchSize));
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
          raw: source.raw,
        });
      else {
        const errors = checked ? (checked.ok ? [] : checked.errors) : source.errors;
        batch.rejects.push({
          rowNumber: source.rowNumber,
          reason: errors.map((e) => `${e.pointer}: ${e.reason}`).join('; '),
          raw: source.raw,
        });
      }
      if (batch.rows >= size) {
        size = Math.min(o.batchSize, size * 2);
        batch.bytes = bytes;
        yield batch;
        batch = { rows: 0, bytes: 0, good: [], rejects: [] };
      }
    }
  }
  batch.bytes = bytes;
  if (batch.rows > 0) yield batch;
}

/** A checked row as a tuple: objects cost several times more than arrays to pass between threads. */
type RowTuple = [
  rowNumber: number,
  type: string,
  identifier: string,
  scheme: string,
  kind: string,
  region: string | null,
  name: string | null,
  agency: string,
  externalId: string,
  occurredAt: string,
  fields: string,
  contentHash: string,
  publicationEndsAt: string | null,
  retentionEndsAt: string,
  correctionReason: string | null,
];

export interface PackedBatch {
  rows: number;
  bytes: number;
  good: RowTuple[];
  rejects: RejectedRow[];
  /** The good rows' COPY tails, for a writer on PostgreSQL: encoded here, on the worker's core. */
  tails?: EncodedTails;
}

export function packBatch(b: CheckedBatch, withTails = false): PackedBatch {
  return {
    rows: b.rows,
    bytes: b.bytes,
    rejects: b.rejects,
    ...(withTails ? { tails: encodeTails(b.good.map((g) => g.row)) } : {}),
    good: b.good.map(({ row: r, rowNumber }) => [
      rowNumber,
      r.type,
      r.subject.identifier,
      r.subject.scheme,
      r.subject.kind,
      r.subject.region,
      r.subject.name,
      r.agency,
      r.externalId,
      r.occurredAt,
      r.fields,
      r.contentHash,
      r.publicationEndsAt,
      r.retentionEndsAt,
      r.correctionReason,
    ]),
  };
}

export function unpackBatch(p: PackedBatch): CheckedBatch {
  return {
    rows: p.rows,
    bytes: p.bytes,
    rejects: p.rejects,
    good: p.good.map((t, i) => ({
      rowNumber: t[0],
      ...(p.tails ? { copyTail: tailAt(p.tails, i) } : {}),
      row: {
        type: t[1],
        subject: { identifier: t[2], scheme: t[3], kind: t[4] as SubjectKind, region: t[5], name: t[6] },
        agency: t[7],
        externalId: t[8],
        occurredAt: t[9],
        fields: t[10],
        contentHash: t[11],
        publicationEndsAt: t[12],
        retentionEndsAt: t[13],
        correctionReason: t[14],
      },
    })),
  };
}
