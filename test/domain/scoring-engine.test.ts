// The scoring engine on a small scheme written here: points per record and per year, tiers and steps, caps of a
// rule, a group and a category (oldest points first), lifetimes and a record's own end, pins and grade caps, and
// the outlook (next band, open ways, lapses).
import { describe, expect, it } from 'vitest';
import {
  compileScheme,
  evaluateScheme,
  type ScoreInput,
  scalePoints,
} from '../../src/domain/scoring/engine.js';
import { hasOpenWay, outlook } from '../../src/domain/scoring/outlook.js';
import type { Scheme } from '../../src/domain/scoring/scheme.js';

const basis = [{ title: '测试依据', article: '第一条' }];
const NOW = Date.parse('2026-11-23T00:00:00Z');
const day = (iso: string) => Date.parse(`${iso}T00:00:00+08:00`);

/** A year's donations through one agency: 10 points, 5 more per full 10,000 above the first; the two count together. */
const donation = (code: string, agency: string): Scheme['rules'][number] => ({
  code,
  names: { zh: `捐赠（${agency}）`, en: `Donation (${agency})` },
  reads: 'civic.charitable-donation',
  agencies: [agency],
  per: 'year',
  scale: { value: 'sum:amount', bands: [{ points: 10 }], step: { over: 10000, every: 10000, points: 5 } },
  cap: 20,
  group: 'giving',
  category: 'good',
  access: 'open',
  lasts: 'P1Y',
  legalBasis: basis,
  source: 'test',
});

const scheme: Scheme = {
  code: 'test.points',
  names: { zh: '测试积分', en: 'Test points' },
  owner: 'drc.fuzhou',
  legalBasis: basis,
  subjectKinds: ['person'],
  start: 100,
  range: { min: 0, max: 200 },
  bands: [
    { grade: 'A', names: { zh: '优', en: 'A' }, min: 120 },
    { grade: 'B', names: { zh: '良', en: 'B' }, min: 90 },
    { grade: 'C', names: { zh: '中', en: 'C' }, min: 0 },
  ],
  review: { cycle: 'continuous', description: { zh: '即时', en: 'At once' } },
  effectiveFrom: '2020-01-01',
  lasts: 'P2Y',
  categories: [
    { code: 'bills', names: { zh: '缴费', en: 'Bills' }, cap: 25 },
    { code: 'good', names: { zh: '公益', en: 'Good' } },
    { code: 'courts', names: { zh: '司法', en: 'Courts' } },
  ],
  groups: [{ code: 'giving', names: { zh: '捐赠', en: 'Giving' }, cap: 20, source: 'test' }],
  rules: [
    {
      code: 'late-bill',
      names: { zh: '欠费', en: 'Late bill' },
      reads: 'utility.payment',
      when: [
        { field: 'status', in: ['in-arrears', 'paid-late'] },
        {
          anyOf: [
            [{ field: 'daysOverdue', gt: 150 }],
            [
              { field: 'daysOverdue', gt: 60 },
              { field: 'amountBilled', gt: 10000 },
            ],
          ],
        },
      ],
      points: -10,
      cap: 30,
      category: 'bills',
      legalBasis: basis,
      source: 'test',
    },
    {
      code: 'tickets',
      names: { zh: '违章', en: 'Tickets' },
      reads: 'traffic.violation',
      per: 'year',
      scale: {
        value: 'count',
        bands: [
          { over: 5, points: -30 },
          { over: 10, points: -50 },
        ],
      },
      category: 'bills',
      legalBasis: basis,
      source: 'test',
    },
    donation('donation-a', 'ccf'),
    donation('donation-b', 'rcsc'),
    {
      code: 'defaulter',
      names: { zh: '失信被执行人', en: 'Defaulter' },
      reads: 'list.entry',
      when: [{ field: 'listCode', eq: 'spc.defaulters' }],
      effect: { setScore: 0 },
      category: 'courts',
      legalBasis: basis,
      source: 'test',
    },
    {
      code: 'irregular',
      names: { zh: '经营异常', en: 'Irregular' },
      reads: 'list.entry',
      when: [{ field: 'listCode', eq: 'samr.business-irregularity' }],
      effect: { capGrade: 'B' },
      category: 'courts',
      legalBasis: basis,
      source: 'test',
    },
  ],
  source: 'written for this test',
};
const compiled = compileScheme(scheme);

