// Credit files are answered from a read model; it must not answer stale: a write by this process shows in the
// next read, one by another process on the same store (a CLI import, a second server) within
// OTHER_PROCESS_STALENESS_MS, and every read is logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRecordSubmission } from '../../src/domain/records/submission.js';
import { ingestRecords } from '../../src/services/ingest-records.js';
import { OTHER_PROCESS_STALENESS_MS } from '../../src/store/data-version.js';
import { openStore } from '../../src/store/database.js';
import {
  auditSize,
  bearer,
  postRecord,
  recordBody,
  type TestApp,
  testApp,
  tokenFor,
} from '../support/http.js';
import { company } from '../support/identifiers.js';
import { DIALECTS, testCatalog } from '../support/stores.js';

describe.each(DIALECTS)('the file read model on %s', (dialect) => {
  let t: TestApp;
  let samr: string;
  beforeAll(async () => {
    t = await testApp(dialect);
    samr = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
  });
  afterAll(async () => t?.close());

  const read = async () => {
    const res = await t.app.inject({ url: `/api/v1/subjects/${company(901)}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { records: { externalId: string }[]; generatedAt: string };
  };

  it('shows a write through the API in the next read', async () => {
    expect(
      (
        await postRecord(
          t.app,
          samr,
          recordBody({ subject: company(901), name: '缓存测试有限公司', externalId: 'C-1' }),
        )
      ).statusCode,
    ).toBe(201);
    expect((await read()).records.map((r) => r.externalId)).toEqual(['C-1']);
    const before = await auditSize(t.ctx);
    const again = await read();
    expect(again.records).toHaveLength(1);
    // Answered from memory, but logged all the same.
    expect(await auditSize(t.ctx)).toBe(before + 1);
    expect(
      (
        await postRecord(
          t.app,
          samr,
          recordBody({ subject: company(901), externalId: 'C-2', occurredAt: '2025-07-01' }),
        )
      ).statusCode,
    ).toBe(201);
    expect((await read()).records.map((r) => r.externalId).sort()).toEqual(['C-1', 'C-2']);
  });

  it('shows a write made by another process on the same store within the staleness bound', async () => {
    expect((await read()).records).toHaveLength(2);
    const other = await openStore(t.url);
    try {
      const body = recordBody({ subject: company(901), externalId: 'C-3', occurredAt: '2025-08-01' });
      const checked = checkRecordSubmission(testCatalog(), 'samr', body, t.clock.now());
      if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
      await ingestRecords(
        { store: other, catalog: testCatalog(), clock: t.clock },
        { role: 'agency', agency: 'samr', actor: 'other-process' },
        [checked.value],
        { mode: 'single' },
      );
    } finally {
      await other.close();
    }
    await new Promise((r) => setTimeout(r, OTHER_PROCESS_STALENESS_MS));
    expect((await read()).records.map((r) => r.externalId).sort()).toEqual(['C-1', 'C-2', 'C-3']);
  });

  it('answers each caller class with its own view', async () => {
    const operator = await tokenFor(t.ctx, { role: 'operator' });
    const res = await t.app.inject({ url: `/api/v1/subjects/${company(901)}`, headers: bearer(operator) });
    expect(res.json()).toMatchObject({ view: 'operator' });
    expect((await t.app.inject({ url: `/api/v1/subjects/${company(901)}` })).json()).toMatchObject({
      view: 'public',
    });
  });
});
