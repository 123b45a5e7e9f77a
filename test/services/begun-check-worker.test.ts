// A check worker told what to check before the store is open (beginChecking, as `xinyong import` does) is the one
// the import then takes its batches from — and only if it was told this import's file and options.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/principal.js';
import {
  beginChecking,
  checkImportSpec,
  createImportJob,
  prestartCheckWorker,
  runImport,
  WORKER_THRESHOLD_BYTES,
} from '../../src/services/imports/run-import.js';
import { findJob } from '../../src/store/imports.js';
import { penaltyRows, toCsv } from '../support/bulk-files.js';
import { countRows } from '../support/http.js';
import { DIALECTS, type TestContext, testContext } from '../support/stores.js';

const SAMR: Principal = { role: 'agency', agency: 'samr', actor: 'test:samr' };

describe.each(DIALECTS)('a check worker begun ahead on %s', (dialect) => {
  let dir: string;
  let file: string;
  let t: TestContext;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xinyong-begun-'));
    file = join(dir, 'penalties.csv');
    writeFileSync(file, toCsv('administrative.penalty', penaltyRows(1, 9000, 'W')));
    expect(statSync(file).size).toBeGreaterThan(WORKER_THRESHOLD_BYTES);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    t = await testContext(dialect);
  });
  afterEach(async () => t.close());

  const begin = (batchSize: number) => {
    const worker = prestartCheckWorker();
    beginChecking(
      worker,
      t.ctx.catalog,
      file,
      {
        format: 'csv',
        encoding: 'utf8',
        typeCode: 'administrative.penalty',
        agency: 'samr',
        now: t.clock.now(),
        batchSize,
      },
      dialect === 'postgres',
    );
    return worker;
  };
  const job = () =>
    createImportJob(
      t.ctx,
      SAMR,
      checkImportSpec(t.ctx.catalog, SAMR, {
        type: 'administrative.penalty',
        format: 'csv',
        encoding: 'utf8',
        fileName: file,
      }),
    );

  it('gives the import its batches: every row stored once', async () => {
    const worker = begin(2000);
    const done = await runImport(t.ctx, SAMR, (await job()).id, { path: file }, { checkWorker: worker });
    expect(done).toMatchObject({ state: 'done', total_rows: 9000, stored: 9000, duplicates: 0, rejected: 0 });
  });

  it('is refused by an import it was not begun for, naming what differs; nothing is stored', async () => {
    const worker = begin(1000);
    const queued = await job();
    try {
      await expect(
        runImport(t.ctx, SAMR, queued.id, { path: file }, { checkWorker: worker, batchSize: 2000 }),
      ).rejects.toThrow('the check worker was begun for another import (its batchSize differ)');
    } finally {
      await worker.terminate();
    }
    expect((await findJob(t.ctx.store.db, queued.id))?.state).toBe('queued');
    expect(await countRows(t.ctx, 'records')).toBe(0);
  });
});
