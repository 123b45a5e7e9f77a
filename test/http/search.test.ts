// GET /api/v1/search: Chinese substrings of two characters or more, exact identifiers, persons only by full
// identifier and only with a public file, validation of q, paging with `next`.
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

interface Page {
  items: { id: number; kind: string; identifier: string; name: string | null }[];
  total: number;
  match: string;
  next?: string;
}

const HUAXIN = company(401);
const OTHERS: [string, string][] = [
  [company(402), '上海华信国际贸易有限公司'],
  [company(403), '深圳信科电子有限公司'],
  [company(404), '广州白云山制药股份有限公司'],
  [company(405), 'ＡＢＣ（中国）投资有限公司'], // full-width letters and brackets
];
const PERSON_PLAIN = person(401); // a penalty only: nothing public
const PERSON_LISTED = person(402); // a court defaulter: public
const PERSON_ON_LIST = person(403); // a listing on the defaulter list, no public record: public for the listing
const PAGED = 25;

describe.each(DIALECTS)('search on %s', (dialect) => {
  let t: TestApp;

  const search = async (q: string, extra = '') => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const names = (p: Page) => p.items.map((i) => i.name).sort();

  beforeAll(async () => {
    t = await testApp(dialect);
    const samr = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    const spc = await tokenFor(t.ctx, { role: 'agency', agency: 'spc' });
    const submit = async (token: string, body: ReturnType<typeof recordBody>) => {
      const res = await postRecord(t.app, token, body);
      expect(res.statusCode, res.body).toBe(201);
    };
    await submit(samr, recordBody({ subject: HUAXIN, name: '北京华信科技有限公司', externalId: 'S-1' }));
    for (const [i, [id, name]] of OTHERS.entries())
      await submit(samr, recordBody({ subject: id, name, externalId: `S-O${i}` }));
    await submit(samr, recordBody({ subject: PERSON_PLAIN, name: '张华信', externalId: 'S-P1' }));
    await submit(
      spc,
      recordBody({
        type: 'judicial.enforcement-default',
        subject: PERSON_LISTED,
        name: '赵华信',
        externalId: 'S-P2',
        occurredAt: '2025-04-03',
      }),
    );
    await submit(samr, recordBody({ subject: PERSON_ON_LIST, name: '钱华信', externalId: 'S-P3' }));
    const listed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/listings',
      headers: bearer(spc),
      payload: {
        list: 'spc.defaulters',
        subject: PERSON_ON_LIST,
        severity: 'general',
        decisionNumber: '（2026）京0105执403号',
        conductAt: '2025-10-01',
        decidedAt: '2025-11-01',
        reason: '有履行能力而拒不履行生效法律文书确定的义务',
      },
    });
    expect(listed.statusCode, listed.body).toBe(201);
    for (let i = 0; i < PAGED; i++) {
      await submit(
        samr,
        recordBody({
          subject: company(500 + i),
          name: `威海海星水产第${i + 1}分公司`,
          externalId: `S-H${i}`,
        }),
      );
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds a company by a two-character Chinese substring anywhere in its name', async () => {
    const a = await search('华信');
    expect(a.match).toBe('name');
    expect(names(a)).toEqual(['上海华信国际贸易有限公司', '北京华信科技有限公司']);
    expect(a.total).toBe(2);
    const b = await search('信科');
    expect(names(b)).toEqual(['北京华信科技有限公司', '深圳信科电子有限公司']);
    const c = await search('华信科技');
    expect(names(c)).toEqual(['北京华信科技有限公司']);
    // A substring means consecutive characters: 华 and 科 both occur, but not as 华科.
    expect((await search('华科')).items).toEqual([]);
    // The middle and the end of a name.
    expect(names(await search('白云山'))).toEqual(['广州白云山制药股份有限公司']);
    expect((await search('有限公司')).total).toBe(5);
    expect((await search('公司')).total).toBe(5 + PAGED);
  });

  it('normalizes full-width characters and case, and ignores punctuation', async () => {
    expect(names(await search('abc'))).toEqual(['ＡＢＣ（中国）投资有限公司']);
    expect(names(await search('ＡＢＣ中国'))).toEqual(['ＡＢＣ（中国）投资有限公司']);
    expect(names(await search('（中国）'))).toEqual(['ＡＢＣ（中国）投资有限公司']);
  });

  it('finds exactly one company by its full USCC, with spaces or lower case', async () => {
    const a = await search(HUAXIN);
    expect(a.match).toBe('identifier');
    expect(a.total).toBe(1);
    expect(a.items).toEqual([
      expect.objectContaining({ identifier: HUAXIN, name: '北京华信科技有限公司', kind: 'enterprise' }),
    ]);
    const spaced = `${HUAXIN.slice(0, 6)} ${HUAXIN.slice(6, 12)} ${HUAXIN.slice(12)}`.toLowerCase();
    expect((await search(spaced)).items.map((i) => i.identifier)).toEqual([HUAXIN]);
    // A valid code not on file finds nothing.
    const none = await search(company(499));
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('never finds a person by name', async () => {
    const a = await search('华信');
    expect(a.items.every((i) => i.kind !== 'person')).toBe(true);
    expect((await search('张华信')).items).toEqual([]);
    expect((await search('赵华信')).items).toEqual([]);
  });

  it('finds a person by full identity number only when they have a public file, masked', async () => {
    expect((await search(PERSON_PLAIN)).items).toEqual([]);
    expect((await search(PERSON_PLAIN)).total).toBe(0);
    const listed = await search(PERSON_LISTED);
    expect(listed.total).toBe(1);
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ kind: 'person', name: '赵华信' });
    expect(listed.items[0]!.identifier).toBe(
      `${PERSON_LISTED.slice(0, 4)}**********${PERSON_LISTED.slice(14)}`,
    );
    expect(JSON.stringify(listed)).not.toContain(PERSON_LISTED);
    // A person published only through a listing whose basis requires it is found as the public file shows them.
    const onList = await search(PERSON_ON_LIST);
    expect(onList.items).toHaveLength(1);
    const file = await t.app.inject({ url: `/api/v1/subjects/${PERSON_ON_LIST}` });
    expect(file.statusCode).toBe(200);
    // A prefix of an identity number is not an identifier, and persons are never matched by a part of it.
    expect((await search(PERSON_LISTED.slice(0, 10))).items).toEqual([]);
  });

  it('lets an operator find any person by full identity number', async () => {
    const operator = await tokenFor(t.ctx, { role: 'operator' });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/search?q=${PERSON_PLAIN}`,
      headers: bearer(operator),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(1);
  });

  it('refuses a query shorter than two characters with a pointer to /q', async () => {
    for (const q of ['华', 'a', ' 华 ', '-', '']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}` });
      const p = expectProblem(res, 422);
      expect(
        p.errors.map((e) => e.pointer),
        JSON.stringify(q),
      ).toContain('/q');
    }
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/search' });
    expect(expectProblem(missing, 422).errors.map((e) => e.pointer)).toContain('/q');
    const badLimit = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=华信&limit=0' });
    expect(expectProblem(badLimit, 422).errors.map((e) => e.pointer)).toContain('/limit');
  });

  it('pages through the matches with `next`, each once, in a stable order', async () => {
    const seen: string[] = [];
    let url: string | undefined = `/api/v1/search?q=${encodeURIComponent('海星水产')}&limit=10`;
    const sizes: number[] = [];
    while (url) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as Page;
      expect(page.total).toBe(PAGED);
      sizes.push(page.items.length);
      seen.push(...page.items.map((i) => i.identifier));
      url = page.next;
      expect(sizes.length).toBeLessThan(10);
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(new Set(seen).size).toBe(PAGED);
    expect(seen.sort()).toEqual(Array.from({ length: PAGED }, (_, i) => company(500 + i)).sort());
    // An exact page end has no next.
    const last = await search('海星水产', '&limit=5&offset=20');
    expect(last.items).toHaveLength(5);
    expect(last.next).toBeUndefined();
  });
});
