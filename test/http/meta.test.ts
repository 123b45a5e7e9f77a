// The surface around the data: health, the OpenAPI document and the reference page, catalogs, unknown routes,
// the public rate limit, token lifecycle (revocation, expiry, tokens issued from the CLI to a running server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/services/tokens.js';
import { OTHER_PROCESS_STALENESS_MS } from '../../src/store/data-version.js';
import { runCli } from '../support/cli.js';
import {
  bearer,
  expectProblem,
  OPERATOR_BY,
  postRecord,
  recordBody,
  type TestApp,
  testApp,
  tokenFor,
} from '../support/http.js';
import { company } from '../support/identifiers.js';
import { DIALECTS, testCatalog } from '../support/stores.js';

const PATHS: Record<string, string[]> = {
  '/api/v1/health': ['get'],
  '/api/v1/catalog/record-types': ['get'],
  '/api/v1/catalog/record-types/{code}': ['get'],
  '/api/v1/catalog/agencies': ['get'],
  '/api/v1/catalog/agencies/{code}': ['get'],
  '/api/v1/records': ['post'],
  '/api/v1/records/{id}': ['get'],
  '/api/v1/relations': ['post'],
  '/api/v1/subjects/{id}': ['get'],
  '/api/v1/search': ['get'],
  '/api/v1/audit/head': ['get'],
  '/api/v1/audit/key': ['get'],
  '/api/v1/audit/entries/{seq}/proof': ['get'],
  '/api/v1/audit/consistency': ['get'],
  '/api/v1/imports': ['post'],
  '/api/v1/imports/{id}': ['get'],
  '/api/v1/imports/{id}/rejects': ['get'],
  '/api/v1/tokens': ['post'],
  '/api/v1/tokens/{id}': ['delete'],
};

