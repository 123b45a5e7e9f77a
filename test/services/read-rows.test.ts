// Reading a bulk file's text: UTF-8 decoded across reads (a Chinese character is three bytes, and a read may end
// in the middle of one), a byte order mark dropped, malformed bytes read as U+FFFD rather than refused.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkedBatches } from '../../src/services/imports/checked-batches.js';
import { readRows } from '../../src/services/imports/read-rows.js';
import { penaltyRows, toCsv } from '../support/bulk-files.js';
import { testCatalog } from '../support/stores.js';

const type = testCatalog().recordTypes.get('administrative.penalty')!;

async function cellsOf(bytes: Buffer, chunk: number): Promise<string[][]> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  const out: string[][] = [];
  for await (const rows of readRows(Readable.from(pieces), { format: 'csv', encoding: 'utf8', type }))
    for (const r of rows) out.push(r.raw);
  return out;
}

describe('reading a UTF-8 file', () => {
  const rows = penaltyRows(1, 3, 'U');
  const csv = toCsv('administrative.penalty', rows);

  it('decodes characters split between reads, at every split', async () => {
    const whole = await cellsOf(Buffer.from(csv), csv.length * 4);
    expect(whole.map((c) => c[1])).toEqual(rows.map((r) => r.subjectName));
    for (const chunk of [1, 2, 5, 7]) expect(await cellsOf(Buffer.from(csv), chunk)).toEqual(whole);
  });

  it('drops a byte order mark and reads a malformed byte as U+FFFD', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]);
    expect(await cellsOf(withBom, 3)).toEqual(await cellsOf(Buffer.from(csv), 3));
    const name = Buffer.from(rows[0]!.subjectName!);
    const bad = Buffer.from(csv.replace(rows[0]!.subjectName!, 'X'.repeat(name.length)));
    const at = bad.indexOf('X'.repeat(name.length));
    name.copy(bad, at);
    bad[at] = 0xff; // not a UTF-8 byte
    const [first] = await cellsOf(bad, 4);
    expect(first![1]).toBe(`\uFFFD${name.subarray(1).toString('utf8')}`);
  });
});

describe('checked batches', () => {
  const options = {
    format: 'csv' as const,
    encoding: 'utf8' as const,
    typeCode: 'administrative.penalty',
    agency: 'samr',
    now: '2026-01-01T00:00:00.000Z',
    batchSize: 10,
  };
  const csv = toCsv('administrative.penalty', penaltyRows(1, 30, 'B'));
  const sizes = async (firstBatchSize?: number) => {
    const out: number[] = [];
    for await (const b of checkedBatches(Readable.from([Buffer.from(csv)]), testCatalog(), {
      ...options,
      firstBatchSize,
    }))
      out.push(b.rows);
    return out;
  };

  it('are batchSize rows, the last one what is left', async () => {
    expect(await sizes()).toEqual([10, 10, 10]);
  });

  it('start at firstBatchSize and double up to batchSize (a check worker starts its writer sooner)', async () => {
    expect(await sizes(2)).toEqual([2, 4, 8, 10, 6]);
    expect(await sizes(50)).toEqual([10, 10, 10]);
  });
});
