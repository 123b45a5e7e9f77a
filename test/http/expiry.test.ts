// Listings end by the clock on both stores: past its end a listing applies to nothing at once; the expiry run
// records it as ended ('expired', audited, on the change feed) exactly once; `xinyong expire` does the same.

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExpiry } from '../../src/services/expiry.js';
import { verifyLog } from '../../src/services/verify-log.js';
import { runCli } from '../support/cli.js';
import { bearer, type TestApp, testApp, tokenFor } from '../support/http.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';

describe.each(DIALECTS)('expiry on %s', (dialect) => {
  let t: TestApp;
  let spc: string;
  let enforcer: string;
  let listingId: number;
  let endsAt: string;
  const clock = new TestClock('2026-11-02T02:00:00.000Z');
  const debtor = person(701);

  const send = (url: string, token: string) => t.app.inject({ url, headers: bearer(token) });

  beforeAll(async () => {
    t = await testApp(dialect, { clock });
    spc = await tokenFor(t.ctx, { role: 'agency', agency: 'spc' });
    enforcer = await tokenFor(t.ctx, { role: 'enforcer' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/listings',
      headers: bearer(spc),
      payload: {
        list: 'spc.defaulters',
        subject: debtor,
        severity: 'general',
        decisionNumber: '(2026)京0105执701号',
        conductAt: '2026-01-01',
        decidedAt: '2026-10-01',
        reason: '有履行能力而拒不履行生效法律文书确定的义务',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    listingId = res.json().id;
    endsAt = res.json().endsAt;
  });
  afterAll(async () => t?.close());

  it('ends a listing by the clock: answers at once, the record of it by the expiry run, once', async () => {
    const check = async () =>
      (await send(`/api/v1/check?subject=${debtor}&action=air.ticket.purchase`, enforcer)).json().decision;
    expect(await check()).toBe('deny');
    expect(await runExpiry(t.ctx)).toMatchObject({ listingsExpired: 0 });
    clock.set(endsAt);
    expect(await check()).toBe('allow');
    const report = await runExpiry(t.ctx);
    expect(report.listingsExpired).toBeGreaterThan(1); // with the lists that follow it
    expect(await runExpiry(t.ctx)).toMatchObject({ listingsExpired: 0 });
    const listing = (await send(`/api/v1/listings/${listingId}`, spc)).json();
    expect(listing).toMatchObject({ state: 'ended', endReason: 'expired', endedAt: endsAt });
    const audit = await t.ctx.store.db
      .selectFrom('audit_entries')
      .select(['action', 'actor'])
      .where('target', 'like', `listing:${listingId}%`)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['listings.create', 'listing.expire']); // created with its derived listings
    expect(audit[1]!.actor).toBe('system');
    // The log still verifies with expired listings in it, and an expiry is as tamper-evident as an early end.
    expect(await verifyLog(t.ctx)).toMatchObject({ ok: true });
    await sql`update listings set ended_at = '2026-01-01T00:00:00.000Z' where id = ${listingId}`.execute(
      t.ctx.store.db,
    );
    expect((await verifyLog(t.ctx)).firstFailure?.reason).toMatch(/the end of listing \d+ was altered/);
    await sql`update listings set ended_at = ${endsAt} where id = ${listingId}`.execute(t.ctx.store.db);
    expect(await verifyLog(t.ctx)).toMatchObject({ ok: true });
  });

  it('`xinyong expire` records what has ended', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/listings',
      headers: bearer(await tokenFor(t.ctx, { role: 'agency', agency: 'samr' })),
      payload: {
        list: 'samr.business-irregularity',
        subject: company(701),
        severity: 'general',
        decisionNumber: '京市监异〔2023〕701号',
        conductAt: '2023-05-01',
        decidedAt: '2023-06-01',
        reason: '未按规定公示年度报告',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    // Decided in 2023 for three years: ended by the real clock of the CLI.
    const cli = await runCli(['expire', '--db', t.url, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ listingsExpired: 1, objectionsEscalated: 0 });
  });
});
