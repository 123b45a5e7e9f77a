// Scores through the API on both stores: a Fuzhou resident's points computed from records on file, with a ledger
// that explains every point and what changes the grade; written back into the file as a score.result record by
// the score keeper, as soon as a record arrives; pinned to 0 while a court-defaulter listing is in effect;
// restricted to the subject, operators and the scheme's owner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScoreKeeper } from '../../src/services/scoring/score-keeper.js';
import { verifyLog } from '../../src/services/verify-log.js';
import { bearer, countRows, expectProblem, type TestApp, testApp, tokenFor } from '../support/http.js';
import { person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';
import { until } from '../support/until.js';

interface ScoreItem {
  scheme: string;
  applies: boolean;
  score: number;
  grade: string;
  ledger: {
    rule: string;
    points: number;
    uncapped?: number;
    inputs: string[];
    until: string;
    basis: unknown[];
  }[];
  pinnedBy?: string;
  outlook: { next?: { grade: string; pointsNeeded: number }; ways: { rule: string; access: string }[] };
  onFile?: { score: number; grade: string; record: number };
}

describe.each(DIALECTS)('scores on %s', (dialect) => {
  let t: TestApp;
  const clock = new TestClock('2026-11-02T02:00:00.000Z');
  const resident = person(321, '361002');
  let self: string;
  let sgcc: string;

  const post = async (agency: string, body: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: bearer(await tokenFor(t.ctx, { role: 'agency', agency })),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };
  const bill = (n: number, daysOverdue: number, amountBilled = 300) =>
    post('sgcc', {
      type: 'utility.payment',
      subject: { id: resident, name: '黄抚州' },
      externalId: `E-${n}`,
      occurredAt: `2026-0${n}-05`,
      fields: {
        utility: 'electricity',
        provider: '国网江西省电力有限公司抚州供电分公司',
        billingMonth: `2025-0${n}`,
        amountBilled,
        amountPaid: 0,
        status: 'in-arrears',
        daysOverdue,
      },
    });
  const scores = async (token: string | undefined, query = '') =>
    t.app.inject({ url: `/api/v1/subjects/${resident}/scores${query}`, headers: token ? bearer(token) : {} });
  const fuzhou = async (token = self) => {
    const res = await scores(token);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: ScoreItem[] }).items.find((i) => i.scheme === 'fuzhou.points')!;
  };

  beforeAll(async () => {
    t = await testApp(dialect, { clock, scores: true });
    sgcc = await tokenFor(t.ctx, { role: 'agency', agency: 'sgcc' });
    expect(sgcc).toBeTruthy();
    await bill(1, 170);
    await bill(2, 160);
    await bill(3, 90, 12_000);
    await bill(4, 30); // not overdue long enough: no points
    await post('ccf', {
      type: 'civic.charitable-donation',
      subject: { id: resident },
      externalId: 'D-1',
      occurredAt: '2026-05-20',
      fields: {
        recipient: '中华慈善总会',
        recipientUscc: '12100000400001230J',
        donatedOn: '2026-05-20',
        amount: 25_000,
        inKind: false,
        receiptNumber: '1100126000000001',
      },
    });
    self = await tokenFor(t.ctx, { role: 'subject', subject: resident });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('computes a Fuzhou resident’s points from the records on file, each point explained', async () => {
    const s = await fuzhou();
    // 800 start; three bills over the limits at −10 each (cap 30); RMB 25,000: 10 + 5 for one further full 10,000.
    expect(s).toMatchObject({ applies: true, score: 785, grade: 'A' });
    const electricity = s.ledger.filter((e) => e.rule === 'electricity-arrears');
    expect(electricity.map((e) => e.points)).toEqual([-10, -10, -10]);
    expect(s.ledger.find((e) => e.rule === 'charity-federation-donation')).toMatchObject({
      points: 15,
      until: '2027-05-20',
    });
    for (const e of s.ledger) {
      expect(e.inputs.length).toBeGreaterThan(0);
      expect(e.basis.length).toBeGreaterThan(0);
    }
    expect(s.outlook.next).toMatchObject({ grade: 'AA', pointsNeeded: 15 });
    expect(s.outlook.ways[0]).toMatchObject({ access: 'open' });
  });

  it('writes the score back into the file as a score.result record, and again when a record changes it', async () => {
    // The keeper may write while the records above were still arriving; wait until it has caught up with them.
    const first = await until(async () => {
      const s = await fuzhou();
      return s.onFile && s.onFile.score === s.score ? s.onFile : undefined;
    });
    expect(first).toMatchObject({ score: 785, grade: 'A' });
    const file = await t.app.inject({ url: `/api/v1/subjects/${resident}`, headers: bearer(self) });
    const recs = (file.json() as { records: { type: string; id: number }[] }).records;
    expect(recs.some((r) => r.type === 'score.result' && r.id === first.record)).toBe(true);
    // A fourth qualifying bill is capped: the rule gives at most 30; the result is the same, nothing is written.
    await bill(5, 200);
    const capped = await fuzhou();
    expect(capped.score).toBe(785);
    expect(capped.ledger.filter((e) => e.rule === 'electricity-arrears').map((e) => e.points)).toEqual([
      -10, -10, -10, 0,
    ]);
    // A further donation in the same year adds to the year's sum: RMB 40,000 → 10 + 15 = 25, capped at 20.
    await post('ccf', {
      type: 'civic.charitable-donation',
      subject: { id: resident },
      externalId: 'D-2',
      occurredAt: '2026-06-20',
      fields: {
        recipient: '中华慈善总会',
        recipientUscc: '12100000400001230J',
        donatedOn: '2026-06-20',
        amount: 15_000,
        inKind: false,
        receiptNumber: '1100126000000002',
      },
    });
    const second = await until(async () => {
      const s = await fuzhou();
      return s.onFile && s.onFile.score !== first.score && s.onFile.score === s.score ? s : undefined;
    });
    expect(second).toMatchObject({ score: 790, onFile: { score: 790 } });
    expect(second.ledger.find((e) => e.rule === 'charity-federation-donation')).toMatchObject({
      points: 20,
      uncapped: 25,
    });
    // Every score written is in the audit log, and the log verifies.
    const writes = await t.ctx.store.db
      .selectFrom('audit_entries')
      .select('seq')
      .where('action', '=', 'scores.write')
      .execute();
    expect(writes.length).toBeGreaterThanOrEqual(2);
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });

  it('pins the score to 0 while a court-defaulter listing is in effect, and never lists anyone itself', async () => {
    const listed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/listings',
      headers: bearer(await tokenFor(t.ctx, { role: 'agency', agency: 'spc' })),
      payload: {
        list: 'spc.defaulters',
        subject: resident,
        severity: 'general',
        decisionNumber: '（2026）赣10执123号',
        conductAt: '2026-09-01',
        decidedAt: '2026-11-01',
        reason: '有履行能力而拒不履行生效法律文书确定的义务',
      },
    });
    expect(listed.statusCode, listed.body).toBe(201);
    // Not yet in effect (the notice period): the score does not move.
    expect((await fuzhou()).score).toBe(790);
    clock.set('2026-11-20T02:00:00.000Z');
    const pinned = await fuzhou();
    expect(pinned).toMatchObject({ score: 0, pinnedBy: 'court-judgment-not-performed', grade: 'C' });
    const listings = await t.app.inject({
      url: `/api/v1/listings?subject=${resident}`,
      headers: bearer(await tokenFor(t.ctx, { role: 'operator' })),
    });
    // The court's listing and the lists derived from it; none by the scheme's owner.
    const items = (listings.json() as { items: { list: string; agency: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((l) => l.list === 'spc.defaulters')).toBe(true);
    expect(items.filter((l) => l.agency === 'drc.fuzhou')).toEqual([]);
  });

  it('shows scores only to the subject, operators and the scheme’s owner', async () => {
    expectProblem(await scores(undefined), 401);
    expectProblem(await scores(await tokenFor(t.ctx, { role: 'enforcer' })), 403);
    const neighbour = person(322, '361002');
    await post('sgcc', {
      type: 'utility.payment',
      subject: { id: neighbour },
      externalId: 'N-1',
      occurredAt: '2026-01-05',
      fields: {
        utility: 'electricity',
        provider: '国网江西省电力有限公司抚州供电分公司',
        billingMonth: '2025-12',
        amountBilled: 80,
        amountPaid: 80,
        status: 'paid-on-time',
      },
    });
    expectProblem(await scores(await tokenFor(t.ctx, { role: 'subject', subject: neighbour })), 403);
    expectProblem(await scores(await tokenFor(t.ctx, { role: 'agency', agency: 'samr' })), 403);
    const owner = await scores(await tokenFor(t.ctx, { role: 'agency', agency: 'drc.fuzhou' }));
    expect(owner.statusCode, owner.body).toBe(200);
    const op = await scores(await tokenFor(t.ctx, { role: 'operator' }), '?scheme=fuzhou.points');
    expect((op.json() as { items: ScoreItem[] }).items).toHaveLength(1);
    const bad = expectProblem(await scores(self, '?scheme=nowhere.points'), 422);
    expect(bad.errors[0]).toMatchObject({ pointer: '/scheme' });
  });

  it('simulates a proposed scheme on current data without changing it, with fairness figures', async () => {
    const operator = await tokenFor(t.ctx, { role: 'operator' });
    const shipped = (await t.app.inject({ url: '/api/v1/schemes/fuzhou.points' })).json() as {
      start: number;
      rules: { code: string }[];
    };
    const before = await countRows(t.ctx, 'records');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/simulations',
      headers: bearer(operator),
      payload: {
        ...shipped,
        start: 900,
        rules: shipped.rules.filter((r) => r.code !== 'court-judgment-not-performed'),
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [sim] = (res.json() as { schemes: Record<string, unknown>[] }).schemes;
    // Two Fuzhou residents on file: the defaulter (pinned at 0 before, 890 after) and the neighbour (800 → 900).
    expect(sim).toMatchObject({
      scheme: 'fuzhou.points',
      replaces: true,
      subjects: 2,
      affected: 2,
      grades: { before: { C: 1, AA: 1 }, after: { AAA: 1, AA: 1 } },
      fairness: { pinned: 0, earnedAny: 1, rules: { open: 4 } },
    });
    expect(await countRows(t.ctx, 'records')).toBe(before);
    // It read every Fuzhou file: the audit log says who ran it and what was proposed.
    const runs = await t.ctx.store.db
      .selectFrom('audit_entries')
      .select(['actor', 'target'])
      .where('action', '=', 'simulation.run')
      .execute();
    expect(runs).toHaveLength(1);
    // Refused as the loader refuses: a rule without a basis, a rule on a prohibited category.
    const refused = expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/simulations',
        headers: bearer(operator),
        payload: {
          ...shipped,
          rules: [
            {
              code: 'church',
              names: { zh: '参加教堂活动', en: 'Church attendance' },
              reads: 'civic.volunteering',
              points: -5,
              category: 'charity',
              legalBasis: [],
              source: 'seed 002',
            },
          ],
        },
      }),
      422,
    );
    expect(refused.errors.map((e) => e.reason).join(' ')).toMatch(/legal basis/);
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/simulations',
        headers: bearer(self),
        payload: shipped,
      }),
      403,
    );
  });

  it('simulates a proposed memorandum: whom it reaches, which measures, how deep the cascade goes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/simulations',
      headers: bearer(await tokenFor(t.ctx, { role: 'operator' })),
      payload: {
        code: 'test.defaulters-subsidies',
        names: { zh: '测试备忘录', en: 'Test memorandum' },
        signatories: ['spc', 'ndrc'],
        triggers: [{ list: 'spc.defaulters' }],
        measures: ['ndrc.special-fund-priority'],
        extendsTo: [],
        effectiveFrom: '2026-01-01',
        legalBasis: [{ title: '测试依据', article: '第一条' }],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const x = (
      res.json() as {
        sanctions: Record<string, unknown> & {
          measures: { measure: string; before: number; after: number }[];
        };
      }
    ).sanctions;
    expect(x).toMatchObject({ listings: 1, cascade: [{ list: 'spc.defaulters' }] });
    expect(x.measures.find((m) => m.measure === 'ndrc.special-fund-priority')).toMatchObject({
      before: 0,
      after: 1,
    });
    expect(x.maxDepth as number).toBeGreaterThanOrEqual(1);
  });

  it('lists the schemes publicly, each with its basis', async () => {
    const res = await t.app.inject({ url: '/api/v1/schemes' });
    const body = res.json() as { items: { code: string; legalBasis: unknown[] }[] };
    expect(body.items.map((s) => s.code)).toContain('fuzhou.points');
    const one = await t.app.inject({ url: '/api/v1/schemes/fuzhou.points' });
    expect((one.json() as { rules: unknown[] }).rules.length).toBeGreaterThan(3);
    expectProblem(await t.app.inject({ url: '/api/v1/schemes/nowhere.points' }), 404);
  });

  it('stops a full recomputation between pages when stopped (a server closing does not wait it out)', async () => {
    // Two more residents on file, and a page of one subject: a whole run takes several pages.
    for (const n of [322, 323])
      await post('sgcc', {
        type: 'utility.payment',
        subject: { id: person(n, '361002'), name: '黄抚州' },
        externalId: `E-P${n}`,
        occurredAt: '2026-03-05',
        fields: {
          utility: 'electricity',
          provider: '国网江西省电力有限公司抚州供电分公司',
          billingMonth: '2025-03',
          amountBilled: 300,
          amountPaid: 300,
          status: 'paid-on-time',
          daysOverdue: 0,
        },
      });
    const whole = await new ScoreKeeper(t.ctx, undefined, undefined, 1).scoreAll();
    expect(whole.scored).toBeGreaterThan(1);
    const stopped = new ScoreKeeper(t.ctx, undefined, undefined, 1);
    const run = stopped.scoreAll();
    await stopped.stop();
    // Stopped while its first page was under way: that page finishes, no other starts.
    expect((await run).scored).toBeLessThanOrEqual(1);
  });
});
