// POST /api/v1/records end to end: creation, subjects made on first write, idempotent replays, conflicts,
// corrections with history, field-exact validation errors, and roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditSize,
  bearer,
  countRows,
  exampleFields,
  expectProblem,
  postRecord,
  recordBody,
  type TestApp,
  testApp,
  tokenFor,
} from '../support/http.js';
import { company, person, uscc } from '../support/identifiers.js';
import { DIALECTS } from '../support/stores.js';

describe.each(DIALECTS)('records over HTTP on %s', (dialect) => {
  let t: TestApp;
  let samr: string;
  let spc: string;
  let enforcer: string;
  let operator: string;

  beforeAll(async () => {
    t = await testApp(dialect);
    samr = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    spc = await tokenFor(t.ctx, { role: 'agency', agency: 'spc' });
    enforcer = await tokenFor(t.ctx, { role: 'enforcer' });
    operator = await tokenFor(t.ctx, { role: 'operator' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 201 with the record and a Location, creating the subject with its kind and name', async () => {
    const id = company(101);
    const res = await postRecord(
      t.app,
      samr,
      recordBody({ subject: id, name: '北京华信科技有限公司', externalId: 'R-101' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const rec = res.json();
    expect(typeof rec.id).toBe('number');
    expect(res.headers.location).toBe(`/api/v1/records/${rec.id}`);
    expect(rec).toMatchObject({
      type: 'administrative.penalty',
      agency: 'samr',
      externalId: 'R-101',
      version: 1,
      disclosure: 'public',
      polarity: 'negative',
      fields: exampleFields('administrative.penalty'),
      subject: { kind: 'enterprise', identifier: id, name: '北京华信科技有限公司' },
    });
    expect(rec.occurredAt).toBe('2025-05-31T16:00:00.000Z'); // midnight Asia/Shanghai
    expect(rec.legalBasis.length).toBeGreaterThan(0);

    // The record can be fetched by its Location.
    const got = await t.app.inject({
      method: 'GET',
      url: res.headers.location as string,
      headers: bearer(samr),
    });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id: rec.id, version: 1, externalId: 'R-101' });

    // The subject exists now, with its kind taken from the identifier.
    const file = await t.app.inject({
      method: 'GET',
      url: `/api/v1/subjects/${id}`,
      headers: bearer(operator),
    });
    expect(file.statusCode).toBe(200);
    expect(file.json()).toMatchObject({ kind: 'enterprise', identifier: id, name: '北京华信科技有限公司' });
  });

  it('takes the subject kind from the identifier: person, social organization, government body', async () => {
    const cases = [
      { id: person(7), kind: 'person' },
      { id: uscc('51110105MJ0000011'), kind: 'social-organization' },
      { id: uscc('11110105000000012'), kind: 'government-body' },
    ];
    for (const [i, c] of cases.entries()) {
      const res = await postRecord(
        t.app,
        samr,
        recordBody({ subject: c.id, name: `名称${i}`, externalId: `KIND-${i}` }),
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().subject).toMatchObject({ kind: c.kind, identifier: c.id, name: `名称${i}` });
    }
  });

  it('answers an identical replay with 200 and the same record, storing nothing', async () => {
    const body = recordBody({ subject: company(102), name: '上海晨光贸易有限公司', externalId: 'R-102' });
    const first = await postRecord(t.app, samr, body);
    expect(first.statusCode).toBe(201);
    const records = await countRows(t.ctx, 'records');
    const subjects = await countRows(t.ctx, 'subjects');
    const size = await auditSize(t.ctx);

    const again = await postRecord(t.app, samr, body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().version).toBe(1);
    expect(await countRows(t.ctx, 'records')).toBe(records);
    expect(await countRows(t.ctx, 'subjects')).toBe(subjects);
    expect(await auditSize(t.ctx)).toBe(size);
  });

  it('refuses the same externalId with a different body: 409 problem', async () => {
    const body = recordBody({ subject: company(103), externalId: 'R-103' });
    expect((await postRecord(t.app, samr, body)).statusCode).toBe(201);
    const records = await countRows(t.ctx, 'records');
    const changed = { ...body, fields: { ...body.fields, fineAmount: 99999 } };
    const res = await postRecord(t.app, samr, changed);
    const p = expectProblem(res, 409);
    expect(p.errors.map((e) => e.pointer)).toContain('/externalId');
    expect(await countRows(t.ctx, 'records')).toBe(records);
  });

  it('stores a correction as version 2 and keeps the history for the subject and the operator', async () => {
    const id = company(104);
    const body = recordBody({ subject: id, name: '深圳宏达电子有限公司', externalId: 'R-104' });
    const v1 = await postRecord(t.app, samr, body);
    expect(v1.statusCode).toBe(201);
    const res = await postRecord(t.app, samr, {
      ...body,
      fields: { ...body.fields, fineAmount: 30000 },
      correction: { reason: '复议决定变更罚款金额' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const v2 = res.json();
    expect(v2).toMatchObject({ version: 2, externalId: 'R-104', correctionReason: '复议决定变更罚款金额' });
    expect(v2.fields.fineAmount).toBe(30000);
    expect(v2.id).not.toBe(v1.json().id);
    expect(res.headers.location).toBe(`/api/v1/records/${v2.id}`);

    // Replaying the corrected content is a replay of version 2.
    const replay = await postRecord(t.app, samr, { ...body, fields: { ...body.fields, fineAmount: 30000 } });
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json().id).toBe(v2.id);

    const subjectToken = await tokenFor(t.ctx, { role: 'subject', subject: id });
    for (const token of [subjectToken, operator]) {
      const withHistory = await t.app.inject({
        method: 'GET',
        url: `/api/v1/subjects/${id}?history=true`,
        headers: bearer(token),
      });
      expect(withHistory.statusCode).toBe(200);
      const versions = withHistory
        .json()
        .records.filter((r: { externalId: string }) => r.externalId === 'R-104')
        .map((r: { version: number; supersededAt: string | null }) => [r.version, r.supersededAt === null]);
      expect(versions.sort()).toEqual([
        [1, false],
        [2, true],
      ]);
      const current = await t.app.inject({
        method: 'GET',
        url: `/api/v1/subjects/${id}`,
        headers: bearer(token),
      });
      expect(current.json().records.map((r: { version: number }) => r.version)).toEqual([2]);
    }
    // The public sees the current version only, even when asking for history.
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/subjects/${id}?history=true` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().records.map((r: { version: number }) => r.version)).toEqual([2]);
  });

  it('refuses a correction of a record that does not exist', async () => {
    const res = await postRecord(
      t.app,
      samr,
      recordBody({ subject: company(105), externalId: 'R-105-NEW', correction: { reason: '更正' } }),
    );
    const p = expectProblem(res, 409);
    expect(p.errors.length).toBeGreaterThan(0);
  });

  it('names an unknown field in `fields` by its exact pointer', async () => {
    const body = recordBody({ subject: company(106), externalId: 'R-106' });
    const res = await postRecord(t.app, samr, {
      ...body,
      fields: { ...body.fields, favouriteColour: 'blue' },
    });
    const p = expectProblem(res, 422);
    expect(p.errors).toContainEqual({ pointer: '/fields/favouriteColour', reason: expect.any(String) });
    expect(p.errors.every((e) => e.pointer !== '/fields')).toBe(true);
  });

  it('names a missing required field and a wrong enum value by pointer', async () => {
    const body = recordBody({ subject: company(107), externalId: 'R-107' });
    const { facts: _facts, ...rest } = body.fields as Record<string, unknown>;
    const res = await postRecord(t.app, samr, { ...body, fields: { ...rest, performance: 'maybe' } });
    const p = expectProblem(res, 422);
    const pointers = p.errors.map((e) => e.pointer);
    expect(pointers).toContain('/fields/facts');
    expect(pointers).toContain('/fields/performance');
  });

  it('refuses an invalid identifier at /subject/id with the reason', async () => {
    const good = company(108);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await postRecord(t.app, samr, recordBody({ subject: bad, externalId: 'R-108' }));
    const p = expectProblem(res, 422);
    const e = p.errors.find((x) => x.pointer === '/subject/id');
    expect(e, JSON.stringify(p.errors)).toBeDefined();
    expect(e!.reason).toMatch(/check character is ., expected ./);

    const short = await postRecord(t.app, samr, recordBody({ subject: '91110105', externalId: 'R-108b' }));
    expect(expectProblem(short, 422).errors).toContainEqual({
      pointer: '/subject/id',
      reason: expect.stringMatching(/length/),
    });
  });

  it('refuses a bad date at /occurredAt, and one in the future', async () => {
    const bad = await postRecord(
      t.app,
      samr,
      recordBody({ subject: company(109), externalId: 'R-109', occurredAt: '2025-13-45' }),
    );
    expect(expectProblem(bad, 422).errors.map((e) => e.pointer)).toContain('/occurredAt');
    const feb30 = await postRecord(
      t.app,
      samr,
      recordBody({ subject: company(109), externalId: 'R-109', occurredAt: '2025-02-30' }),
    );
    expect(expectProblem(feb30, 422).errors.map((e) => e.pointer)).toContain('/occurredAt');
    const future = await postRecord(
      t.app,
      samr,
      recordBody({ subject: company(109), externalId: 'R-109', occurredAt: '2099-01-01' }),
    );
    expect(expectProblem(future, 422).errors.map((e) => e.pointer)).toContain('/occurredAt');
  });

  it('accepts RFC 3339 with an offset and stores it in UTC', async () => {
    const res = await postRecord(
      t.app,
      samr,
      recordBody({ subject: company(109), externalId: 'R-109-tz', occurredAt: '2025-06-01T10:30:00+08:00' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().occurredAt).toBe('2025-06-01T02:30:00.000Z');
    // Publication ends P3Y after the conduct.
    expect(res.json().publicationEndsAt).toBe('2028-06-01T02:30:00.000Z');
  });

  it('reports every problem of a body at once, and an unknown top-level field by its pointer', async () => {
    const res = await postRecord(t.app, samr, {
      ...recordBody({ subject: 'nonsense', externalId: 'R-110', occurredAt: 'yesterday' }),
      colour: 'red',
    });
    const p = expectProblem(res, 422);
    const pointers = p.errors.map((e) => e.pointer);
    expect(pointers).toContain('/colour');
  });

  it('does not store anything for a refused body', async () => {
    const records = await countRows(t.ctx, 'records');
    const subjects = await countRows(t.ctx, 'subjects');
    const size = await auditSize(t.ctx);
    const body = recordBody({ subject: company(111), externalId: 'R-111' });
    await postRecord(t.app, samr, { ...body, fields: { ...body.fields, x: 1 } });
    expect(await countRows(t.ctx, 'records')).toBe(records);
    expect(await countRows(t.ctx, 'subjects')).toBe(subjects);
    expect(await auditSize(t.ctx)).toBe(size);
  });

  it('refuses a kind that contradicts the identifier, at /subject/kind', async () => {
    const res = await postRecord(t.app, samr, {
      ...recordBody({ subject: company(117), externalId: 'R-117' }),
      subject: { id: company(117), kind: 'person' },
    });
    expect(expectProblem(res, 422).errors.map((e) => e.pointer)).toContain('/subject/kind');
  });

  it('answers concurrent identical submissions with one 201 and replays of the same record', async () => {
    const body = recordBody({ subject: company(118), name: '成都天府软件有限公司', externalId: 'R-118' });
    const records = await countRows(t.ctx, 'records');
    const results = await Promise.all(Array.from({ length: 6 }, () => postRecord(t.app, samr, body)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes, results.map((r) => r.body).join('\n')).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await countRows(t.ctx, 'records')).toBe(records + 1);
  });

  it('creates a new subject once when concurrent records name it', async () => {
    const id = company(119);
    const subjects = await countRows(t.ctx, 'subjects');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        postRecord(
          t.app,
          samr,
          recordBody({ subject: id, name: '西安秦川机械有限公司', externalId: `R-119-${i}` }),
        ),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.json().subject.id)).size).toBe(1);
    expect(await countRows(t.ctx, 'subjects')).toBe(subjects + 1);
  });

  it('needs a token: 401 without one, 401 with a wrong one', async () => {
    const body = recordBody({ subject: company(112), externalId: 'R-112' });
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/records', payload: body });
    expectProblem(none, 401);
    const wrong = await postRecord(t.app, 'xy_000000000000_abcdefghijklmnopqrstuvwxyzABCDEF', body);
    expectProblem(wrong, 401);
  });

  it('answers 403 to an enforcer and to an operator (records come from agencies)', async () => {
    const body = recordBody({ subject: company(113), externalId: 'R-113' });
    expectProblem(await postRecord(t.app, enforcer, body), 403);
    expectProblem(await postRecord(t.app, operator, body), 403);
  });

  it('answers 403 naming /type to an agency the catalog does not allow to submit the type', async () => {
    const res = await postRecord(t.app, spc, recordBody({ subject: company(114), externalId: 'R-114' }));
    const p = expectProblem(res, 403);
    expect(p.errors.map((e) => e.pointer)).toContain('/type');
  });

  it('answers 422 naming /type for an unknown record type', async () => {
    const res = await postRecord(t.app, samr, {
      ...recordBody({ subject: company(115), externalId: 'R-115' }),
      type: 'administrative.nonexistent',
    });
    expect(expectProblem(res, 422).errors.map((e) => e.pointer)).toContain('/type');
  });

  it('refuses a subject kind the type does not apply to, at /subject/id', async () => {
    // registration.basic applies to enterprises only.
    const res = await postRecord(
      t.app,
      samr,
      recordBody({ type: 'registration.basic', subject: person(115), externalId: 'R-116' }),
    );
    expect(expectProblem(res, 422).errors.map((e) => e.pointer)).toContain('/subject/id');
  });

  it('answers malformed JSON and a wrong content type with a problem document', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: { ...bearer(samr), 'content-type': 'application/json' },
      payload: '{"type":',
    });
    expectProblem(malformed, 400);
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: { ...bearer(samr), 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBeGreaterThanOrEqual(400);
    expect(text.statusCode).toBeLessThan(500);
    expectProblem(text, text.statusCode);
  });

  it('GET /records/:id: 404 problem for an unknown id; hidden from roles that may not see it', async () => {
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/api/v1/records/999999', headers: bearer(samr) }),
      404,
    );
    // A restricted record of a person: its submitter sees it, another agency does not.
    const crc = await tokenFor(t.ctx, { role: 'agency', agency: 'pboc.crc' });
    const res = await postRecord(
      t.app,
      crc,
      recordBody({ type: 'finance.loan-repayment', subject: person(116), externalId: 'L-116' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const url = `/api/v1/records/${res.json().id}`;
    expect((await t.app.inject({ method: 'GET', url, headers: bearer(crc) })).statusCode).toBe(200);
    expectProblem(await t.app.inject({ method: 'GET', url, headers: bearer(samr) }), 404);
    expectProblem(await t.app.inject({ method: 'GET', url }), 401);
  });
});
