// The one write path behind the API, imports and demo data, on both stores: idempotency, conflicts, corrections
// as versions, subjects created on first write, relations and their end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/principal.js';
import { checkRecordSubmission, type NormalizedRecord } from '../../src/domain/records/submission.js';
import { checkRelation } from '../../src/domain/relations.js';
import { ingestRecords } from '../../src/services/ingest-records.js';
import { type BatchWritten, carryOver, readAhead } from '../../src/services/read-ahead.js';
import { ingestRelations } from '../../src/services/relations.js';
import { verifyLog } from '../../src/services/verify-log.js';
import { KnownSubjects } from '../../src/store/subjects.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, type TestContext, testContext } from '../support/stores.js';

const SAMR: Principal = { role: 'agency', agency: 'samr', actor: 'test:samr' };

describe.each(DIALECTS)('ingest on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await testContext(dialect);
  });
  afterEach(async () => t.close());

  function rec(
    externalId: string,
    subject: string,
    decisionNumber: string,
    agency = 'samr',
    correction?: string,
  ): NormalizedRecord {
    const example = t.ctx.catalog.recordTypes.get('administrative.penalty')!.example;
    const body = {
      type: 'administrative.penalty',
      subject: { id: subject, name: '北京测试科技有限公司' },
      externalId,
      occurredAt: '2026-02-01',
      fields: { ...example, decisionNumber },
      ...(correction ? { correction: { reason: correction } } : {}),
    };
    const c = checkRecordSubmission(t.ctx.catalog, agency, body, t.clock.now());
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    return c.value;
  }

  it('stores a batch, recognizes replays and in-batch repeats, refuses changed content, keeps corrections as versions', async () => {
    const first = await ingestRecords(
      t.ctx,
      SAMR,
      [rec('a', company(1), 'N1'), rec('b', company(1), 'N2'), rec('a', company(1), 'N1')],
      { mode: 'batch' },
    );
    expect(first.map((o) => o.status)).toEqual(['created', 'created', 'duplicate']);
    const aId = first[0]!.status === 'created' ? first[0]!.record.id : -1;
    expect(first[2]).toEqual({ status: 'duplicate', recordId: aId });

    const again = await ingestRecords(
      t.ctx,
      SAMR,
      [
        rec('a', company(1), 'N1'),
        rec('b', company(1), 'CHANGED'),
        rec('c', company(2), 'N3', 'samr', 'typo'),
      ],
      { mode: 'batch' },
    );
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'conflict', 'conflict']);
    expect(again[1]).toMatchObject({
      reason: expect.stringMatching(/already holds different content.*correction/),
    });
    expect(again[2]).toMatchObject({ reason: 'there is no record with externalId c to correct' });

    const corrected = await ingestRecords(
      t.ctx,
      SAMR,
      [rec('b', company(1), 'FIXED', 'samr', 'wrong decision number')],
      { mode: 'single' },
    );
    expect(corrected[0]).toMatchObject({
      status: 'corrected',
      record: { version: 2, correction_reason: 'wrong decision number' },
    });
    const versions = await t.ctx.store.db
      .selectFrom('records')
      .select(['version', 'superseded_at'])
      .where('external_id', '=', 'b')
      .orderBy('version')
      .execute();
    expect(versions).toHaveLength(2);
    expect(versions[0]!.superseded_at).not.toBeNull();
    expect(versions[1]!.superseded_at).toBeNull();

    const subjects = await t.ctx.store.db.selectFrom('subjects').selectAll().execute();
    expect(subjects).toHaveLength(1);
    expect(subjects[0]).toMatchObject({
      kind: 'enterprise',
      identifier: company(1),
      name: '北京测试科技有限公司',
      region: '110105',
    });
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });

  it('stores a large batch (COPY on PostgreSQL) with tabs, newlines and backslashes intact, all or nothing', async () => {
    const tricky = (i: number) => `事实\t第${i}行\n换行 \\N 反斜杠\\ 回车\r结束`;
    const batch = (prefix: string) =>
      Array.from({ length: 150 }, (_, i) => {
        const r = rec(`${prefix}${i}`, company(100 + (i % 40)), `N${i}`);
        const fields = { ...JSON.parse(r.fields), facts: tricky(i) };
        const c = checkRecordSubmission(
          t.ctx.catalog,
          'samr',
          {
            type: r.type,
            subject: { id: r.subject.identifier, name: '北京测试科技有限公司' },
            externalId: r.externalId,
            occurredAt: '2026-02-01',
            fields,
          },
          t.clock.now(),
        );
        if (!c.ok) throw new Error(JSON.stringify(c.errors));
        return c.value;
      });
    const out = await ingestRecords(t.ctx, SAMR, batch('big'), { mode: 'batch' });
    expect(out.every((o) => o.status === 'created')).toBe(true);
    const stored = await t.ctx.store.db
      .selectFrom('records')
      .select(['external_id', 'fields'])
      .where('external_id', '=', 'big7')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.fields).facts).toBe(tricky(7));
    expect((await verifyLog(t.ctx)).ok).toBe(true);

    // A batch that fails after its rows went in leaves none of them.
    await expect(
      ingestRecords(t.ctx, SAMR, batch('gone'), {
        mode: 'batch',
        within: async () => {
          throw new Error('after the rows');
        },
      }),
    ).rejects.toThrow('after the rows');
    const gone = await t.ctx.store.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('external_id', 'like', 'gone%')
      .executeTakeFirstOrThrow();
    expect(Number(gone.n)).toBe(0);
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });

  it('keeps externalIds apart per agency', async () => {
    const out = await ingestRecords(
      t.ctx,
      { role: 'operator', actor: 'demo' },
      [rec('x', company(3), 'N1', 'samr'), rec('x', company(3), 'N1', 'sta')],
      { mode: 'batch' },
    );
    expect(out.map((o) => o.status)).toEqual(['created', 'created']);
  });

  it('a bulk load remembers named subjects across batches, and still fills in a name a subject lacked', async () => {
    const known = new KnownSubjects();
    const unnamed = checkRecordSubmission(
      t.ctx.catalog,
      'samr',
      {
        type: 'administrative.penalty',
        subject: { id: company(5) },
        externalId: 'k1',
        occurredAt: '2026-02-01',
        fields: { ...t.ctx.catalog.recordTypes.get('administrative.penalty')!.example, decisionNumber: 'K1' },
      },
      t.clock.now(),
    );
    if (!unnamed.ok) throw new Error(JSON.stringify(unnamed.errors));
    const remember = (outcomes: Awaited<ReturnType<typeof ingestRecords>>) => {
      for (const o of outcomes) if (o.status === 'created') known.remember(o.subject);
    };
    const first = await ingestRecords(t.ctx, SAMR, [unnamed.value], { mode: 'batch', knownSubjects: known });
    remember(first);
    // Unnamed, the row may still change: it is not remembered.
    expect(known.get(company(5))).toBeUndefined();

    const second = await ingestRecords(t.ctx, SAMR, [rec('k2', company(5), 'K2')], {
      mode: 'batch',
      knownSubjects: known,
    });
    remember(second);
    const subject = await t.ctx.store.db
      .selectFrom('subjects')
      .selectAll()
      .where('identifier', '=', company(5))
      .executeTakeFirstOrThrow();
    expect(subject.name).toBe('北京测试科技有限公司');
    expect(known.get(company(5))).toMatchObject({ id: subject.id, name: '北京测试科技有限公司' });

    const third = await ingestRecords(t.ctx, SAMR, [rec('k3', company(5), 'K3')], {
      mode: 'batch',
      knownSubjects: known,
    });
    expect(third[0]).toMatchObject({ status: 'created', record: { subject_id: subject.id } });
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });

  it('uses reads made ahead of a batch once the batch before it is laid over them, and not if anything else was written since', async () => {
    const writeA = [rec('ra-1', company(31), 'A1'), rec('ra-2', company(32), 'A2')];
    // Batch B repeats A's first row, has a row of A's second subject, and one of a subject of its own.
    const batchB = () => [
      rec('ra-1', company(31), 'A1'),
      rec('ra-3', company(32), 'B3'),
      rec('ra-4', company(33), 'B4'),
    ];
    const read = await readAhead(t.ctx, batchB());
    let written: BatchWritten | undefined;
    await ingestRecords(t.ctx, SAMR, writeA, { mode: 'batch', wrote: (w) => (written = w) });
    expect(written).toMatchObject({ logFrom: read.atLogSize, stored: [{}, {}] });
    const lookups = carryOver(read, written!);
    expect(lookups?.atLogSize).toBe(written!.logTo);
    // Without A laid over the reads, B would store ra-1 a second time and create company 32 again: both refused
    // by the store's unique keys.
    const b = await ingestRecords(t.ctx, SAMR, batchB(), { mode: 'batch', lookups });
    expect(b.map((o) => o.status)).toEqual(['duplicate', 'created', 'created']);
    const subjectIds = await t.ctx.store.db.selectFrom('subjects').select(['identifier', 'id']).execute();
    expect(new Set(subjectIds.map((s) => s.identifier)).size).toBe(subjectIds.length);

    // Reads made before some other write (here an API submission of a row that C repeats) are not used: C reads
    // in its own transaction and finds that record.
    const batchC = [rec('ra-5', company(34), 'C5'), rec('ra-6', company(35), 'C6')];
    const readC = await readAhead(t.ctx, batchC);
    let writtenB2: BatchWritten | undefined;
    await ingestRecords(t.ctx, SAMR, [rec('ra-7', company(36), 'B7')], {
      mode: 'batch',
      wrote: (w) => (writtenB2 = w),
    });
    const [api] = await ingestRecords(t.ctx, SAMR, [rec('ra-5', company(34), 'C5')], { mode: 'single' });
    const stale = carryOver(readC, writtenB2!);
    expect(stale).toBeDefined();
    const c = await ingestRecords(t.ctx, SAMR, batchC, { mode: 'batch', lookups: stale });
    expect(c[0]).toEqual({
      status: 'duplicate',
      recordId: api!.status === 'created' ? api!.record.id : -1,
    });
    expect(c[1]!.status).toBe('created');

    // Reads made in another state than the one the written batch started from are dropped at once.
    const early = await readAhead(t.ctx, [rec('ra-8', company(37), 'D8')]);
    await ingestRecords(t.ctx, SAMR, [rec('ra-9', company(38), 'D9')], { mode: 'single' });
    let writtenD: BatchWritten | undefined;
    await ingestRecords(t.ctx, SAMR, [rec('ra-10', company(39), 'D10')], {
      mode: 'batch',
      wrote: (w) => (writtenD = w),
    });
    expect(carryOver(early, writtenD!)).toBeUndefined();
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });

  it('creates the people a relation names and ends a relation with a new version', async () => {
    const rel = (until?: string) => {
      const c = checkRelation(
        {
          from: { id: company(5), name: '北京五号有限公司' },
          to: { id: person(5), name: '张伟' },
          role: 'legal-representative',
          since: '2019-05-01',
          until,
        },
        t.clock.now(),
      );
      if (!c.ok) throw new Error(JSON.stringify(c.errors));
      return c.value;
    };
    expect((await ingestRelations(t.ctx, SAMR, [rel()], { mode: 'single' }))[0]!.status).toBe('created');
    expect((await ingestRelations(t.ctx, SAMR, [rel()], { mode: 'single' }))[0]!.status).toBe('replayed');
    const ended = await ingestRelations(t.ctx, SAMR, [rel('2025-12-31')], { mode: 'single' });
    expect(ended[0]).toMatchObject({ status: 'ended', relation: { version: 2 } });
    expect((await ingestRelations(t.ctx, SAMR, [rel('2026-01-31')], { mode: 'single' }))[0]!.status).toBe(
      'conflict',
    );
    const kinds = await t.ctx.store.db
      .selectFrom('subjects')
      .select(['kind', 'name'])
      .orderBy('id')
      .execute();
    expect(kinds).toEqual([
      { kind: 'enterprise', name: '北京五号有限公司' },
      { kind: 'person', name: '张伟' },
    ]);
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });

  it('refuses family relations and relations from a person', () => {
    const spouse = checkRelation(
      { from: company(6), to: person(6), role: 'spouse', since: '2020-01-01' },
      t.clock.now(),
    );
    expect(spouse.ok).toBe(false);
    if (!spouse.ok)
      expect(spouse.errors[0]).toMatchObject({
        pointer: '/role',
        reason: expect.stringContaining('no family relations'),
      });
    const fromPerson = checkRelation(
      { from: person(6), to: person(7), role: 'director', since: '2020-01-01' },
      t.clock.now(),
    );
    expect(fromPerson.ok).toBe(false);
  });
});
