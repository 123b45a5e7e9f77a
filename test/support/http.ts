// End-to-end helpers for the HTTP surface: an app on a fresh store of the dialect (driven with inject()), tokens
// for each role, valid record bodies built from the catalog's examples, and the RFC 9457 problem check.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createServer } from '../../src/server.js';
import type { Context } from '../../src/services/context.js';
import { createToken } from '../../src/services/tokens.js';
import type { Dialect } from '../../src/store/database.js';
import { TestClock, testCatalog, testContext } from './stores.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: Context;
  clock: TestClock;
  url: string;
  close(): Promise<void>;
}

export async function testApp(
  dialect: Dialect,
  options: { publicRateLimit?: number; clock?: TestClock; scores?: boolean } = {},
): Promise<TestApp> {
  const t = await testContext(dialect, options.clock ?? new TestClock());
  const app = await createServer(t.ctx, {
    publicRateLimit: options.publicRateLimit ?? 0,
    // Tests run expiry themselves, when their clock says so.
    expiryIntervalSeconds: 0,
    // and deliver notices with dispatchers of their own.
    notices: false,
    // The score keeper writes score records in the background: only the tests about scores run it.
    scores: options.scores === true ? {} : false,
  });
  await app.ready();
  return {
    app,
    ctx: t.ctx,
    clock: t.clock,
    url: t.url,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

export const OPERATOR_BY = { role: 'operator' as const, actor: 'test' };

export interface TokenSpec {
  role: 'operator' | 'agency' | 'enforcer' | 'subject';
  agency?: string;
  subject?: string;
  expiresDays?: number;
}

export async function tokenFor(ctx: Context, spec: TokenSpec): Promise<string> {
  return (await createToken(ctx, OPERATOR_BY, spec)).token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A deep copy of the catalog example of a record type's fields. */
export function exampleFields(type: string): Record<string, unknown> {
  const t = testCatalog().recordTypes.get(type);
  if (!t) throw new Error(`no record type ${type}`);
  return structuredClone(t.example) as Record<string, unknown>;
}

export interface RecordBodyOptions {
  type?: string;
  subject: string;
  name?: string;
  externalId: string;
  occurredAt?: string;
  fields?: Record<string, unknown>;
  correction?: { reason: string };
}

export function recordBody(o: RecordBodyOptions) {
  const type = o.type ?? 'administrative.penalty';
  return {
    type,
    subject: { id: o.subject, ...(o.name ? { name: o.name } : {}) },
    externalId: o.externalId,
    occurredAt: o.occurredAt ?? '2025-06-01',
    fields: o.fields ?? exampleFields(type),
    ...(o.correction ? { correction: o.correction } : {}),
  };
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors: { pointer: string; reason: string }[];
}

/** Asserts an RFC 9457 problem document with the status and returns it. */
export function expectProblem(res: LightMyRequestResponse, status: number): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as Problem;
  expect(body).toMatchObject({ status });
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(Array.isArray(body.errors)).toBe(true);
  return body;
}

/** Posts a record as an agency and returns the response. */
export async function postRecord(app: FastifyInstance, token: string, body: unknown) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/records',
    headers: bearer(token),
    payload: body as object,
  });
}

export async function countRows(ctx: Context, table: 'records' | 'subjects' | 'relations' | 'audit_entries') {
  const row = await ctx.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function auditSize(ctx: Context): Promise<number> {
  const s = await ctx.store.db
    .selectFrom('audit_state')
    .select('size')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(s.size);
}

/** A multipart body built by the platform's own FormData: text fields in the order given, then the files. */
export async function multipartBody(
  fields: [string, string][],
  files: { part: string; name: string; content: Buffer | string; type?: string }[] = [],
) {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  for (const f of files) form.append(f.part, new Blob([f.content], f.type ? { type: f.type } : {}), f.name);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await req.arrayBuffer()),
    contentType: req.headers.get('content-type')!,
  };
}
