// Reads an agency's bulk file as submission bodies, row by row: CSV (UTF-8 or GB18030), NDJSON, or the first
// sheet of an XLSX workbook laid out like the CSV. A bad header is fatal before any row; a bad row is a reject.
import { createInterface } from 'node:readline';
import { PassThrough, type Readable, Transform } from 'node:stream';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { RecordType } from '../../domain/catalog/schema.js';
import type { FieldError } from '../../domain/errors.js';
import { checkHeader, rowReader } from '../../domain/records/cells.js';

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

/**
 * Text, decoded across chunk boundaries: a character split between two reads (every Chinese character is 3 bytes
 * in UTF-8, 2 or 4 in GB18030) must not be decoded half by half.
 */
function decoded(input: Readable, encoding: ImportEncoding): Readable {
  const out = encoding === 'utf8' ? utf8Text() : (iconv.decodeStream('gb18030') as unknown as Transform);
  input.on('error', (e) => out.destroy(e));
  return input.pipe(out);
}

/**
 * UTF-8 by TextDecoder, which decodes a file of Chinese text in half the time the stream's own decoder takes
 * (a tenth of a check worker's time went there). Malformed bytes become U+FFFD, as they did.
 */
function utf8Text(): Transform {
  const decoder = new TextDecoder('utf-8');
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      const text = decoder.decode(chunk, { stream: true });
      if (text !== '') this.push(text);
      done();
    },
    flush(done) {
      const text = decoder.decode();
      if (text !== '') this.push(text);
      done();
    },
  });
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

async function* inArrays<T, U = T>(
  items: AsyncIterable<T>,
  map: (item: T) => U = (item) => item as unknown as U,
  size = 500,
): AsyncGenerator<U[]> {
  let out: U[] = [];
  for await (const item of items) {
    out.push(map(item));
    if (out.length >= size) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

type TabularRow = { cells: string[]; error?: string };

async function* tabularRows(
  batches: AsyncIterable<TabularRow[]>,
  type: RecordType,
): AsyncGenerator<SourceRow[]> {
  let header: string[] | undefined;
  let read: ReturnType<typeof rowReader> | undefined;
  let rowNumber = 0;
  for await (const batch of batches) {
    const out: SourceRow[] = [];
    for (const { cells, error } of batch) {
      rowNumber++;
      if (!header) {
        header = cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
        const problems = checkHeader(type, header);
        if (problems.length)
          throw new ImportFatalError(`bad header: ${problems.map((p) => p.reason).join('; ')}`);
        read = rowReader(type, header);
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      if (error) {
        out.push({
          rowNumber,
          raw: cells,
          errors: [{ pointer: '/', reason: `the row cannot be read as CSV: ${error}` }],
        });
        continue;
      }
      const { body, errors } = read!(cells);
      out.push({ rowNumber, raw: cells, body, errors });
    }
    if (out.length > 0) yield out;
  }
  if (!header) throw new ImportFatalError('the file is empty: it needs a header row');
}

/**
 * CSV through Papa Parse (RFC 4180 quoting, several times faster than the alternatives measured), row by row with
 * backpressure: the parser pauses while a full array of rows waits to be taken. A row the parser cannot read
 * (an unterminated quote) is rejected with the parser's reason, not dropped.
 */
async function* papaRows(input: Readable): AsyncGenerator<{ cells: string[]; error?: string }[]> {
  const max = 1000;
  let buffer: { cells: string[]; error?: string }[] = [];
  let done = false;
  let failed: unknown;
  let paused: Papa.Parser | undefined;
  let wake: (() => void) | undefined;
  Papa.parse<string[]>(input as unknown as Papa.LocalFile, {
    delimiter: ',',
    skipEmptyLines: false,
    step: (results, parser) => {
      const error = results.errors[0];
      buffer.push({ cells: results.data, ...(error ? { error: `${error.message} (${error.code})` } : {}) });
      if (buffer.length >= max) {
        paused = parser;
        parser.pause();
      }
      wake?.();
    },
    complete: () => {
      done = true;
      wake?.();
    },
    error: (err: Error) => {
      failed = err;
      wake?.();
    },
  });
  for (;;) {
    if (failed) throw failed;
    if (buffer.length > 0) {
      const out = buffer;
      buffer = [];
      const p = paused;
      paused = undefined;
      p?.resume();
      yield out;
      continue;
    }
    if (done) return;
    await new Promise<void>((r) => (wake = r));
    wake = undefined;
  }
}

async function* csvRows(input: Readable, type: RecordType): AsyncGenerator<SourceRow[]> {
  try {
    yield* tabularRows(papaRows(input), type);
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
  // Loaded when a workbook comes: exceljs takes a third of a second to load, which a CSV import should not pay.
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
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
    yield* tabularRows(
      inArrays(sheetRows(), (cells) => ({ cells })),
      type,
    );
  } catch (err) {
    if (err instanceof ImportFatalError) throw err;
    throw new ImportFatalError(`the XLSX workbook cannot be read: ${(err as Error).message}`);
  }
}
