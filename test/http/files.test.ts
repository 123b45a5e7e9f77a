// GET /api/v1/subjects/:id as each role sees it: the public (public records while published, persons masked and
// reachable only by full identifier when something about them is publishable), the subject (everything), agencies
// (what the catalog grants), relations, and the end of publication on the clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  expectProblem,
  postRecord,
  recordBody,
  type TestApp,
  testApp,
  tokenFor,
} from '../support/http.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS } from '../support/stores.js';

interface FileRecord {
  type: string;
  externalId: string;
  disclosure: string;
  subject?: unknown;
}
interface FileRelation {
  role: string;
  roleNames: { zh: string; en: string } | null;
  side: 'entity' | 'holder';
  subject: Record<string, unknown> | null;
}
interface CreditFile {
  id: number;
  kind: string;
  identifier: string;
  name: string | null;
  view: string;
  records: FileRecord[];
  relations: FileRelation[];
}

const A = company(201); // the company
const B = company(202); // its shareholder, a company
const P = person(201); // its legal representative: a penalty (not published for persons) and a loan
const Q = person(202, '110105', '19850315'); // a court defaulter: published by law, masked

describe.each(DIALECTS)('credit files by role on %s', (dialect) => {
  let t: TestApp;
  let tokens: Record<string, string>;

  const get = async (ref: string | number, token?: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/subjects/${ref}`,
      headers: token ? bearer(token) : {},
    });
  const file = async (ref: string | number, token?: string): Promise<CreditFile> => {
    const res = await get(ref, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CreditFile;
  };
  const types = (f: CreditFile) => f.records.map((r) => r.type).sort();

  beforeAll(async () => {
    t = await testApp(dialect);
    const agencies = ['samr', 'sta', 'pboc.crc', 'spc', 'mps'];
    tokens = {};
    for (const a of agencies) tokens[a] = await tokenFor(t.ctx, { role: 'agency', agency: a });
    tokens.operator = await tokenFor(t.ctx, { role: 'operator' });
    tokens.enforcer = await tokenFor(t.ctx, { role: 'enforcer' });

    const submit = async (agency: string, body: ReturnType<typeof recordBody>) => {
      const res = await postRecord(t.app, tokens[agency]!, body);
      expect(res.statusCode, res.body).toBe(201);
    };
    // Company A: a penalty (public, P3Y from 2024-01-10), a license (public, no end), tax payments
    // (conditional), a loan (restricted to the credit reference center).
    await submit(
      'samr',
      recordBody({ subject: A, name: '北京华信科技有限公司', externalId: 'A-PEN', occurredAt: '2024-01-10' }),
    );
    await submit('samr', recordBody({ type: 'administrative.license', subject: A, externalId: 'A-LIC' }));
    await submit('sta', recordBody({ type: 'tax.payment', subject: A, externalId: 'A-TAX' }));
    await submit(
      'pboc.crc',
      recordBody({ type: 'finance.loan-repayment', subject: A, externalId: 'A-LOAN' }),
    );
    // Person P: a penalty (public type, but persons are not published), a loan, a criminal judgment (restricted,
    // shared with public security).
    await submit('samr', recordBody({ subject: P, name: '王建国', externalId: 'P-PEN' }));
    await submit(
      'pboc.crc',
      recordBody({ type: 'finance.loan-repayment', subject: P, externalId: 'P-LOAN' }),
    );
    await submit(
      'spc',
      recordBody({
        type: 'judicial.criminal-judgment',
        subject: P,
        externalId: 'P-CRIM',
        occurredAt: '2024-03-01',
      }),
    );
    // Person Q: on the court defaulter list (published for persons), P5Y from 2025-04-03.
    await submit(
      'spc',
      recordBody({
        type: 'judicial.enforcement-default',
        subject: Q,
        name: '李四海',
        externalId: 'Q-DEF',
        occurredAt: '2025-04-03',
      }),
    );

    const relate = async (body: Record<string, unknown>) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/relations',
        headers: bearer(tokens.samr!),
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await relate({ from: A, to: P, role: 'legal-representative', since: '2020-01-01' });
    await relate({ from: A, to: Q, role: 'director', since: '2021-05-01' });
    await relate({
      from: A,
      to: { id: B, name: '上海远景投资有限公司' },
      role: 'shareholder',
      since: '2019-03-01',
    });

    tokens.subjectA = await tokenFor(t.ctx, { role: 'subject', subject: A });
    tokens.subjectP = await tokenFor(t.ctx, { role: 'subject', subject: P });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the public only the public records of a company, by USCC and by internal id', async () => {
    const f = await file(A);
    expect(f).toMatchObject({
      kind: 'enterprise',
      identifier: A,
      name: '北京华信科技有限公司',
      view: 'public',
    });
    expect(types(f)).toEqual(['administrative.license', 'administrative.penalty']);
    expect(f.records.every((r) => r.disclosure === 'public')).toBe(true);
    const byId = await file(f.id);
    expect(types(byId)).toEqual(types(f));
  });

  it('shows the relations of a company, persons by name only in the public view', async () => {
    const f = await file(A);
    const byRole = new Map(f.relations.map((r) => [r.role, r]));
    expect([...byRole.keys()].sort()).toEqual(['director', 'legal-representative', 'shareholder']);
    const rep = byRole.get('legal-representative')!;
    expect(rep.side).toBe('entity');
    expect(rep.roleNames).toEqual({ zh: '法定代表人', en: 'legal representative' });
    expect(rep.subject).toEqual({ kind: 'person', name: '王建国' });
    expect(byRole.get('director')!.subject).toEqual({ kind: 'person', name: '李四海' });
    // A company is shown as itself.
    expect(byRole.get('shareholder')!.subject).toMatchObject({
      kind: 'enterprise',
      identifier: B,
      name: '上海远景投资有限公司',
    });
    // Nothing in the public file carries a person's identity number, masked or not.
    const text = JSON.stringify(f);
    for (const id of [P, Q]) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(id.slice(0, 14));
    }
  });

  it('shows the subject its whole file, restricted records included', async () => {
    const f = await file(A, tokens.subjectA);
    expect(f.view).toBe('subject');
    expect(types(f)).toEqual([
      'administrative.license',
      'administrative.penalty',
      'finance.loan-repayment',
      'tax.payment',
    ]);
    const rep = f.relations.find((r) => r.role === 'legal-representative')!;
    expect(rep.subject).toMatchObject({ kind: 'person', identifier: P, name: '王建国' });

    const p = await file(P, tokens.subjectP);
    expect(p.view).toBe('subject');
    expect(p.identifier).toBe(P);
    expect(types(p)).toEqual([
      'administrative.penalty',
      'finance.loan-repayment',
      'judicial.criminal-judgment',
    ]);
    // From the person's side, the company is the entity it holds a role in.
    expect(p.relations).toEqual([
      expect.objectContaining({
        role: 'legal-representative',
        side: 'holder',
        subject: expect.objectContaining({ identifier: A }),
      }),
    ]);
  });

  it('shows another subject’s token only the public view', async () => {
    const f = await file(A, tokens.subjectP);
    expect(f.view).toBe('public');
    expect(types(f)).toEqual(['administrative.license', 'administrative.penalty']);
    // The person P is reached by full identifier only: nothing of P is publishable, so 404 even for a token holder
    // who is not P.
    expectProblem(await get(P, tokens.subjectA), 404);
  });

  it('shows an agency conditional records, and restricted ones only where the catalog grants', async () => {
    const samr = await file(A, tokens.samr);
    expect(samr.view).toBe('agency');
    expect(types(samr)).toEqual(['administrative.license', 'administrative.penalty', 'tax.payment']);
    const crc = await file(A, tokens['pboc.crc']);
    expect(types(crc)).toEqual([
      'administrative.license',
      'administrative.penalty',
      'finance.loan-repayment',
      'tax.payment',
    ]);
    // The criminal judgment is shared with public security (sharedWith), not with market regulation.
    expect(types(await file(P, tokens.mps))).toEqual([
      'administrative.penalty',
      'judicial.criminal-judgment',
    ]);
    expect(types(await file(P, tokens.samr))).toEqual(['administrative.penalty']);
    expect(types(await file(P, tokens.spc))).toEqual([
      'administrative.penalty',
      'judicial.criminal-judgment',
    ]);
    // An agency sees a person's full identity number.
    expect((await file(P, tokens.samr)).identifier).toBe(P);
  });

  it('hides a person with nothing publishable from the public, by identifier and by internal id', async () => {
    expectProblem(await get(P), 404);
    const internal = (await file(P, tokens.operator)).id;
    expectProblem(await get(internal), 404);
  });

  it('shows a person with a published record to the public by full identity number only, masked', async () => {
    const f = await file(Q);
    expect(f.view).toBe('public');
    expect(f.kind).toBe('person');
    expect(f.identifier).toBe(`${Q.slice(0, 4)}**********${Q.slice(14)}`);
    expect(f.identifier).toMatch(/^1101\*{10}\d{3}[\dX]$/);
    expect(types(f)).toEqual(['judicial.enforcement-default']);
    expect(JSON.stringify(f)).not.toContain(Q);
    // A person's file in public carries no relations.
    expect(f.relations).toEqual([]);
    // Not by internal id.
    expectProblem(await get(f.id), 404);
    // Lower-case x and spaces in the identifier are accepted as the same person.
    const spaced = `${Q.slice(0, 6)} ${Q.slice(6, 14)} ${Q.slice(14)}`.toLowerCase();
    expect((await file(encodeURIComponent(spaced))).identifier).toBe(f.identifier);
  });

  it('answers 400 with a pointer for a reference that is neither an id nor a valid identifier', async () => {
    const good = company(298);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const p = expectProblem(await get(bad), 400);
    expect(p.errors.map((e) => e.pointer)).toContain('/id');
    expectProblem(await get(company(299)), 404);
    expectProblem(await get(987654), 404);
  });

  it('answers 401 to a token that does not verify, even on the public surface', async () => {
    expectProblem(await get(A, 'xy_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDEF'), 401);
  });

  it('shows a person known by passport masked like an identity number, by full identifier only', async () => {
    const passport = 'passport:USA:X12345678';
    const res = await postRecord(
      t.app,
      tokens.spc!,
      recordBody({
        type: 'judicial.enforcement-default',
        subject: passport,
        name: 'John Smith',
        externalId: 'PP-DEF',
        occurredAt: '2025-05-06',
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().subject).toMatchObject({ kind: 'person', identifier: passport });
    const f = await file(encodeURIComponent(passport));
    expect(f.identifier).toBe('passport:USA:******678');
    expect(JSON.stringify(f)).not.toContain('X12345678');
    expectProblem(await get(f.id), 404);
  });

  it('records relations: a replay answers 200, an end date ends it, family roles and persons as entities are refused', async () => {
    const post = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/relations',
        headers: bearer(tokens.samr!),
        payload: body,
      });
    const body = { from: A, to: P, role: 'legal-representative', since: '2020-01-01' };
    const replay = await post(body);
    expect(replay.statusCode, replay.body).toBe(200);
    const other = company(250);
    const officer = person(250);
    expect(
      (
        await post({
          from: other,
          to: { id: officer, name: '孙立' },
          role: 'supervisor',
          since: '2021-01-01',
        })
      ).statusCode,
    ).toBe(201);
    const ended = await post({
      from: other,
      to: officer,
      role: 'supervisor',
      since: '2021-01-01',
      until: '2024-12-31',
    });
    expect(ended.statusCode, ended.body).toBe(201);
    expect(ended.json()).toMatchObject({ role: 'supervisor', version: 2 });
    expect(ended.json().until).toBe('2024-12-30T16:00:00.000Z');
    const f = await file(other, tokens.operator);
    expect(f.relations).toHaveLength(1);
    expect(f.relations[0]).toMatchObject({ role: 'supervisor', until: '2024-12-30T16:00:00.000Z' });

    const spouse = await post({ from: other, to: officer, role: 'spouse', since: '2021-01-01' });
    expect(spouse.statusCode).toBe(422);
    expectProblem(spouse, 422);
    const fromPerson = await post({ from: officer, to: other, role: 'shareholder', since: '2021-01-01' });
    expect(expectProblem(fromPerson, 422).errors.map((e) => e.pointer)).toContain('/from');
    const companyAsDirector = await post({ from: other, to: B, role: 'director', since: '2021-01-01' });
    expect(expectProblem(companyAsDirector, 422).errors.map((e) => e.pointer)).toContain('/to');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/relations', payload: body }), 401);
  });

  it('takes a record off the public view when its publication period ends, keeping it for the subject', async () => {
    // The penalty of 2024-01-10 is published for three years (until 2027-01-10 Asia/Shanghai).
    t.clock.set('2027-01-09T15:00:00.000Z');
    expect(types(await file(A))).toContain('administrative.penalty');
    t.clock.set('2027-01-10T00:00:00.000Z');
    const pub = await file(A);
    expect(types(pub)).toEqual(['administrative.license']);
    expect(types(await file(A, tokens.subjectA))).toContain('administrative.penalty');
    expect(types(await file(A, tokens.operator))).toContain('administrative.penalty');

    // The defaulter entry ends after five years: the person disappears from the public entirely.
    t.clock.set('2030-04-03T00:00:00.000Z');
    expectProblem(await get(Q), 404);
    const search = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${Q}` });
    expect(search.statusCode).toBe(200);
    expect(search.json().items).toEqual([]);
    expect(types(await file(Q, tokens.spc))).toEqual(['judicial.enforcement-default']);
  });
});
