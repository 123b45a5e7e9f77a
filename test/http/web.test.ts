// The web app beside the API: files from dist/web (built by the global setup), index.html for the client's routes,
// problem documents still for unknown API paths, a 404 for a missing asset, and the badges and filters the portal
// reads (search badges, listing filters, GET /me).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../src/http/plugins/web.js';
import { createListing } from '../../src/services/listings.js';
import { bearer, expectProblem, type TestApp, testApp, tokenFor } from '../support/http.js';
import { company } from '../support/identifiers.js';

describe('serving the web app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('serves index.html at / and for client routes, never for /api/ or a missing asset', async () => {
    for (const url of ['/', '/subjects/91350100M000100Y43', '/agency/import?x=1']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="root">');
    }
    expectProblem(await t.app.inject({ url: '/api/v1/nothing-here' }), 404);
    expect((await t.app.inject({ url: '/assets/gone-1234.js' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/robots.txt' })).statusCode).toBe(404);
  });

  it('serves the favicon and hashed assets compressed and cached for good', async () => {
    const favicon = await t.app.inject({ url: '/favicon.svg' });
    expect(favicon.statusCode).toBe(200);
    expect(favicon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const index = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1]!;
    const res = await t.app.inject({ url: script, headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});

describe('what the portal reads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('search results carry badges; listings filter by kind, agency, region and decision date; /me says who', async () => {
    const id = company(4242);
    const { listing } = await createListing(
      t.ctx,
      { role: 'agency', actor: 'test', agency: 'samr' },
      {
        list: 'samr.business-irregularity',
        subject: { id, name: '徽章测试商贸有限公司' },
        severity: 'general',
        decisionNumber: '徽章〔2025〕1号',
        conductAt: '2025-01-02',
        decidedAt: '2025-01-10',
        reason: '未按规定公示年度报告',
      },
    );
    const found = (
      await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('徽章测试')}` })
    ).json() as {
      items: { identifier: string; badges: string[] }[];
    };
    expect(found.items).toEqual([expect.objectContaining({ identifier: id, badges: ['irregularity'] })]);

    const page = (url: string) =>
      t.app.inject({ url }).then((r) => r.json() as { items: { id: number }[]; total: number });
    const ids = async (q: string) => (await page(`/api/v1/listings?${q}`)).items.map((l) => l.id);
    expect(await ids('kind=irregularity')).toContain(listing.id);
    expect(await ids('kind=red')).not.toContain(listing.id);
    expect(await ids('agency=samr&decidedFrom=2025-01-01&decidedTo=2025-02-01')).toContain(listing.id);
    expect(await ids('decidedFrom=2025-02-01')).not.toContain(listing.id);
    expect(await ids(`region=${id.slice(2, 4)}`)).toContain(listing.id);
    expectProblem(await t.app.inject({ url: '/api/v1/listings?decidedFrom=yesterday' }), 422);

    const token = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(token) })).json()).toMatchObject({
      role: 'agency',
      agency: { code: 'samr' },
      subject: null,
    });
    expectProblem(await t.app.inject({ url: '/api/v1/me' }), 401);
  });
});
