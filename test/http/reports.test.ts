// Credit reports on both stores: an enterprise's public report to anyone, sorted into the PBoC-style sections,
// numbered, its content hash in the audit log and verifiable by number; a PDF whose Chinese text reads back;
// a person's report to the person only (not the public, not enforcers); `xinyong report --out`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/domain/canonical-json.js';
import { runCli } from '../support/cli.js';
import { bearer, exampleFields, expectProblem, type TestApp, testApp, tokenFor } from '../support/http.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';

describe.each(DIALECTS)('credit reports on %s', (dialect) => {
  let t: TestApp;
  let enforcer: string;
  const clock = new TestClock('2026-11-02T02:00:00.000Z');
  const firm = company(1001);
  const someone = person(991);
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-report-'));

  const send = (url: string, token?: string) => t.app.inject({ url, headers: token ? bearer(token) : {} });
  const record = async (agency: string, type: string, subject: object, externalId: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: bearer(await tokenFor(t.ctx, { role: 'agency', agency })),
      payload: { type, subject, externalId, occurredAt: '2026-06-01', fields: exampleFields(type) },
    });
    expect(res.statusCode, res.body).toBe(201);
  };

  beforeAll(async () => {
    t = await testApp(dialect, { clock });
    enforcer = await tokenFor(t.ctx, { role: 'enforcer' });
    const f = { id: firm, name: '报告示例科技有限公司' };
    await record('samr', 'administrative.penalty', f, 'R-1');
    await record('sta', 'tax.arrears', f, 'R-2');
    await record('spc', 'judicial.enforcement-default', f, 'R-3');
    await record('ndrc', 'honor.award', f, 'R-4');
    await record('samr', 'administrative.penalty', { id: someone, name: '郑个人' }, 'R-5');
    const listed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/listings',
      headers: bearer(await tokenFor(t.ctx, { role: 'agency', agency: 'samr' })),
      payload: {
        list: 'samr.business-irregularity',
        subject: firm,
        severity: 'general',
        decisionNumber: '京市监异〔2026〕1001号',
        conductAt: '2026-06-01',
        decidedAt: '2026-10-01',
        reason: '未按规定公示年度报告',
      },
    });
    expect(listed.statusCode, listed.body).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives anyone an enterprise’s public report, in sections, hashed into the audit log', async () => {
    const res = await send(`/api/v1/subjects/${firm}/report`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.number).toMatch(/^XY-20261102-[0-9A-Z]{10}$/);
    expect(r.view).toBe('public');
    const count = (k: string) => r.sections[k].length;
    expect([
      count('administrativePenalties'),
      count('unpaidTaxes'),
      count('courtRecords'),
      count('awards'),
      count('listMemberships'),
    ]).toEqual([1, 1, 1, 1, 1]);
    expect(r.sections.listMemberships[0]).toMatchObject({
      list: 'samr.business-irregularity',
      state: 'effective',
    });
    expect(r.sections.administrativePenalties[0].basis.length).toBeGreaterThan(0);
    const { contentHash: hash, auditHead, auditEntry, verifyUrl, ...content } = r;
    expect(contentHash(content)).toBe(hash);
    expect(auditHead.treeSize).toBeLessThanOrEqual(auditEntry);
    expect(verifyUrl).toMatch(new RegExp(`/verify/${r.number}$`));
    const entry = await t.ctx.store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('seq', '=', auditEntry)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'report.issue', content_hash: hash });
    const v = await send(`/api/v1/reports/${r.number}`);
    expect(v.statusCode).toBe(200);
    expect(v.json()).toMatchObject({
      number: r.number,
      valid: true,
      contentHash: hash,
      auditEntry,
      subject: { identifier: firm },
    });
    expectProblem(await send('/api/v1/reports/XY-20261102-0000000000'), 404);
    // Looked up as a collection, a number is found or not, without an error either way.
    const found = await send(`/api/v1/reports?number=${r.number}`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual({ items: [v.json()], total: 1 });
    const none = await send('/api/v1/reports?number=XY-20261102-0000000000');
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ items: [], total: 0 });
  });

  it('prints a PDF whose Chinese text, number and hash read back', async () => {
    const res = await send(`/api/v1/subjects/${firm}/report?format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'r.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString();
    expect(text).toContain('信用报告');
    expect(text).toContain('报告示例科技有限公司');
    expect(text).toContain('行政处罚信息');
    expect(text).toMatch(/XY-20261102-[0-9A-Z]{10}/);
  });

  it('gives a person’s report to the person, not to the public or an enforcer', async () => {
    // Nothing of this person is public: to the public it is not even on file.
    expectProblem(await send(`/api/v1/subjects/${someone}/report`), 404);
    expectProblem(await send(`/api/v1/subjects/${someone}/report`, enforcer), 404);
    const mine = await send(
      `/api/v1/subjects/${someone}/report`,
      await tokenFor(t.ctx, { role: 'subject', subject: someone }),
    );
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ view: 'subject', subject: { identifier: someone } });
    // Listed on a list that publishes persons: the public sees the listing, but gets no report.
    const listed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/listings',
      headers: bearer(await tokenFor(t.ctx, { role: 'agency', agency: 'spc' })),
      payload: {
        list: 'spc.defaulters',
        subject: someone,
        severity: 'general',
        decisionNumber: '(2026)京0105执991号',
        conductAt: '2026-03-01',
        decidedAt: '2026-10-01',
        reason: '有履行能力而拒不履行生效法律文书确定的义务',
      },
    });
    expect(listed.statusCode, listed.body).toBe(201);
    expect((await send(`/api/v1/subjects/${someone}`)).statusCode).toBe(200);
    expectProblem(await send(`/api/v1/subjects/${someone}/report`), 403);
    expectProblem(await send(`/api/v1/subjects/${someone}/report`, enforcer), 403);
    const v = (await send(`/api/v1/reports/${mine.json().number}`)).json();
    expect(v.subject.identifier).not.toBe(someone);
    expect(v.subject.name).toBeNull();
  });

  it('`xinyong report --out` writes the PDF', async () => {
    const out = join(dir, 'cli.pdf');
    const res = await runCli(['report', firm, '--db', t.url, '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^credit report XY-\d{8}-[0-9A-Z]{10} for 报告示例科技有限公司/);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