let n = 0;
const input = (
  type: string,
  on: string,
  fields: Record<string, unknown>,
  extra: Partial<ScoreInput> = {},
): ScoreInput => ({
  ref: `record:${++n}`,
  type,
  agency: 'x',
  occurredMs: day(on),
  fields,
  ...extra,
});
const bill = (on: string, daysOverdue: number, amountBilled = 100, status = 'in-arrears') =>
  input('utility.payment', on, { utility: 'electricity', status, daysOverdue, amountBilled });
const gift = (on: string, amount: number, agency: string) =>
  input('civic.charitable-donation', on, { amount }, { agency });
const ticket = (on: string) => input('traffic.violation', on, { points: 3 });

describe('the scoring engine', () => {
  it('scales: the highest band reached, then full steps above the threshold', () => {
    const s = { value: 'field:x', bands: [{ points: 10 }], step: { over: 10000, every: 10000, points: 5 } };
    expect(scalePoints(s, 500)).toBe(10);
    expect(scalePoints(s, 19_999)).toBe(10);
    expect(scalePoints(s, 25_000)).toBe(15);
    expect(
      scalePoints(
        {
          value: 'count',
          bands: [
            { over: 5, points: -30 },
            { over: 10, points: -50 },
          ],
        },
        5,
      ),
    ).toBe(0);
    expect(
      scalePoints(
        {
          value: 'count',
          bands: [
            { over: 5, points: -30 },
            { over: 10, points: -50 },
          ],
        },
        11,
      ),
    ).toBe(-50);
  });

  it('applies conditions with alternatives, then the rule’s cap and the category’s, oldest points first', () => {
    const r = evaluateScheme(
      compiled,
      [
        bill('2026-01-05', 170),
        bill('2026-02-05', 90, 12_000),
        bill('2026-03-05', 90),
        bill('2026-04-05', 200),
        bill('2026-04-20', 200),
        bill('2026-05-05', 200, 100, 'paid-on-time'),
      ],
      NOW,
    );
    const late = r.ledger.filter((e) => e.rule === 'late-bill');
    // Four qualify (the 90-day bill under RMB 10,000 and the paid one do not): the rule gives at most 30, so the
    // fourth is cut to 0; the category gives at most 25, so the third keeps 5.
    expect(late.map((e) => e.points)).toEqual([-10, -10, -5, 0]);
    expect(late[2]).toMatchObject({ uncapped: -10, cappedBy: 'category' });
    expect(late[3]).toMatchObject({ uncapped: -10, cappedBy: 'rule' });
    expect(r).toMatchObject({ score: 75, grade: 'C' });
  });

  it('counts a year’s records once, and the category cap binds rules together', () => {
    const tickets = Array.from({ length: 6 }, (_, i) => ticket(`2026-0${i + 1}-10`));
    const r = evaluateScheme(compiled, [...tickets, bill('2026-01-05', 170)], NOW);
    const t = r.ledger.find((e) => e.rule === 'tickets')!;
    expect(t.inputs).toHaveLength(6);
    // −10 (the bill, older) then −30 (the tickets) under the category's cap of 25: the tickets keep −15.
    expect(t).toMatchObject({ points: -15, uncapped: -30, cappedBy: 'category' });
    expect(r.score).toBe(75);
  });

  it('adds a year’s donations, and a group caps rules that count together', () => {
    const r = evaluateScheme(
      compiled,
      [gift('2026-03-01', 25_000, 'ccf'), gift('2026-04-01', 12_000, 'rcsc')],
      NOW,
    );
    const a = r.ledger.find((e) => e.rule === 'donation-a')!;
    const b = r.ledger.find((e) => e.rule === 'donation-b')!;
    expect(a.points).toBe(15);
    expect(b).toMatchObject({ points: 5, uncapped: 10, cappedBy: 'group' });
    expect(r.score).toBe(120);
    expect(r.grade).toBe('A');
    // Points last a year: on 2027-04-01 both have lapsed.
    expect(evaluateScheme(compiled, [gift('2026-03-01', 25_000, 'ccf')], day('2027-03-02')).score).toBe(100);
    expect(r.nextChangeMs).toBe(day('2027-03-01'));
  });

  it('says how many points the range cut, so start + ledger + cut is the score', () => {
    const sum = (r: ReturnType<typeof evaluateScheme>) =>
      r.start + r.ledger.reduce((t, e) => t + e.points, 0) + (r.clamped?.points ?? 0);
    const gifts = [gift('2026-03-01', 25_000, 'ccf'), gift('2026-04-01', 12_000, 'rcsc')];
    const top = evaluateScheme(compileScheme({ ...scheme, range: { min: 0, max: 110 } }), gifts, NOW);
    expect(top).toMatchObject({ score: 110, clamped: { bound: 'max', points: -10 } });
    expect(sum(top)).toBe(top.score);
    const bottom = evaluateScheme(
      compileScheme({ ...scheme, range: { min: 95, max: 200 } }),
      [bill('2026-01-05', 170)],
      NOW,
    );
    expect(bottom).toMatchObject({ score: 95, clamped: { bound: 'min', points: 5 } });
    expect(sum(bottom)).toBe(bottom.score);
    expect(evaluateScheme(compiled, gifts, NOW).clamped).toBeUndefined();
  });

  it('never counts a record past its own end, nor a record from the future', () => {
    const ended = bill('2026-01-05', 170);
    ended.endsMs = day('2026-06-01');
    expect(evaluateScheme(compiled, [ended, bill('2027-01-05', 170)], NOW).ledger).toEqual([]);
  });

  it('pins the score while a listing is in effect, and caps the grade', () => {
    const listing = input(
      'list.entry',
      '2026-10-01',
      { listCode: 'spc.defaulters' },
      { endsMs: day('2028-10-01') },
    );
    const pinned = evaluateScheme(compiled, [listing, gift('2026-03-01', 5_000, 'ccf')], NOW);
    expect(pinned).toMatchObject({ score: 0, grade: 'C', pinnedBy: 'defaulter' });
    const o = outlook(compiled, pinned);
    expect(o.pinned).toMatchObject({ rule: 'defaulter', untilMs: day('2028-10-01') });
    expect(hasOpenWay(o)).toBe(false);
    const capped = evaluateScheme(
      compiled,
      [
        input('list.entry', '2026-10-01', { listCode: 'samr.business-irregularity' }),
        gift('2026-03-01', 30_000, 'ccf'),
      ],
      NOW,
    );
    expect(capped).toMatchObject({ score: 120, grade: 'B', gradeCappedBy: 'irregular' });
  });

  it('says the grade is held while a cap is in force: no next band, no negative distance, when and how it ends', () => {
    const irregular = input(
      'list.entry',
      '2026-10-01',
      { listCode: 'samr.business-irregularity' },
      { endsMs: day('2027-04-01') },
    );
    // 100 + 20 = 120 (A by points), capped at B: the band above B is A at 120, which the score already has.
    const capped = evaluateScheme(compiled, [irregular, gift('2026-03-01', 30_000, 'ccf')], NOW);
    expect(capped).toMatchObject({ score: 120, grade: 'B', gradeCappedBy: 'irregular' });
    const o = outlook(compiled, capped);
    expect(o.next).toBeUndefined();
    expect(o.held).toEqual({ rule: 'irregular', grade: 'B', untilMs: day('2027-04-01'), endsBy: 'listing' });
    // At 100 the score is in B itself and the cap still holds it there: earning 20 would not give A.
    const low = evaluateScheme(compiled, [irregular], NOW);
    expect(low).toMatchObject({ score: 100, grade: 'B' });
    expect(outlook(compiled, low).next).toBeUndefined();
    expect(outlook(compiled, low).held).toMatchObject({ rule: 'irregular', grade: 'B' });
    // Capped at C with 100 points (B by points): the band above C is B at 90 — once "−10 points to go".
    const toC = compileScheme({
      ...scheme,
      rules: scheme.rules.map((r) => (r.code === 'irregular' ? { ...r, effect: { capGrade: 'C' } } : r)),
    });
    const c = outlook(toC, evaluateScheme(toC, [irregular], NOW));
    expect(c.next).toBeUndefined();
    expect(c.held).toEqual({ rule: 'irregular', grade: 'C', untilMs: day('2027-04-01'), endsBy: 'listing' });
    // Points still count toward the score under a grade cap (the fairness figures see them); not under a pin.
    expect(o.ways.length).toBeGreaterThan(0);
    const pinned = evaluateScheme(
      compiled,
      [input('list.entry', '2026-10-01', { listCode: 'spc.defaulters' }, { endsMs: day('2028-10-01') })],
      NOW,
    );
    const p = outlook(compiled, pinned);
    expect(p.next).toBeUndefined();
    expect(p.ways).toEqual([]);
    expect(p.pinned).toEqual({ rule: 'defaulter', untilMs: day('2028-10-01'), endsBy: 'listing' });
    // Without a cap or pin, the distance to the next band is never negative.
    for (const r of [capped, low, pinned])
      expect(outlook(compiled, r).next?.pointsNeeded ?? 0).toBeGreaterThanOrEqual(0);
  });

  it('caps a rule per calendar month when it says so, and counts a record only with its evidence', () => {
    const monthly = compileScheme({
      ...scheme,
      rules: [
        {
          code: 'escort',
          names: { zh: '陪护老人就医', en: 'Taking an older person to hospital' },
          reads: 'civic.volunteering',
          evidence: { photos: 2, videos: 1 },
          points: 1,
          cap: 2,
          capPeriod: 'month',
          category: 'good',
          access: 'open',
          legalBasis: basis,
          source: 'test',
        },
      ],
    });
    const trip = (on: string, evidence?: { photos: number; videos: number }) =>
      input('civic.volunteering', on, { hours: 2 }, evidence ? { evidence } : {});
    const withPhotos = { photos: 2, videos: 0 };
    const r = evaluateScheme(
      monthly,
      [
        trip('2026-03-02', withPhotos),
        trip('2026-03-09', { photos: 0, videos: 1 }),
        trip('2026-03-16', withPhotos),
        trip('2026-04-02', withPhotos),
        trip('2026-04-09', { photos: 1, videos: 0 }),
        trip('2026-04-10'),
      ],
      NOW,
    );
    // March: three with evidence, two count; April: one with enough evidence.
    expect(r.ledger.map((e) => e.points)).toEqual([1, 1, 0, 1]);
    expect(r.score).toBe(103);
  });

  it('tests a field’s absence of a value (ne, notIn), an array field by any element', () => {
    const only = (when: Scheme['rules'][number]['when']) =>
      compileScheme({
        ...scheme,
        rules: [{ ...scheme.rules[0]!, when, cap: undefined }],
        categories: [{ code: 'bills', names: { zh: '缴费', en: 'Bills' } }],
      });
    const fine = (kinds: string[]) => input('utility.payment', '2026-03-01', { status: 'in-arrears', kinds });
    const notWarning = only([{ field: 'kinds', ne: 'warning' }]);
    expect(evaluateScheme(notWarning, [fine(['fine']), fine(['warning', 'fine'])], NOW).ledger).toHaveLength(
      1,
    );
    const noneOf = only([{ field: 'kinds', notIn: ['detention', 'warning'] }]);
    expect(evaluateScheme(noneOf, [fine(['fine']), fine(['detention'])], NOW).ledger).toHaveLength(1);
  });

  it('says what changes the grade: the next band, the open ways with their room, what lapses when', () => {
    const r = evaluateScheme(compiled, [gift('2026-03-01', 5_000, 'ccf'), bill('2026-01-05', 170)], NOW);
    const o = outlook(compiled, r);
    expect(r.score).toBe(100);
    expect(o.next).toEqual({ grade: 'A', min: 120, pointsNeeded: 20 });
    expect(o.ways.map((w) => [w.rule, w.access, w.room])).toEqual([
      ['donation-a', 'open', 10],
      ['donation-b', 'open', 10],
    ]);
    expect(o.lapses).toEqual([{ rule: 'late-bill', points: -10, untilMs: day('2028-01-05') }]);
    expect(hasOpenWay(o)).toBe(true);
  });
});
