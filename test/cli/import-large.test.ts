// A file large enough to be read and checked in the worker thread: rows still end up stored, already on file, or
// in the rejects file with their cells as sent — also when storage, not the check, refuses them.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penaltyRows, toCsv, withBadId } from '../support/bulk-files.js';
import { runCli } from '../support/cli.js';
import { DIALECTS, freshDatabase, type TestStore } from '../support/stores.js';

describe.each(DIALECTS)('a large import (worker thread) on %s', (dialect) => {
  let db: TestStore;
  let dir: string;
  beforeAll(async () => {
    db = await freshDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'xinyong-large-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every row, and keeps the cells of rows refused at check and at storage', async () => {
    const rows = penaltyRows(1, 9000, 'L');
    const first = join(dir, 'first.csv');
    writeFileSync(first, toCsv('administrative.penalty', rows));
    expect(statSync(first).size).toBeGreaterThan(4 * 1024 * 1024);
    const one = await runCli([
      'import',
      first,
      '--type',
      'administrative.penalty',
      '--agency',
      'samr',
      '--db',
      db.url,
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ rows: 9000, stored: 9000, duplicates: 0, rejected: 0 });
    // What the worker encoded for the writer (on PostgreSQL, the rows' COPY text) is what was checked: every
    // stored record still hashes to its content hash and its audit entry.
    const verified = await runCli(['verify', '--db', db.url]);
    expect(verified.code, verified.stderr).toBe(0);

    // Row 101 (file row 102) changes content under the same externalId; row 4001 has a bad identifier.
    const changed = rows.map((r, i) =>
      i === 100 ? { ...r, fields: { ...r.fields, fineAmount: 1 } } : i === 4000 ? withBadId(r) : r,
    );
    const second = join(dir, 'second.csv');
    const rejects = join(dir, 'second.rejects.csv');
    writeFileSync(second, toCsv('administrative.penalty', changed));
    const two = await runCli([
      'import',
      second,
      '--type',
      'administrative.penalty',
      '--agency',
      'samr',
      '--db',
      db.url,
      '--rejects',
      rejects,
    ]);
    expect(two.code, two.stderr).toBe(2);
    expect(JSON.parse(two.stdout)).toMatchObject({ rows: 9000, stored: 0, duplicates: 8998, rejected: 2 });
    const lines = readFileSync(rejects, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('rowNumber,reason,row');
    expect(lines[1]).toMatch(/^102,"?\/externalId: externalId L-101 already holds different content/);
    expect(lines[1]).toContain(changed[100]!.subjectId);
    expect(lines[1]).toContain('L-101');
    expect(lines[2]).toMatch(/^4002,"?\/subject\/id: check character is/);
  });
});
