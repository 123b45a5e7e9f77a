// Credit repair end to end on both stores: the listed person applies with evidence; the court grants; the listing
// and the lists that follow it end early, checks allow again, and the records behind the listing stop being
// published (they stay on file). Refusals: not eligible yet (a list's minimum period), a derived listing, someone
// else's listing, a second pending application, the wrong agency, a second decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  exampleFields,
  expectProblem,
  multipartBody,
  type TestApp,
  testApp,
  tokenFor,
} from '../support/http.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';

const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9,
]);

describe.each(DIALECTS)('credit repair on %s', (dialect) => {
  let t: TestApp;
  let spc: string;
  let gacc: string;
  let enforcer: string;
  let debtorToken: string;
  let strangerToken: string;
  let listing: { id: number };
  let derivedIds: number[];
  let recordId: number;
  const clock = new TestClock('2026-11-02T02:00:00.000Z');
  const debtor = person(501);
  const stranger = person(502);
  const firm = company(501);

  const send = (method: 'GET' | 'POST', url: string, token?: string, payload?: object) =>
    t.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });
  const application = (extra: object = {}) => ({
    listing: listing.id,
    obligationsPerformed: '2026年10月30日已向申请执行人支付全部款项及迟延履行金，执行案件已结案',
    commitmentLetter: '本人承诺今后诚信守法，按时履行生效法律文书确定的义务',
    ...extra,
  });

  beforeAll(async () => {
    t = await testApp(dialect, { clock });
    spc = await tokenFor(t.ctx, { role: 'agency', agency: 'spc' });
    gacc = await tokenFor(t.ctx, { role: 'agency', agency: 'gacc' });
    enforcer = await tokenFor(t.ctx, { role: 'enforcer' });
    const rec = await send('POST', '/api/v1/records', spc, {
      type: 'judicial.enforcement-default',
      subject: { id: debtor, name: '钱修复' },
      externalId: '(2026)京0105执501号',
      occurredAt: '2026-06-01',
      fields: exampleFields('judicial.enforcement-default'),
    });
    expect(rec.statusCode, rec.body).toBe(201);
    recordId = rec.json().id;
    const listed = await send('POST', '/api/v1/listings', spc, {
      list: 'spc.defaulters',
      subject: debtor,
      severity: 'general',
      decisionNumber: '(2026)京0105执501号',
      conductAt: '2026-06-01',
      decidedAt: '2026-09-01',
      reason: '有履行能力而拒不履行生效法律文书确定的义务',
      records: [recordId],
    });
    expect(listed.statusCode, listed.body).toBe(201);
    listing = listed.json();
    derivedIds = (listed.json().derived as { id: number }[]).map((d) => d.id);
    expect(derivedIds.length).toBeGreaterThan(0);
    debtorToken = await tokenFor(t.ctx, { role: 'subject', subject: debtor });
    const other = await send('POST', '/api/v1/records', spc, {
      type: 'judicial.enforcement-default',
      subject: { id: stranger, name: '孙旁人' },
      externalId: '(2026)京0105执502号',
      occurredAt: '2026-06-01',
      fields: exampleFields('judicial.enforcement-default'),
    });
    expect(other.statusCode, other.body).toBe(201);
    strangerToken = await tokenFor(t.ctx, { role: 'subject', subject: stranger });
  });
  afterAll(async () => t?.close());

  let repairId: number;

  it('takes the listed person’s application, with evidence, and a deadline in working days', async () => {
    const check = await send('GET', `/api/v1/check?subject=${debtor}&action=air.ticket.purchase`, enforcer);
    expect(check.json().decision).toBe('deny');
    const { payload, contentType } = await multipartBody(
      Object.entries(application({ trainingCertificate: '信用修复培训结业证书 No. 2026-1101' })).map(
        ([k, v]) => [k, String(v)],
      ),
      [{ part: 'evidence', name: '付款凭证.jpg', content: JPEG, type: 'image/jpeg' }],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/repairs',
      headers: { ...bearer(debtorToken), 'content-type': contentType },
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    repairId = body.id;
    // Monday 2 November: ten working days are 3–6, 9–13 and 16 November.
    expect(body).toMatchObject({
      listing: listing.id,
      state: 'pending',
      trainingCertificate: '信用修复培训结业证书 No. 2026-1101',
      deadline: { dueAt: '2026-11-16T16:00:00.000Z', workingDaysLeft: 10, overdue: false },
      evidence: [{ name: '付款凭证.jpg', mediaType: 'image/jpeg', size: JPEG.length }],
    });
    const file = await send('GET', body.evidence[0].url, spc);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(JPEG)).toBe(true);
  });

  it('refuses what the procedure does not allow, and what is not the caller’s', async () => {
    expect(
      expectProblem(await send('POST', '/api/v1/repairs', debtorToken, application()), 409).errors,
    ).toEqual([{ pointer: '/listing', reason: `application ${repairId} is pending` }]);
    expectProblem(await send('POST', '/api/v1/repairs', strangerToken, application()), 404);
    const derived = expectProblem(
      await send('POST', '/api/v1/repairs', debtorToken, application({ listing: derivedIds[0] })),
      409,
    );
    expect(derived.errors[0]!.reason).toContain(`follows listing ${listing.id}`);
    expect(
      expectProblem(await send('POST', '/api/v1/repairs', debtorToken, { listing: 'x', extra: 1 }), 422)
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/commitmentLetter', '/extra', '/listing', '/obligationsPerformed']);
    // Customs' list: repair no sooner than a year after the listing took effect.
    const customs = await send('POST', '/api/v1/listings', gacc, {
      list: 'gacc.dishonest-enterprises',
      subject: firm,
      severity: 'serious',
      decisionNumber: '署企〔2026〕501号',
      conductAt: '2026-01-10',
      decidedAt: '2026-10-01',
      reason: '拖欠应缴税款',
    });
    expect(customs.statusCode, customs.body).toBe(201);
    const firmToken = await tokenFor(t.ctx, { role: 'subject', subject: firm });
    const early = expectProblem(
      await send('POST', '/api/v1/repairs', firmToken, application({ listing: customs.json().id })),
      409,
    );
    expect(early.errors[0]!.reason).toContain('minimum period P1Y');
    expectProblem(
      await send('POST', `/api/v1/repairs/${repairId}/decision`, gacc, {
        outcome: 'granted',
        reason: '同意',
      }),
      403,
    );
  });

  it('granted by the court: the listing and those that follow it end, checks allow, publication stops', async () => {
    clock.set('2026-11-05T02:00:00.000Z');
    const res = await send('POST', `/api/v1/repairs/${repairId}/decision`, spc, {
      outcome: 'granted',
      reason: '被执行人已履行全部义务，同意信用修复',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'granted', unpublishedRecords: [recordId] });
    expect([...res.json().endedListings].sort()).toEqual([listing.id, ...derivedIds].sort());
    const check = await send('GET', `/api/v1/check?subject=${debtor}&action=air.ticket.purchase`, enforcer);
    expect(check.json()).toMatchObject({ decision: 'allow', reasons: [] });
    const after = (await send('GET', `/api/v1/listings/${listing.id}`, spc)).json();
    expect(after).toMatchObject({
      state: 'ended',
      endReason: 'repaired',
      endedAt: '2026-11-05T02:00:00.000Z',
    });
    const record = (await send('GET', `/api/v1/records/${recordId}`, spc)).json();
    expect(record.publicationEndsAt).toBe('2026-11-05T02:00:00.000Z');
    expect(record.supersededAt).toBeNull(); // on file still, for its retention period
    expectProblem(
      await send('POST', `/api/v1/repairs/${repairId}/decision`, spc, { outcome: 'refused', reason: '撤回' }),
      409,
    );
    const mine = (await send('GET', '/api/v1/repairs', debtorToken)).json();
    expect(mine).toMatchObject({ total: 1, items: [{ id: repairId, state: 'granted' }] });
  });
});
