// POST /api/v1/imports (multipart) → 202 job; polling it; its rejects file; agency isolation; refusals.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  countRows,
  exampleFields,
  expectProblem,
  multipartBody,
  type TestApp,
  testApp,
  tokenFor,
} from '../support/http.js';
import { company } from '../support/identifiers.js';
import { DIALECTS } from '../support/stores.js';

async function multipart(fields: [string, string][], file?: { name: string; content: Buffer | string }) {
  return multipartBody(fields, file ? [{ part: 'file', ...file }] : []);
}

const PENALTY_FIELDS = Object.keys(exampleFields('administrative.penalty'));

function csvCell(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A penalty CSV: a header and one row per entry; `bad` rows get an invalid identifier. */
function penaltyCsv(rows: { n: number; bad?: boolean; name?: string }[]): string {
  const ex = exampleFields('administrative.penalty');
  const header = ['subjectId', 'subjectName', 'externalId', 'occurredAt', ...PENALTY_FIELDS];
  const lines = [header.join(',')];
  for (const r of rows) {
    const id = r.bad ? `${company(r.n).slice(0, 17)}!` : company(r.n);
    lines.push(
      [
        id,
        r.name ?? `导入测试${r.n}有限公司`,
        `IMP-${r.n}`,
        '2025-03-01',
        ...PENALTY_FIELDS.map((f) => ex[f]),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe.each(DIALECTS)('imports over HTTP on %s', (dialect) => {
  let t: TestApp;
  let samr: string;
  let amrBeijing: string;
  let operator: string;

  const upload = async (
    token: string | undefined,
    fields: [string, string][],
    file?: { name: string; content: Buffer | string },
  ) => {
    const { payload, contentType } = await multipart(fields, file);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...(token ? bearer(token) : {}), 'content-type': contentType },
      payload,
    });
  };
  const poll = async (location: string, token: string) => {
    for (let i = 0; i < 500; i++) {
      const res = await t.app.inject({ method: 'GET', url: location, headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(200);
      const job = res.json();
      if (!['queued', 'running'].includes(job.state)) return job;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`import ${location} did not finish`);
  };

  beforeAll(async () => {
    t = await testApp(dialect);
    samr = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    amrBeijing = await tokenFor(t.ctx, { role: 'agency', agency: 'amr.beijing' });
    operator = await tokenFor(t.ctx, { role: 'operator' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes a CSV with a bad row: 202, then done with counts and a rejects file naming the row', async () => {
    const csv = penaltyCsv([{ n: 601 }, { n: 602 }, { n: 603, bad: true }, { n: 604 }]);
    const records = await countRows(t.ctx, 'records');
    const res = await upload(
      samr,
      [
        ['type', 'administrative.penalty'],
        ['format', 'csv'],
        ['encoding', 'utf8'],
      ],
      { name: 'penalties.csv', content: csv },
    );
    expect(res.statusCode, res.body).toBe(202);
    const accepted = res.json();
    expect(accepted).toMatchObject({ agency: 'samr', type: 'administrative.penalty', format: 'csv' });
    expect(res.headers.location).toBe(`/api/v1/imports/${accepted.id}`);

    const job = await poll(res.headers.location as string, samr);
    expect(job.state).toBe('done-with-rejects');
    expect(job.counts).toEqual({ rows: 4, stored: 3, duplicates: 0, rejected: 1 });
    expect(await countRows(t.ctx, 'records')).toBe(records + 3);

    const rejects = await t.app.inject({ method: 'GET', url: job.links.rejects, headers: bearer(samr) });
    expect(rejects.statusCode).toBe(200);
    expect(rejects.headers['content-type']).toMatch(/^text\/csv/);
    const lines = rejects.body.trim().split('\n');
    expect(lines[0]).toBe('rowNumber,reason,row');
    expect(lines).toHaveLength(2);
    // Row 4 of the file (the header is row 1), its reason naming the field, then the row as sent.
    expect(lines[1]).toMatch(/^4,/);
    expect(lines[1]).toContain('/subject/id');
    expect(lines[1]).toContain(`${company(603).slice(0, 17)}!`);

    // The stored rows are there, on the file of each company.
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/subjects/${company(601)}` });
    expect(file.statusCode).toBe(200);
    expect(file.json()).toMatchObject({ name: '导入测试601有限公司' });
    expect(file.json().records.map((r: { externalId: string }) => r.externalId)).toEqual(['IMP-601']);

    // The same file again stores nothing twice.
    const again = await upload(samr, [['type', 'administrative.penalty']], {
      name: 'penalties.csv',
      content: csv,
    });
    expect(again.statusCode).toBe(202);
    const job2 = await poll(again.headers.location as string, samr);
    expect(job2.counts).toEqual({ rows: 4, stored: 0, duplicates: 3, rejected: 1 });
    expect(await countRows(t.ctx, 'records')).toBe(records + 3);
  });

  it('takes GB18030 and reads the names right', async () => {
    const csv = penaltyCsv([{ n: 611, name: '荣成市鑫磊水产品有限公司' }]);
    const res = await upload(
      samr,
      [
        ['type', 'administrative.penalty'],
        ['format', 'csv'],
        ['encoding', 'gb18030'],
      ],
      { name: 'gbk.csv', content: iconv.encode(csv, 'gb18030') },
    );
    expect(res.statusCode, res.body).toBe(202);
    const job = await poll(res.headers.location as string, samr);
    expect(job.counts).toMatchObject({ rows: 1, stored: 1, rejected: 0 });
    expect(job.state).toBe('done');
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/subjects/${company(611)}` });
    expect(file.json().name).toBe('荣成市鑫磊水产品有限公司');
    expect(file.json().records[0].fields).toEqual(exampleFields('administrative.penalty'));
  });

  it('keeps an agency’s imports to itself: another agency gets 404, the operator sees it', async () => {
    const res = await upload(samr, [['type', 'administrative.penalty']], {
      name: 'p.csv',
      content: penaltyCsv([{ n: 621 }, { n: 622, bad: true }]),
    });
    expect(res.statusCode).toBe(202);
    const location = res.headers.location as string;
    await poll(location, samr);
    expectProblem(await t.app.inject({ method: 'GET', url: location, headers: bearer(amrBeijing) }), 404);
    expectProblem(
      await t.app.inject({ method: 'GET', url: `${location}/rejects`, headers: bearer(amrBeijing) }),
      404,
    );
    expect((await t.app.inject({ method: 'GET', url: location, headers: bearer(operator) })).statusCode).toBe(
      200,
    );
    expectProblem(await t.app.inject({ method: 'GET', url: location }), 401);
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/api/v1/imports/imp_nonexistent', headers: bearer(samr) }),
      404,
    );
  });

  it('refuses an unknown type with 422 naming /type, and a type the agency may not submit with 403', async () => {
    const unknown = await upload(samr, [['type', 'administrative.nonexistent']], {
      name: 'p.csv',
      content: penaltyCsv([{ n: 631 }]),
    });
    expect(expectProblem(unknown, 422).errors.map((e) => e.pointer)).toContain('/type');
    const missing = await upload(samr, [], { name: 'p.csv', content: penaltyCsv([{ n: 631 }]) });
    expect(expectProblem(missing, 422).errors.map((e) => e.pointer)).toContain('/type');
    const forbidden = await upload(samr, [['type', 'judicial.enforcement-default']], {
      name: 'p.csv',
      content: penaltyCsv([{ n: 631 }]),
    });
    expect(expectProblem(forbidden, 403).errors.map((e) => e.pointer)).toContain('/type');
    const format = await upload(
      samr,
      [
        ['type', 'administrative.penalty'],
        ['format', 'pdf'],
      ],
      { name: 'p.pdf', content: 'x' },
    );
    expect(expectProblem(format, 422).errors.map((e) => e.pointer)).toContain('/format');
    const encoding = await upload(
      samr,
      [
        ['type', 'administrative.penalty'],
        ['encoding', 'latin1'],
      ],
      { name: 'p.csv', content: 'x' },
    );
    expect(expectProblem(encoding, 422).errors.map((e) => e.pointer)).toContain('/encoding');
  });

  it('refuses an upload without a file, without a token, or from a non-agency', async () => {
    const noFile = await upload(samr, [['type', 'administrative.penalty']]);
    expect(noFile.statusCode).toBeGreaterThanOrEqual(400);
    expect(noFile.statusCode).toBeLessThan(500);
    expectProblem(noFile, noFile.statusCode);
    const content = { name: 'p.csv', content: penaltyCsv([{ n: 641 }]) };
    expectProblem(await upload(undefined, [['type', 'administrative.penalty']], content), 401);
    expectProblem(await upload(operator, [['type', 'administrative.penalty']], content), 403);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: bearer(samr),
      payload: { type: 'administrative.penalty' },
    });
    expectProblem(json, json.statusCode);
  });

  it('stores a record once whether it came over the API or in a file', async () => {
    const ex = exampleFields('administrative.penalty');
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: bearer(samr),
      payload: {
        type: 'administrative.penalty',
        subject: { id: company(661), name: '导入测试661有限公司' },
        externalId: 'IMP-661',
        occurredAt: '2025-03-01',
        fields: ex,
      },
    });
    expect(api.statusCode, api.body).toBe(201);
    const records = await countRows(t.ctx, 'records');
    const res = await upload(samr, [['type', 'administrative.penalty']], {
      name: 'same.csv',
      content: penaltyCsv([{ n: 661 }]),
    });
    const job = await poll(res.headers.location as string, samr);
    expect(job.counts).toEqual({ rows: 1, stored: 0, duplicates: 1, rejected: 0 });
    expect(await countRows(t.ctx, 'records')).toBe(records);
  });

  it('treats an externalId repeated in one file: the same content once, different content rejected', async () => {
    const csv = penaltyCsv([{ n: 671 }, { n: 671 }]);
    const changed = penaltyCsv([{ n: 672 }])
      .split('\n')[1]!
      .replace('IMP-672', 'IMP-671');
    const res = await upload(samr, [['type', 'administrative.penalty']], {
      name: 'repeat.csv',
      content: `${csv}${changed}\n`,
    });
    const job = await poll(res.headers.location as string, samr);
    expect(job.counts).toEqual({ rows: 3, stored: 1, duplicates: 1, rejected: 1 });
    const rejects = await t.app.inject({ method: 'GET', url: job.links.rejects, headers: bearer(samr) });
    const lines = rejects.body.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^4,.*externalId/);
    // "rowNumber, reason, then the row as sent": the cells of row 4, as they were in the file.
    expect(lines[1]!.endsWith(`,${changed}`), lines[1]).toBe(true);
  });

  it('reports an empty file as a failed job', async () => {
    const res = await upload(samr, [['type', 'administrative.penalty']], { name: 'empty.csv', content: '' });
    expect(res.statusCode).toBe(202);
    const job = await poll(res.headers.location as string, samr);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/empty/);
  });

  it('reports a bad header as a failed job with the reason, storing nothing', async () => {
    const records = await countRows(t.ctx, 'records');
    const csv = penaltyCsv([{ n: 651 }]).replace('subjectId,', 'subject,');
    const res = await upload(samr, [['type', 'administrative.penalty']], { name: 'bad.csv', content: csv });
    expect(res.statusCode).toBe(202);
    const job = await poll(res.headers.location as string, samr);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/column 1 must be subjectId/);
    expect(await countRows(t.ctx, 'records')).toBe(records);
  });
});
