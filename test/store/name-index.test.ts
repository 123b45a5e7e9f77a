// New subjects' names are indexed behind their creation, in bulk (migration 0011): a name search still finds every
// committed legal entity, never a person, takes a name filled in later, and indexing twice adds nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Principal, PUBLIC } from '../../src/domain/principal.js';
import { checkRecordSubmission, type NormalizedRecord } from '../../src/domain/records/submission.js';
import { ingestRecords } from '../../src/services/ingest-records.js';
import { search } from '../../src/services/search.js';
import { catchUpNameIndex } from '../../src/store/name-index.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, type TestContext, testContext } from '../support/stores.js';

const SAMR: Principal = { role: 'agency', agency: 'samr', actor: 'test:samr' };

describe.each(DIALECTS)('the name index on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await testContext(dialect);
  });
  afterEach(async () => t.close());

  function rec(externalId: string, subject: string, name?: string): NormalizedRecord {
    const example = t.ctx.catalog.recordTypes.get('administrative.penalty')!.example;
    const body = {
      type: 'administrative.penalty',
      subject: name ? { id: subject, name } : { id: subject },
      externalId,
      occurredAt: '2026-02-01',
      fields: { ...example, decisionNumber: `N-${externalId}` },
    };
    const c = checkRecordSubmission(t.ctx.catalog, 'samr', body, t.clock.now());
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    return c.value;
  }

  const store = async (rows: NormalizedRecord[]) => {
    const out = await ingestRecords(t.ctx, SAMR, rows, { mode: 'batch' });
    expect(out.every((o) => o.status === 'created')).toBe(true);
  };
  const found = async (q: string) => {
    const page = await search(t.ctx, PUBLIC, q, { limit: 50, offset: 0 });
    return { total: page.total, names: page.items.map((s) => s.name).sort() };
  };
  const companies = (from: number, n: number, word: string) =>
    Array.from({ length: n }, (_, i) =>
      rec(`c${from + i}`, company(from + i), `苏州${word}${from + i}号有限公司`),
    );

  it('is caught up before a search, so a committed name is found at once; a person never is', async () => {
    await store([...companies(1, 3, '远航'), rec('p1', person(1), '王远航')]);
    // Nothing indexed by the write itself: the search catches up first.
    expect(await found('远航')).toEqual({
      total: 3,
      names: ['苏州远航1号有限公司', '苏州远航2号有限公司', '苏州远航3号有限公司'],
    });
    await store(companies(4, 2, '远航'));
    expect((await found('远航')).total).toBe(5);
    expect(await found('王远航')).toEqual({ total: 0, names: [] });
    expect(await catchUpNameIndex(t.ctx.store)).toBe(0);
  });

  it('takes a name sent after the subject was indexed without one', async () => {
    await store([rec('u1', company(20))]);
    expect(await catchUpNameIndex(t.ctx.store)).toBe(0); // seen, nothing to index
    await store([rec('u2', company(20), '杭州晚到名称有限公司')]);
    expect(await found('晚到名称')).toEqual({ total: 1, names: ['杭州晚到名称有限公司'] });
  });

  it('indexes in passes of a few subjects, each name once, also with two catch-ups at once', async () => {
    await store(companies(30, 7, '同名'));
    await store([rec('p2', person(2), '李同名')]);
    const added = await Promise.all([
      catchUpNameIndex(t.ctx.store, { subjectsPerPass: 2 }),
      catchUpNameIndex(t.ctx.store, { subjectsPerPass: 1 }),
    ]);
    expect(added[0]! + added[1]!).toBe(7);
    expect((await found('同名')).total).toBe(7);
  });

  it('stops between passes when told to, and the next catch-up does the rest', async () => {
    await store(companies(40, 5, '分批'));
    const stop = new AbortController();
    stop.abort();
    expect(await catchUpNameIndex(t.ctx.store, { subjectsPerPass: 1, signal: stop.signal })).toBe(0);
    expect(await catchUpNameIndex(t.ctx.store, { subjectsPerPass: 2 })).toBe(5);
    expect((await found('分批')).total).toBe(5);
  });
});
