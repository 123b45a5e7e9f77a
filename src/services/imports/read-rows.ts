// Reads an agency's bulk file as submission bodies, row by row: CSV (UTF-8 or GB18030), NDJSON, or the first
// sheet of an XLSX workbook laid out like the CSV. A bad header is fatal before any row; a bad row is a reject.
import { createInterface } from 'node:readline';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { RecordType } from '../../domain/catalog/schema.js';
import type { FieldError } from '../../domain/errors.js';
import { checkHeader, rowToSubmission } from '../../domain/records/cells.js';

export const IMPORT_FORMATS = ['csv', 'ndjson', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_ENCODINGS = ['utf8', 'gb18030'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export interface SourceRow {
  rowNumber: number;
  /** The row as it was, for the rejects file: cells for CSV/XLSX, the line for NDJSON. */
  raw: string[];
  body?: Record<string, unknown>;
  errors: FieldError[];
}

export class ImportFatalError extends Error {}

export function formatFromName(name: string): ImportFormat | undefined {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'xlsx') return 'xlsx';
  return undefined;
}

function counting(input: Readable, onBytes: (n: number) => void): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onBytes(chunk.length);
      cb(null, chunk);
    },
  });
  input.on('error', (e) => counter.destroy(e));
  return input.pipe(counter);
}

function decoded(input: Readable, encoding: ImportEncoding): Readable {
  if (encoding === 'utf8') return input;
  const out = iconv.decodeStream('gb18030') as unknown as Transform;
  input.on('error', (e) => out.destroy(e));
  return input.pipe(out);
}

export interface ReadOptions {
  format: ImportFormat;
  encoding: ImportEncoding;
  type: RecordType;
  onBytes?: (n: number) => void;
}

/** The rows of the file in arrays, as they come off the parser (per-row async iteration costs more than the rows). */
export function readRows(input: Readable, options: ReadOptions): AsyncGenerator<SourceRow[]> {
  const source = options.onBytes ? counting(input, options.onBytes) : input.pipe(new PassThrough());
  if (options.format === 'ndjson') return ndjsonRows(decoded(source, options.encoding), options.type);
  if (options.format === 'xlsx') return xlsxRows(source, options.type);
  return csvRows(decoded(source, options.encoding), options.type);
}

/** Whatever an object-mode stream has buffered, as arrays; pauses the stream while a full array waits. */
async function* drained<T>(stream: Readable, max = 1000): AsyncGenerator<T[]> {
  let buffer: T[] = [];
  let ended = false;
  let failed: unknown;
  let wake: (() => void) | undefined;
  stream.on('data', (d: T) => {
    buffer.push(d);
    if (buffer.length >= max) stream.pause();
    wake?.();
  });
  stream.once('end', () => {
    ended = true;
    wake?.();
  });
  stream.once('error', (e) => {
    failed = e;
    wake?.();
  });
  for (;;) {
    if (failed) throw failed;
    if (buffer.length > 0) {
      const out = buffer;
      buffer = [];
      stream.resume();
      yield out;
      continue;
    }
    if (ended) return;
    await new Promise<void>((r) => (wake = r));
    wake = undefined;
  }
}

async function* inArrays<T>(items: AsyncIterable<T>, size = 500): AsyncGenerator<T[]> {
  let out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= size) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

async function* tabularRows(
  batches: AsyncIterable<string[][]>,
  type: RecordType,
): AsyncGenerator<SourceRow[]> {
  let header: string[] | undefined;
  let rowNumber = 0;
  for await (const batch of batches) {
    const out: SourceRow[] = [];
    for (const cells of batch) {
      rowNumber++;
      if (!header) {
        header = cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
        const problems = checkHeader(type, header);
        if (problems.length)
          throw new ImportFatalError(`bad header: ${problems.map((p) => p.reason).join('; ')}`);
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      const { body, errors } = rowToSubmission(type, header, cells);
      out.push({ rowNumber, raw: cells, body, errors });
    }
    if (out.length > 0) yield out;
  }
  if (!header) throw new ImportFatalError('the file is empty: it needs a header row');
}

async function* csvRows(input: Readable, type: RecordType): AsyncGenerator<SourceRow[]> {
  const parser = parseCsv({
    bom: true,
    relax_column_count: true,
    relax_quotes: false,
    skip_empty_lines: false,
  });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  try {
    yield* tabularRows(drained<string[]>(parser), type);
  } catch (err) {
    if (err instanceof ImportFatalError) throw err;
    throw new ImportFatalError(`the CSV cannot be read: ${(err as Error).message}`);
  }
}

function ndjsonRow(line: string, rowNumber: number, type: RecordType): SourceRow {
  let body: unknown;
  try {
    body = JSON.parse(line);
  } catch (err) {
    return {
      rowNumber,
      raw: [line],
      errors: [{ pointer: '/', reason: `not valid JSON: ${(err as Error).message}` }],
    };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { rowNumber, raw: [line], errors: [{ pointer: '/', reason: 'each line must be a JSON object' }] };
  }
  const b = body as Record<string, unknown>;
  if (b.type === undefined) b.type = type.code;
  if (b.type !== type.code) {
    return {
      rowNumber,
      raw: [line],
      errors: [
        { pointer: '/type', reason: `this import is of ${type.code}, the line says ${String(b.type)}` },
      ],
    };
  }
  return { rowNumber, raw: [line], body: b, errors: [] };
}

async function* ndjsonRows(input: Readable, type: RecordType): AsyncGenerator<SourceRow[]> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let rowNumber = 0;
  for await (const batch of inArrays(lines)) {
    const out: SourceRow[] = [];
    for (const line of batch) {
      rowNumber++;
      const text = rowNumber === 1 ? line.replace(/^\uFEFF/, '') : line;
      if (text.trim() !== '') out.push(ndjsonRow(text, rowNumber, type));
    }
    if (out.length > 0) yield out;
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
}

async function* xlsxRows(input: Readable, type: RecordType): AsyncGenerator<SourceRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  async function* sheetRows(): AsyncGenerator<string[]> {
    for await (const sheet of reader) {
      let expected = 1;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        // Blank rows are skipped by the reader; keep numbering true to the sheet.
        for (; expected < row.number; expected++) yield [];
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        yield values.map(cellText);
        expected = row.number + 1;
      }
      return; // the first sheet only
    }
  }
  try {
    yield* tabularRows(inArrays(sheetRows()), type);
  } catch (err) {
    if (err instanceof ImportFatalError) throw err;
    throw new ImportFatalError(`the XLSX workbook cannot be read: ${(err as Error).message}`);
  }
}
