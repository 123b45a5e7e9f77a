// Objections end to end on both stores: a listed person objects with evidence; the listing shows as under
// objection in the check's reasons and in the listing; the deadline counts working days on the real calendar
// (the 2026 National Day holidays and their adjusted working days); one extension; the owner upholds and checks
// allow again. A record objected to by the public is withdrawn, and the listing resting on it ends. Refusals:
// a second objection, a hidden item, the wrong agency, an overdue objection escalated to the operators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdue } from '../../src/services/objections.js';
import {
  bearer,
  expectProblem,
  multipartBody,
  recordBody,
  type TestApp,
  testApp,
  tokenFor,
} from '../support/http.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

interface ObjectionBody {
  id: number;
  state: string;
  itemType: string;
  item: number;
  deadline: { dueAt: string; workingDaysLeft: number | null; overdue: boolean; source: string };
  extension: { at: string; reason: string } | null;
  decision: { outcome: string; reason: string } | null;
  escalatedAt: string | null;
  evidence: { id: number; name: string; mediaType: string; size: number; sha256: string; url: string }[];
  endedListings?: number[];
  withdrawnRecord?: number | null;
}

describe.each(DIALECTS)('objections on %s', (dialect) => {
  let t: TestApp;
  let spc: string;
  let samr: string;
  let enforcer: string;
  let operator: string;
  let debtorToken: string;
  let listingId: number;
  // Monday 21 September 2026, 10:00 in Shanghai.
  const clock = new TestClock('2026-09-21T02:00:00.000Z');
  const debtor = person(401);
  const stranger = person(402);
  const firm = company(401);

  const send = (method: 'GET' | 'POST', url: string, token?: string, payload?: object) =>
    t.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });
  const decision = async (subject: string) => {
    const res = await send('GET', `/api/v1/check?subject=${subject}&action=air.ticket.purchase`, enforcer);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      decision: string;
      reasons: { listing: number; underObjection?: { objection: number } }[];
    };
  };

  beforeAll(async () => {
    t = await testApp(dialect, { clock });
    spc = await tokenFor(t.ctx, { role: 'agency', agency: 'spc' });
    samr = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    enforcer = await tokenFor(t.ctx, { role: 'enforcer' });
    operator = await tokenFor(t.ctx, { role: 'operator' });
    const listed = await send('POST', '/api/v1/listings', spc, {
      list: 'spc.defaulters',
      subject: { id: debtor, name: '赵异议' },
      severity: 'general',
      decisionNumber: '(2026)京0105执401号',
      conductAt: '2026-03-01',
      decidedAt: '2026-09-08',
      reason: '有履行能力而拒不履行生效法律文书确定的义务',
    });
    expect(listed.statusCode, listed.body).toBe(201);
    listingId = listed.json().id;
    debtorToken = await tokenFor(t.ctx, { role: 'subject', subject: debtor });
  });
  afterAll(async () => t?.close());

  let objection: ObjectionBody;

  it('takes the subject’s objection with evidence, and counts the deadline in working days', async () => {
    expect((await decision(debtor)).decision).toBe('deny');
    const { payload, contentType } = await multipartBody(
      [
        ['itemType', 'listing'],
        ['item', String(listingId)],
        ['reason', '已于2026年9月1日履行全部义务，见执行法院出具的结案证明'],
      ],
      [
        { part: 'evidence', name: '结案证明.pdf', content: PDF, type: 'application/pdf' },
        { part: 'evidence', name: '收据.png', content: PNG, type: 'image/png' },
      ],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objections',
      headers: { ...bearer(debtorToken), 'content-type': contentType, 'idempotency-key': 'obj-401' },
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    objection = res.json();
    expect(res.headers.location).toBe(`/api/v1/objections/${objection.id}`);
    // 22–24 Sep, 28–30 Sep, 8–9 Oct, Saturday 10 Oct (worked in exchange), Monday 12 Oct: ten working days
    // around Mid-Autumn (25 Sep) and the National Day week.
    expect(objection).toMatchObject({
      state: 'pending',
      itemType: 'listing',
      item: listingId,
      deadline: { dueAt: '2026-10-12T16:00:00.000Z', workingDaysLeft: 10, overdue: false },
      extension: null,
      decision: null,
    });
    expect(objection.deadline.source).toContain('Credit China');
    expect(objection.evidence).toMatchObject([
      { name: '结案证明.pdf', mediaType: 'application/pdf', size: PDF.length },
      { name: '收据.png', mediaType: 'image/png', size: PNG.length },
    ]);
    const file = await send('GET', objection.evidence[0]!.url, debtorToken);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);

    // A retry with the same key is the same objection.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objections',
      headers: { ...bearer(debtorToken), 'content-type': contentType, 'idempotency-key': 'obj-401' },
      payload,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().id).toBe(objection.id);
  });

  it('shows the listing as under objection in the check’s reasons and in the listing', async () => {
    const answer = await decision(debtor);
    expect(answer.decision).toBe('deny'); // the measure applies until the owner decides
    expect(answer.reasons.length).toBeGreaterThan(0);
    for (const r of answer.reasons) expect(r.underObjection).toEqual({ objection: objection.id });
    const listing = (await send('GET', `/api/v1/listings/${listingId}`, spc)).json();
    expect(listing.underObjection).toMatchObject({ objection: objection.id });
    expect(listing.objection.answerWithin).toContain('10 working days');
  });

  it('refuses a second objection to the same item, a hidden item, and a decision by another agency', async () => {
    const second = await send('POST', '/api/v1/objections', debtorToken, {
      itemType: 'listing',
      item: listingId,
      reason: '再次异议',
    });
    expect(expectProblem(second, 409).errors[0]!.pointer).toBe('/item');
    // A listing still in its notice period is not public: only its subject may object.
    const noticed = await send('POST', '/api/v1/listings', spc, {
      list: 'spc.defaulters',
      subject: stranger,
      severity: 'general',
      decisionNumber: '(2026)京0105执402号',
      conductAt: '2026-03-01',
      decidedAt: '2026-09-20',
      reason: '有履行能力而拒不履行生效法律文书确定的义务',
    });
    expect(noticed.statusCode, noticed.body).toBe(201);
    expectProblem(
      await send('POST', '/api/v1/objections', undefined, {
        itemType: 'listing',
        item: noticed.json().id,
        reason: '此人不应列入',
      }),
      404,
    );
    expect(
      expectProblem(
        await send('POST', '/api/v1/objections', undefined, { itemType: 'tweet', reason: 'x' }),
        422,
      )
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/item', '/itemType', '/reason']);
    // Evidence is checked by its bytes, not by what the sender calls it.
    const fake = await multipartBody(
      [
        ['itemType', 'listing'],
        ['item', String(listingId)],
        ['reason', '附件'],
      ],
      [{ part: 'evidence', name: 'not.pdf', content: 'MZ not a pdf', type: 'application/pdf' }],
    );
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objections',
      headers: { ...bearer(debtorToken), 'content-type': fake.contentType },
      payload: fake.payload,
    });
    expect(expectProblem(refused, 422).errors).toEqual([
      {
        pointer: '/evidence/0',
        reason: 'not.pdf must be one of application/pdf, image/jpeg, image/png, video/mp4',
      },
    ]);
    expectProblem(
      await send('POST', `/api/v1/objections/${objection.id}/decision`, samr, {
        outcome: 'upheld',
        reason: '不是我们',
      }),
      403,
    );
    expectProblem(await send('GET', `/api/v1/objections/${objection.id}`, samr), 404);
  });

  it('extends the deadline once, with a reason', async () => {
    const res = await send('POST', `/api/v1/objections/${objection.id}/extension`, spc, {
      reason: '需向申请执行人核实履行情况',
    });
    expect(res.statusCode, res.body).toBe(200);
    // Three more working days after 12 October.
    expect(res.json()).toMatchObject({
      deadline: { dueAt: '2026-10-15T16:00:00.000Z' },
      extension: { reason: '需向申请执行人核实履行情况' },
    });
    expectProblem(
      await send('POST', `/api/v1/objections/${objection.id}/extension`, spc, { reason: '再延长' }),
      409,
    );
  });

  it('upheld by the owner: the listing and those that follow it end, and checks allow again', async () => {
    clock.set('2026-10-09T02:00:00.000Z');
    const res = await send('POST', `/api/v1/objections/${objection.id}/decision`, spc, {
      outcome: 'upheld',
      reason: '经核实，被执行人已履行全部义务',
    });
    expect(res.statusCode, res.body).toBe(200);
    const decided: ObjectionBody = res.json();
    expect(decided).toMatchObject({ state: 'upheld', decision: { outcome: 'upheld' } });
    expect(decided.endedListings).toContain(listingId);
    expect(decided.endedListings!.length).toBeGreaterThan(1); // the derived lists end with it
    expect(await decision(debtor)).toMatchObject({ decision: 'allow', reasons: [] });
    const listing = (await send('GET', `/api/v1/listings/${listingId}`, spc)).json();
    expect(listing).toMatchObject({ state: 'ended', endReason: 'objection-upheld', underObjection: null });
    expectProblem(
      await send('POST', `/api/v1/objections/${objection.id}/decision`, spc, {
        outcome: 'rejected',
        reason: '改变主意',
      }),
      409,
    );
    const mine = (await send('GET', '/api/v1/objections', debtorToken)).json();
    expect(mine.items.map((o: ObjectionBody) => o.id)).toEqual([objection.id]);
  });

  it('withdraws a record the public objected to, and ends the listing resting on it', async () => {
    clock.set('2026-10-12T02:00:00.000Z');
    const rec = await send(
      'POST',
      '/api/v1/records',
      samr,
      recordBody({ subject: firm, name: '异议示例有限公司', externalId: 'samr-obj-1' }),
    );
    expect(rec.statusCode, rec.body).toBe(201);
    const recordId: number = rec.json().id;
    const listed = await send('POST', '/api/v1/listings', samr, {
      list: 'samr.business-irregularity',
      subject: firm,
      severity: 'general',
      decisionNumber: '京市监异〔2026〕1号',
      conductAt: '2026-06-01',
      decidedAt: '2026-10-12',
      reason: '未按规定公示年度报告',
      records: [recordId],
    });
    expect(listed.statusCode, listed.body).toBe(201);
    const filed = await send('POST', '/api/v1/objections', undefined, {
      itemType: 'record',
      item: recordId,
      reason: '处罚决定已被行政复议撤销',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const o: ObjectionBody = filed.json();
    expect((await send('GET', `/api/v1/records/${recordId}`, samr)).json().underObjection).toMatchObject({
      objection: o.id,
    });
    const res = await send('POST', `/api/v1/objections/${o.id}/decision`, samr, {
      outcome: 'upheld',
      reason: '处罚决定已被撤销，撤回该记录',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ withdrawnRecord: recordId, endedListings: [listed.json().id] });
    const record = (await send('GET', `/api/v1/records/${recordId}`, samr)).json();
    expect(record.supersededAt).toBe('2026-10-12T02:00:00.000Z');
    expect(record.correctionReason).toContain(`objection ${o.id} upheld`);
    expect(record.underObjection).toBeNull();
    // The same record again is refused while it stands withdrawn: a new submission needs its own externalId.
    const again = await send(
      'POST',
      '/api/v1/records',
      samr,
      recordBody({ subject: firm, name: '异议示例有限公司', externalId: 'samr-obj-1' }),
    );
    expect(expectProblem(again, 409).errors[0]!.pointer).toBe('/externalId');
  });

  it('lists overdue objections and escalates them to the operators once', async () => {
    const rec = await send(
      'POST',
      '/api/v1/records',
      samr,
      recordBody({ subject: firm, externalId: 'samr-obj-2' }),
    );
    const filed = await send('POST', '/api/v1/objections', undefined, {
      itemType: 'record',
      item: rec.json().id,
      reason: '金额有误',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const o: ObjectionBody = filed.json();
    clock.set(o.deadline.dueAt);
    const overdue = (await send('GET', '/api/v1/objections?overdue=true', operator)).json();
    expect(overdue.items.map((x: ObjectionBody) => x.id)).toEqual([o.id]);
    expect(overdue.items[0].deadline).toMatchObject({ overdue: true, workingDaysLeft: 0 });
    expect((await send('GET', '/api/v1/objections?overdue=true', spc)).json().total).toBe(0);
    expect((await escalateOverdue(t.ctx)).map((x) => x.id)).toEqual([o.id]);
    expect(await escalateOverdue(t.ctx)).toEqual([]);
    expect((await send('GET', `/api/v1/objections/${o.id}`, operator)).json().escalatedAt).toBe(
      o.deadline.dueAt,
    );
  });
});
