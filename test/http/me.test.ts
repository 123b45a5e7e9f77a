// A subject's own pages on both stores: its requests with their deadlines, and who read its file — the agency
// by name, the public without its address — each read with a proof that checks against the audit tree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, type TestApp, testApp, tokenFor } from '../support/http.js';
import { person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';

describe.each(DIALECTS)('my requests and access log on %s', (dialect) => {
  let t: TestApp;
  let spc: string;
  let me: string;
  let listingId: number;
  const clock = new TestClock('2026-11-02T02:00:00.000Z');
  const debtor = person(801);

  const send = (method: 'GET' | 'POST', url: string, token?: string, payload?: object) =>
    t.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await testApp(dialect, { clock });
    spc = await tokenFor(t.ctx, { role: 'agency', agency: 'spc' });
    const res = await send('POST', '/api/v1/listings', spc, {
      list: 'spc.defaulters',
      subject: { id: debtor, name: '周自助' },
      severity: 'general',
      decisionNumber: '(2026)京0105执801号',
      conductAt: '2026-01-01',
      decidedAt: '2026-10-01',
      reason: '有履行能力而拒不履行生效法律文书确定的义务',
    });
    expect(res.statusCode, res.body).toBe(201);
    listingId = res.json().id;
    me = await tokenFor(t.ctx, { role: 'subject', subject: debtor });
  });
  afterAll(async () => t?.close());

  it('lists my objections and repair applications, pending first, with deadlines', async () => {
    const o = await send('POST', '/api/v1/objections', me, {
      itemType: 'listing',
      item: listingId,
      reason: '已履行',
    });
    expect(o.statusCode, o.body).toBe(201);
    const r = await send('POST', '/api/v1/repairs', me, {
      listing: listingId,
      obligationsPerformed: '已全部履行',
      commitmentLetter: '承诺守信',
    });
    expect(r.statusCode, r.body).toBe(201);
    const mine = (await send('GET', '/api/v1/me/requests', me)).json();
    expect(mine.total).toBe(2);
    expect(mine.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['objection', 'repair']);
    for (const i of mine.items)
      expect(i).toMatchObject({
        state: 'pending',
        deadline: { dueAt: '2026-11-16T16:00:00.000Z', workingDaysLeft: 10 },
      });
    // The agency's own filings are none.
    expect((await send('GET', '/api/v1/me/requests', spc)).json().total).toBe(0);
  });

  it('shows who read my file, with proofs', async () => {
    expect((await send('GET', `/api/v1/subjects/${debtor}`, spc)).statusCode).toBe(200);
    expect((await send('GET', `/api/v1/subjects/${debtor}`)).statusCode).toBe(200);
    expect((await send('GET', `/api/v1/subjects/${debtor}`, me)).statusCode).toBe(200);
    const log = (await send('GET', '/api/v1/me/access-log', me)).json();
    expect(log.total).toBe(3);
    expect(
      log.items.map((i: { role: string; agency: string | null; reader: string }) => [i.role, i.agency]),
    ).toEqual([
      ['subject', null],
      ['public', null],
      ['agency', 'spc'],
    ]);
    expect(log.items[1].reader).toBe('public');
    const proof = await send('GET', log.items[2].proof, me);
    expect(proof.statusCode, proof.body).toBe(200);
    expectProblem(await send('GET', '/api/v1/me/access-log', spc), 403);
  });
});
