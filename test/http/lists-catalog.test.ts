// The lists catalog over HTTP, and who sees which listings: the public sees listings in effect on lists whose
// basis publishes them (persons only where the list publishes persons, masked); agencies see the notice period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, type TestApp, testApp, tokenFor } from '../support/http.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';

describe.each(DIALECTS)('lists catalog and listing visibility on %s', (dialect) => {
  let t: TestApp;
  let spc: string;
  let samr: string;
  const clock = new TestClock('2026-05-01T02:00:00.000Z');
  beforeAll(async () => {
    t = await testApp(dialect, { clock });
    spc = await tokenFor(t.ctx, { role: 'agency', agency: 'spc' });
    samr = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
  });
  afterAll(async () => t?.close());

  it('serves lists, measures, memoranda and actions, public, with their bases', async () => {
    const lists = (await t.app.inject({ url: '/api/v1/catalog/lists' })).json();
    expect(lists.total).toBe(lists.items.length);
    const defaulters = (await t.app.inject({ url: '/api/v1/catalog/lists/spc.defaulters' })).json();
    expect(defaulters).toMatchObject({ code: 'spc.defaulters', owner: 'spc', kind: 'black' });
    expect(defaulters.legalBasis.length).toBeGreaterThan(0);
    const actions = (await t.app.inject({ url: '/api/v1/catalog/actions' })).json();
    expect(actions.items.map((a: { code: string }) => a.code)).toEqual(
      expect.arrayContaining([
        'air.ticket.purchase',
        'rail.ticket.hsr',
        'rail.ticket.ordinary',
        'procurement.bid',
      ]),
    );
    const memoranda = (await t.app.inject({ url: '/api/v1/catalog/memoranda' })).json();
    expect(memoranda.items.length).toBeGreaterThan(0);
    const measure = memoranda.items[0].measures[0];
    expect((await t.app.inject({ url: `/api/v1/catalog/measures/${measure}` })).statusCode).toBe(200);
    expectProblem(await t.app.inject({ url: '/api/v1/catalog/lists/no.such-list' }), 404);
  });

  it('shows the public listings in effect only, masking persons, and agencies the notice period too', async () => {
    const post = (subject: string, n: string, decidedAt: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/listings',
        headers: bearer(spc),
        payload: {
          list: 'spc.defaulters',
          subject,
          severity: 'general',
          decisionNumber: n,
          conductAt: '2025-01-01',
          decidedAt,
          reason: '拒不履行生效判决',
        },
      });
    expect((await post(person(501), 'V-1', '2026-04-01')).statusCode).toBe(201); // in effect
    expect((await post(company(501), 'V-2', '2026-04-01')).statusCode).toBe(201); // in effect
    expect((await post(person(502), 'V-3', '2026-04-28')).statusCode).toBe(201); // still noticed
    const pub = (await t.app.inject({ url: '/api/v1/listings?list=spc.defaulters' })).json();
    const shown = pub.items.map((l: { subject: { identifier: string } }) => l.subject.identifier);
    expect(shown).toContain(company(501));
    expect(shown).toContain(`${person(501).slice(0, 4)}**********${person(501).slice(14)}`);
    expect(
      shown.some((s: string) => s.startsWith(person(502).slice(0, 4)) && s.endsWith(person(502).slice(14))),
    ).toBe(false);
    const agency = (
      await t.app.inject({ url: '/api/v1/listings?list=spc.defaulters&state=noticed', headers: bearer(samr) })
    ).json();
    expect(agency.items.map((l: { subject: { identifier: string } }) => l.subject.identifier)).toContain(
      person(502),
    );
    expect((await t.app.inject({ url: '/api/v1/listings?state=noticed' })).json().items).toHaveLength(0);
    // A state that does not exist is refused with the ones that do.
    expect(expectProblem(await t.app.inject({ url: '/api/v1/listings?state=active' }), 422).errors).toEqual([
      { pointer: '/state', reason: 'must be one of: "noticed", "effective", "ended"' },
    ]);
    // One listing, with its consequences and how it can be repaired.
    const one = (await t.app.inject({ url: `/api/v1/listings/${pub.items[0].id}` })).json();
    expect(one.consequences.length).toBeGreaterThan(0);
    expect(one.repair).toMatchObject({ allowed: true });
  });
});
