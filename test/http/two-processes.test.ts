// Two API processes on one database answer the same within a second of a listing or its end: each follows the
// change feed into its own decision index.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import type { Store } from '../../src/store/database.js';
import { openStore } from '../../src/store/database.js';
import { bearer, type TestApp, testApp, tokenFor } from '../support/http.js';
import { person } from '../support/identifiers.js';
import { DIALECTS, testCatalog } from '../support/stores.js';

describe.each(DIALECTS)('a second process on %s', (dialect) => {
  let a: TestApp;
  let bStore: Store;
  let b: FastifyInstance;
  let spc: string;
  let enforcer: string;
  beforeAll(async () => {
    a = await testApp(dialect);
    bStore = await openStore(a.url);
    b = await createServer(
      { store: bStore, catalog: testCatalog(), clock: a.clock },
      { publicRateLimit: 0, checkPollMs: 100 },
    );
    spc = await tokenFor(a.ctx, { role: 'agency', agency: 'spc' });
    enforcer = await tokenFor(a.ctx, { role: 'enforcer' });
  });
  afterAll(async () => {
    await b?.close();
    await bStore?.close();
    await a?.close();
  });

  const decisionOn = async (app: FastifyInstance, subject: string) =>
    (
      await app.inject({
        url: `/api/v1/check?subject=${subject}&action=air.ticket.purchase`,
        headers: bearer(enforcer),
      })
    ).json().decision as string;

  const within = async (ms: number, condition: () => Promise<boolean>) => {
    const started = Date.now();
    while (Date.now() - started < ms) {
      if (await condition()) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`not within ${ms} ms`);
  };

  it('sees a listing made through the first and its end, each within a second', async () => {
    const debtor = person(401);
    expect(await decisionOn(b, debtor)).toBe('allow');
    a.clock.set('2026-06-01T00:00:00.000Z');
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/listings',
      headers: bearer(spc),
      payload: {
        list: 'spc.defaulters',
        subject: debtor,
        severity: 'general',
        decisionNumber: '(2026)沪0101执9号',
        conductAt: '2025-01-01',
        decidedAt: '2026-05-01',
        reason: '拒不履行',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await decisionOn(a.app, debtor)).toBe('deny');
    await within(1000, async () => (await decisionOn(b, debtor)) === 'deny');
    const end = await a.app.inject({
      method: 'POST',
      url: `/api/v1/listings/${res.json().id}/end`,
      headers: bearer(spc),
      payload: { reason: 'repaired' },
    });
    expect(end.statusCode, end.body).toBe(200);
    await within(1000, async () => (await decisionOn(b, debtor)) === 'allow');
  });
});
