// Listings and the check an enforcer asks, end to end through the API on both stores: notice before effect,
// derived lists, role extension to the legal representative (never to anyone else), ending, the decision log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, type TestApp, testApp, tokenFor } from '../support/http.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';

const DAY = 86_400_000;

describe.each(DIALECTS)('listings and checks on %s', (dialect) => {
  let t: TestApp;
  let spc: string;
  let samr: string;
  let enforcer: string;
  const clock = new TestClock('2026-03-01T02:00:00.000Z');
  const debtor = person(301);
  const firm = company(301);
  const rep = person(302);
  const lateRep = person(303);
  const bystander = person(304);

  const post = (token: string, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: bearer(token), payload });
  const check = async (subject: string, action: string) => {
    const res = await t.app.inject({
      url: `/api/v1/check?subject=${encodeURIComponent(subject)}&action=${action}`,
      headers: bearer(enforcer),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      decision: string;
      reasons: {
        measure: string;
        memorandum: string;
        list: string;
        listing: number;
        basis: unknown[];
        until: string;
        via?: { role: string; entity: string };
      }[];
      decisionId: string;
    };
  };

  beforeAll(async () => {
    t = await testApp(dialect, { clock });
    spc = await tokenFor(t.ctx, { role: 'agency', agency: 'spc' });
    samr = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    enforcer = await tokenFor(t.ctx, { role: 'enforcer' });
    // The firm's legal representative since 2019; another one who came after the conduct.
    expect(
      (
        await post(samr, '/api/v1/relations', {
          from: { id: firm, name: '北京失信示例有限公司' },
          to: { id: rep, name: '李四' },
          role: 'legal-representative',
          since: '2019-01-01',
          until: '2025-12-31',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post(samr, '/api/v1/relations', {
          from: firm,
          to: { id: lateRep, name: '王五' },
          role: 'legal-representative',
          since: '2026-01-01',
        })
      ).statusCode,
    ).toBe(201);
  });
  afterAll(async () => t?.close());

  const listing = (subject: string, decisionNumber: string, extra: object = {}) => ({
    list: 'spc.defaulters',
    subject,
    severity: 'general',
    decisionNumber,
    conductAt: '2025-06-01',
    decidedAt: '2026-02-27',
    reason: '有履行能力而拒不履行生效法律文书确定的义务',
    ...extra,
  });

  it('lists a person after the notice period, with derived lists that follow it', async () => {
    const res = await post(spc, '/api/v1/listings', listing(debtor, '(2026)京0105执123号'));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      list: 'spc.defaulters',
      severity: 'general',
      state: 'noticed',
      effectiveAt: '2026-03-08T16:00:00.000Z',
      endsAt: '2028-03-08T16:00:00.000Z',
    });
    expect(body.derived.map((d: { list: string }) => d.list).sort()).toEqual([
      'caac.no-fly',
      'china-railway.no-ride',
      'spc.restricted-consumption',
    ]);
    for (const d of body.derived)
      expect(d).toMatchObject({ effectiveAt: body.effectiveAt, endsAt: body.endsAt });
    // Replay: the same decision again.
    const again = await post(spc, '/api/v1/listings', listing(debtor, '(2026)京0105执123号'));
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(body.id);
    const changed = await post(
      spc,
      '/api/v1/listings',
      listing(debtor, '(2026)京0105执123号', { reason: '另一个理由' }),
    );
    expectProblem(changed, 409);
  });

  it('refuses a listing by an agency that does not own the list, and bad input by field', async () => {
    const wrong = expectProblem(await post(samr, '/api/v1/listings', listing(debtor, 'X-1')), 403);
    expect(wrong.errors[0]).toMatchObject({ pointer: '/list' });
    const bad = expectProblem(
      await post(
        spc,
        '/api/v1/listings',
        listing(debtor, 'X-2', { severity: 'extreme', decidedAt: '2099-01-01' }),
      ),
      422,
    );
    expect(bad.errors.map((e) => e.pointer).sort()).toEqual(['/decidedAt', '/severity']);
    expectProblem(await post(enforcer, '/api/v1/listings', listing(debtor, 'X-3')), 403);
  });

  it('denies nothing while the listing is only noticed, then denies flights and high-speed rail with the chain of reasons', async () => {
    expect((await check(debtor, 'air.ticket.purchase')).decision).toBe('allow');
    clock.set('2026-03-09T00:00:00.000Z');
    const flight = await check(debtor, 'air.ticket.purchase');
    expect(flight.decision).toBe('deny');
    expect(flight.decisionId).toMatch(/^dec_/);
    const lists = new Set(flight.reasons.map((r) => r.list));
    expect(
      lists.has('spc.defaulters') || lists.has('spc.restricted-consumption') || lists.has('caac.no-fly'),
    ).toBe(true);
    for (const r of flight.reasons) {
      expect(r.measure).toBeTruthy();
      expect(r.memorandum).toBeTruthy();
      expect(r.basis.length).toBeGreaterThan(0);
      expect(r.until).toBe('2028-03-08T16:00:00.000Z');
    }
    expect((await check(debtor, 'rail.ticket.hsr')).decision).toBe('deny');
    expect((await check(debtor, 'hotel.star-rated')).decision).toBe('deny');
    // Ordinary seats on ordinary trains stay open to defaulters.
    expect((await check(debtor, 'rail.ticket.ordinary')).decision).toBe('allow');
    expect((await check(bystander, 'air.ticket.purchase')).decision).toBe('allow');
  });

  it('reaches the legal representative who held the role at the time of the conduct, and no one else', async () => {
    const res = await post(spc, '/api/v1/listings', listing(firm, '(2026)京0105执456号'));
    expect(res.statusCode, res.body).toBe(201);
    clock.set('2026-03-20T00:00:00.000Z');
    expect((await check(firm, 'procurement.bid')).decision).toBe('deny');
    const repFlight = await check(rep, 'air.ticket.purchase');
    expect(repFlight.decision).toBe('deny');
    expect(
      repFlight.reasons.some((r) => r.via?.role === 'legal-representative' && r.via.entity === firm),
    ).toBe(true);
    // The representative appointed after the conduct, and anyone without a role, are not reached.
    expect((await check(lateRep, 'air.ticket.purchase')).decision).toBe('allow');
    expect((await check(bystander, 'air.ticket.purchase')).decision).toBe('allow');
  });

  it('checks a batch in order, with an error in place of an invalid identifier', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/check/batch',
      headers: bearer(enforcer),
      payload: { action: 'air.ticket.purchase', subjects: [bystander, debtor, '110105194912310021', rep] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results;
    expect(results.map((r: { decision?: string }) => r.decision ?? 'error')).toEqual([
      'allow',
      'deny',
      'error',
      'deny',
    ]);
    expect(results[2].error).toEqual({ pointer: '/subjects/2', reason: 'check character is 1, expected X' });
    expectProblem(
      await t.app.inject({
        url: `/api/v1/check?subject=${debtor}&action=teleport`,
        headers: bearer(enforcer),
      }),
      422,
    );
    expectProblem(
      await t.app.inject({ url: `/api/v1/check?subject=${debtor}&action=air.ticket.purchase` }),
      401,
    );
    expectProblem(
      await t.app.inject({
        url: `/api/v1/check?subject=${debtor}&action=air.ticket.purchase`,
        headers: bearer(samr),
      }),
      403,
    );
  });

  it('records each decision in the decision log and counts refusals in the statistics', async () => {
    const d = await check(debtor, 'air.ticket.purchase');
    const res = await t.app.inject({ url: `/api/v1/decisions/${d.decisionId}`, headers: bearer(enforcer) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: d.decisionId,
      subject: debtor,
      action: 'air.ticket.purchase',
      decision: 'deny',
    });
    const stats = (await t.app.inject({ url: '/api/v1/stats' })).json();
    expect(
      stats.refusedByMonth.find((r: { action: string }) => r.action === 'air.ticket.purchase')?.refused,
    ).toBeGreaterThan(0);
    expect(
      stats.listedSubjects.find(
        (r: { list: string; kind: string }) => r.list === 'spc.defaulters' && r.kind === 'person',
      )?.subjects,
    ).toBe(1);
  });

  it('ends a listing early (objection upheld) with everything derived from it, and checks allow again', async () => {
    const list = (
      await t.app.inject({
        url: `/api/v1/listings?subject=${debtor}&list=spc.defaulters`,
        headers: bearer(spc),
      })
    ).json();
    const id = list.items[0].id;
    expectProblem(await post(samr, `/api/v1/listings/${id}/end`, { reason: 'revoked' }), 403);
    const ended = await post(spc, `/api/v1/listings/${id}/end`, {
      reason: 'objection-upheld',
      note: '异议成立',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ state: 'ended', endReason: 'objection-upheld' });
    expect(ended.json().derived.every((d: { endReason: string }) => d.endReason === 'source-ended')).toBe(
      true,
    );
    expect((await check(debtor, 'air.ticket.purchase')).decision).toBe('allow');
    expect((await check(debtor, 'rail.ticket.hsr')).decision).toBe('allow');
    expectProblem(await post(spc, `/api/v1/listings/${id}/end`, { reason: 'revoked' }), 409);
  });

  it('stores a listing whose end has already passed, which never takes effect', async () => {
    const old = person(305);
    const res = await post(
      spc,
      '/api/v1/listings',
      listing(old, '(2019)京0105执1号', { conductAt: '2018-01-01', decidedAt: '2019-01-01' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().state).toBe('ended');
    expect((await check(old, 'air.ticket.purchase')).decision).toBe('allow');
  });

  it('shows listings in the public file only when published and in effect, and expires them by the clock', async () => {
    const file = (await t.app.inject({ url: `/api/v1/subjects/${firm}` })).json();
    expect(file.listings.map((l: { list: string }) => l.list)).toContain('spc.defaulters');
    clock.set(new Date(Date.parse('2028-03-08T16:00:00.000Z') + DAY).toISOString());
    expect((await check(firm, 'procurement.bid')).decision).toBe('allow');
    const later = (await t.app.inject({ url: `/api/v1/subjects/${firm}` })).json();
    expect(later.listings).toHaveLength(0);
  });
});