describe.each(DIALECTS)('the public surface on %s', (dialect) => {
  let t: TestApp;
  let operator: string;

  beforeAll(async () => {
    t = await testApp(dialect);
    operator = await tokenFor(t.ctx, { role: 'operator' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers health with the store and the audit tree size', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', store: dialect, auditTreeSize: 1 });
    expect(typeof res.json().version).toBe('string');
    // The decision index's size, the change feed's lag and the request rate, for the operator dashboard.
    expect(res.json().decisionIndex).toMatchObject({ subjects: 0, listings: 0, consequences: 0 });
    const again = (await t.app.inject({ method: 'GET', url: '/api/v1/health' })).json();
    expect(again.requests.requests).toBeGreaterThanOrEqual(1);
    expect(again.requests.serverErrors).toBe(0);
  });

  it('serves an OpenAPI 3 document with every path, the problem schema and bearer security', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    for (const [path, methods] of Object.entries(PATHS)) {
      expect(doc.paths, path).toHaveProperty([path]);
      for (const m of methods) expect(doc.paths[path], `${m} ${path}`).toHaveProperty(m);
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.components.schemas ?? {})).toEqual(
      expect.arrayContaining([expect.stringMatching(/Problem/)]),
    );
    // Protected operations say so.
    expect(doc.paths['/api/v1/records'].post.security).toEqual([{ bearer: [] }]);
    // Errors are documented as problem documents.
    expect(Object.keys(doc.paths['/api/v1/records'].post.responses['422'].content)).toEqual([
      'application/problem+json',
    ]);
  });

  it('shows each record type’s example in the OpenAPI document (issue 3: "shown in the docs and the OpenAPI document")', async () => {
    const doc = JSON.stringify((await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json());
    const penalty = testCatalog().recordTypes.get('administrative.penalty')!;
    expect(doc).toContain((penalty.example as { decisionNumber: string }).decisionNumber);
  });

  it('serves the interactive reference as HTML', async () => {
    let res = await t.app.inject({ method: 'GET', url: '/api/v1/docs' });
    for (let i = 0; i < 3 && res.statusCode >= 300 && res.statusCode < 400; i++) {
      const loc = res.headers.location as string;
      res = await t.app.inject({
        method: 'GET',
        url: loc.startsWith('/') ? loc : `/api/v1/docs/${loc.replace(/^\.\//, '')}`,
      });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html/i);
  });

  it('serves the catalog: record types with legal bases, agencies, 404 problem for unknown codes', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/record-types' });
    expect(list.statusCode).toBe(200);
    const { items, total } = list.json();
    expect(total).toBe(items.length);
    expect(items.map((i: { code: string }) => i.code)).toEqual(
      expect.arrayContaining(['administrative.penalty', 'administrative.license', 'registration.basic']),
    );
    for (const i of items) expect(i.legalBasis.length, i.code).toBeGreaterThan(0);
    const one = await t.app.inject({
      method: 'GET',
      url: '/api/v1/catalog/record-types/administrative.penalty',
    });
    expect(one.json()).toMatchObject({ code: 'administrative.penalty', disclosure: 'public' });
    expect(one.json().submitters).toContain('samr');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/catalog/record-types/nope' }), 404);
    const agencies = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/agencies' });
    expect(agencies.json().items.map((a: { code: string }) => a.code)).toContain('samr');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/catalog/agencies/samr' })).json().code).toBe(
      'samr',
    );
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/catalog/agencies/nope' }), 404);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const p = expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404);
    expect(p.type).toMatch(/not-found/);
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/v1/health' }), 404);
  });

  it('refuses a revoked token with 401', async () => {
    const issued = await createToken(t.ctx, OPERATOR_BY, { role: 'agency', agency: 'samr' });
    const body = recordBody({ subject: company(701), externalId: 'M-1' });
    expect((await postRecord(t.app, issued.token, body)).statusCode).toBe(201);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${issued.id}`,
      headers: bearer(operator),
    });
    expect(revoke.statusCode).toBe(204);
    expectProblem(await postRecord(t.app, issued.token, body), 401);
    // Even on the public surface a token that does not verify is refused.
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/api/v1/health', headers: bearer(issued.token) }),
      401,
    );
    expectProblem(
      await t.app.inject({ method: 'DELETE', url: '/api/v1/tokens/000000000000', headers: bearer(operator) }),
      404,
    );
  });

  it('refuses a token with a wrong secret, also right after its right secret was accepted', async () => {
    const issued = await createToken(t.ctx, OPERATOR_BY, { role: 'enforcer' });
    const health = (token: string) =>
      t.app.inject({ method: 'GET', url: '/api/v1/health', headers: bearer(token) });
    const last = issued.token.at(-1)!;
    const forged = issued.token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expectProblem(await health(forged), 401);
    expect((await health(issued.token)).statusCode).toBe(200);
    expect((await health(issued.token)).statusCode).toBe(200);
    expectProblem(await health(forged), 401);
    expect((await health(issued.token)).statusCode).toBe(200);
  });

  it('refuses an expired token with 401 once the clock passes its expiry', async () => {
    const token = await tokenFor(t.ctx, { role: 'agency', agency: 'samr', expiresDays: 1 });
    const body = recordBody({ subject: company(702), externalId: 'M-2' });
    t.clock.advance(23 * 3600_000);
    expect((await postRecord(t.app, token, body)).statusCode).toBe(201);
    t.clock.advance(2 * 3600_000);
    expectProblem(await postRecord(t.app, token, body), 401);
  });

  it('issues tokens over HTTP to operators only, checking the request', async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(operator),
      payload: { role: 'agency', agency: 'sta', expiresDays: 30 },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ role: 'agency', agency: 'sta' });
    expect(ok.json().token).toMatch(/^xy_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    const noAgency = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(operator),
      payload: { role: 'agency' },
    });
    expect(expectProblem(noAgency, 422).errors.map((e) => e.pointer)).toContain('/agency');
    const badRole = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(operator),
      payload: { role: 'king' },
    });
    expect(expectProblem(badRole, 422).errors.map((e) => e.pointer)).toContain('/role');
    const unknownSubject = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(operator),
      payload: { role: 'subject', subject: company(799) },
    });
    expect(expectProblem(unknownSubject, 422).errors.map((e) => e.pointer)).toContain('/subject');
    const agency = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: bearer(agency),
        payload: { role: 'operator' },
      }),
      403,
    );
  });
});

describe.each(DIALECTS)('the public rate limit on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect, { publicRateLimit: 3 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers anonymous callers 429 problem past the limit, not token holders', async () => {
    const token = await tokenFor(t.ctx, { role: 'enforcer' });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await t.app.inject({ method: 'GET', url: '/api/v1/search?q=华信' })).statusCode);
    expect(codes).toEqual([200, 200, 200]);
    const limited = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=华信' });
    const p = expectProblem(limited, 429);
    expect(p.type).toMatch(/rate-limited/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/catalog/record-types' }), 429);
    // Token holders are accountable by their token and not limited.
    for (let i = 0; i < 6; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=华信', headers: bearer(token) });
      expect(res.statusCode).toBe(200);
    }
    // Another address has its own allowance.
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/search?q=华信',
      remoteAddress: '10.0.0.9',
    });
    expect(other.statusCode).toBe(200);
  });
});

describe('tokens from the CLI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are accepted at once by a server running on the same SQLite file', async () => {
    const out = await runCli(['token', 'create', '--role', 'agency', '--agency', 'samr', '--db', t.url]);
    expect(out.code, out.stderr).toBe(0);
    const token = out.stdout.trim();
    expect(out.stdout).toBe(`${token}\n`);
    expect(token).toMatch(/^xy_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    const res = await postRecord(t.app, token, recordBody({ subject: company(711), externalId: 'M-CLI' }));
    expect(res.statusCode, res.body).toBe(201);

    // Revoked from the CLI, another process: refused within the staleness bound.
    const revoked = await runCli(['token', 'revoke', token.split('_')[1]!, '--db', t.url]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toBe('');
    await new Promise((r) => setTimeout(r, OTHER_PROCESS_STALENESS_MS));
    expectProblem(
      await postRecord(t.app, token, recordBody({ subject: company(712), externalId: 'M-CLI2' })),
      401,
    );
  });
});
