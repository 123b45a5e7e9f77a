// A record always names a subject on file (migration 0012): on PostgreSQL a statement check stands in for the
// foreign key, on SQLite the key itself; on both, subjects are never deleted or renumbered and a record never
// changes subject. Each is tried through the bulk path (COPY on PostgreSQL) and a single row.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/principal.js';
import { checkRecordSubmission } from '../../src/domain/records/submission.js';
import { ingestRecords } from '../../src/services/ingest-records.js';
import { bulkWriter } from '../../src/store/bulk-writer.js';
import type { NewRecordRow } from '../../src/store/schema.js';
import { countRows } from '../support/http.js';
import { company } from '../support/identifiers.js';
import { DIALECTS, type TestContext, testContext } from '../support/stores.js';

const SAMR: Principal = { role: 'agency', agency: 'samr', actor: 'test:samr' };

describe.each(DIALECTS)('subjects of records on %s', (dialect) => {
  let t: TestContext;
  let subjectId: number;
  let recordId: number;
  beforeEach(async () => {
    t = await testContext(dialect);
    const example = t.ctx.catalog.recordTypes.get('administrative.penalty')!.example;
    const c = checkRecordSubmission(
      t.ctx.catalog,
      'samr',
      {
        type: 'administrative.penalty',
        subject: { id: company(1), name: '苏州示例有限公司' },
        externalId: 'first',
        occurredAt: '2026-02-01',
        fields: example,
      },
      t.clock.now(),
    );
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const [out] = await ingestRecords(t.ctx, SAMR, [c.value], { mode: 'single' });
    if (out?.status !== 'created') throw new Error(`not stored: ${JSON.stringify(out)}`);
    subjectId = out.record.subject_id;
    recordId = out.record.id;
  });
  afterEach(async () => t.close());

  const row = (i: number, subject: number): NewRecordRow => ({
    type: 'administrative.penalty',
    subject_id: subject,
    agency: 'samr',
    external_id: `bulk-${i}`,
    version: 1,
    occurred_at: '2026-02-01T00:00:00.000Z',
    fields: '{}',
    content_hash: `h${i}`,
    submitted_at: t.clock.now(),
    publication_ends_at: null,
    retention_ends_at: '2031-02-01',
    superseded_at: null,
    correction_reason: null,
    audit_seq: 0,
  });
  const insert = (rows: NewRecordRow[]) =>
    t.ctx.store.db.transaction().execute((trx) => bulkWriter(trx, t.ctx.store).insertRecords(rows));
  const count = () => countRows(t.ctx, 'records');

  it('takes a batch whose subjects are all on file', async () => {
    await insert(Array.from({ length: 100 }, (_, i) => row(i, subjectId)));
    expect(await count()).toBe(101);
  });

  it('refuses a bulk batch with one row naming no subject, and stores none of it', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => row(i, subjectId));
    rows[57] = row(57, subjectId + 1000);
    await expect(insert(rows)).rejects.toThrow(
      dialect === 'postgres' ? `records.subject_id ${subjectId + 1000} names no subject` : /FOREIGN KEY/,
    );
    expect(await count()).toBe(1);
  });

  it('refuses a single row naming no subject', async () => {
    await expect(insert([row(1, subjectId + 1000)])).rejects.toThrow(
      dialect === 'postgres' ? 'names no subject' : /FOREIGN KEY/,
    );
    expect(await count()).toBe(1);
  });

  it('never moves a record to another subject', async () => {
    await expect(
      t.ctx.store.db
        .updateTable('records')
        .set({ subject_id: subjectId + 1 })
        .where('id', '=', recordId)
        .execute(),
    ).rejects.toThrow('a record never changes subject');
    // Updating anything else of a record is untouched by the rule.
    await t.ctx.store.db
      .updateTable('records')
      .set({ superseded_at: t.clock.now() })
      .where('id', '=', recordId)
      .execute();
  });

  it('never deletes or renumbers a subject', async () => {
    await expect(sql`delete from subjects where id = ${subjectId}`.execute(t.ctx.store.db)).rejects.toThrow(
      'subjects are never deleted or renumbered',
    );
    await expect(
      sql`update subjects set id = ${subjectId + 1000} where id = ${subjectId}`.execute(t.ctx.store.db),
    ).rejects.toThrow('subjects are never deleted or renumbered');
    // A name filled in later is an ordinary update.
    await sql`update subjects set name = ${'苏州新名有限公司'} where id = ${subjectId}`.execute(
      t.ctx.store.db,
    );
  });
});
