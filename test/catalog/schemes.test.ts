import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATALOG_DIR,
  loadCatalog,
  readDataFile,
  validateCatalogFile,
} from '../../src/catalog/load.js';
import type { CatalogProblem } from '../../src/domain/catalog/validate.js';
import { compileScheme, evaluateScheme, type ScoreInput } from '../../src/domain/scoring/engine.js';
import { outlook } from '../../src/domain/scoring/outlook.js';
import type { Scheme } from '../../src/domain/scoring/scheme.js';

const catalog = loadCatalog();
const DECLINED_SCHEMES = join(DEFAULT_CATALOG_DIR, 'declined', 'schemes.yaml');

const scheme = (code: string): Scheme => {
  const s = catalog.schemes.get(code);
  if (!s) throw new Error(`no scheme ${code}`);
  return s;
};

/** Epoch ms of a date, midnight in Asia/Shanghai. */
const day = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
const NOW = day('2026-11-23');

let nextRef = 1;
const input = (type: string, agency: string, date: string, fields: Record<string, unknown>): ScoreInput => ({
  ref: `record:${nextRef++}`,
  type,
  agency,
  occurredMs: day(date),
  fields,
});
const listing = (listCode: string, listKind: string, agency: string, date: string): ScoreInput => ({
  ref: `listing:${nextRef++}`,
  type: 'list.entry',
  agency,
  occurredMs: day(date),
  endsMs: day('2028-12-31'),
  fields: {
    listCode,
    listKind,
    severity: 'serious',
    owner: agency,
    decisionNumber: `${listCode}-1`,
    listedOn: date,
    endsOn: '2028-12-31',
  },
});
const score = (code: string, inputs: ScoreInput[], now = NOW) =>
  evaluateScheme(compileScheme(scheme(code)), inputs, now);

// ── Inputs, as the records of the master database would hold them ─────────────────────────────────────────────
const electricity = (date: string, daysOverdue: number, amountBilled = 320) =>
  input('utility.payment', 'sgcc', date, {
    utility: 'electricity',
    provider: '国网江西省电力有限公司抚州供电分公司',
    billingMonth: date.slice(0, 7),
    amountBilled,
    amountPaid: 0,
    status: 'in-arrears',
    daysOverdue,
  });
const donation = (agency: 'ccf' | 'rcsc' | 'mca', date: string, amount: number) =>
  input('civic.charitable-donation', agency, date, {
    recipient: agency === 'rcsc' ? '中国红十字会总会' : '中华慈善总会',
    recipientUscc: '12100000400001230J',
    donatedOn: date,
    amount,
    receiptNumber: `R-${nextRef}`,
  });
const traffic = (date: string, points = 3) =>
  input('traffic.violation', 'psb.fuzhou', date, {
    decisionNumber: `361000${nextRef}`,
    violationCode: '16250',
    violation: '驾驶机动车违反道路交通信号灯通行',
    violationDate: date,
    points,
    fineAmount: 200,
    decidedBy: '抚州市公安局交通管理支队',
    decidedOn: date,
  });
/** A VAT return filed late for a month of 2026 (tax paid in full). */
const lateReturn = (m: string) =>
  input('tax.payment', 'sta.fuzhou', `2026-${m}-20`, {
    taxKind: 'value-added-tax',
    periodFrom: `2026-${m}-01`,
    periodTo: `2026-${m}-28`,
    taxPayable: 1000,
    taxPaid: 1000,
    taxOwed: 0,
    declaration: 'late',
  });
const volunteering = (from: string, to: string, hours: number) =>
  input('civic.volunteering', 'mca', to, {
    organization: '抚州市志愿者协会',
    category: 'community-service',
    periodFrom: from,
    periodTo: to,
    hours,
  });
/** A deed confirmed by the assessors, with its declared evidence and the files actually attached to the record. */
const deed = (
  date: string,
  deedKind: string,
  photoCount: number,
  video: boolean,
  attached = { photos: photoCount, videos: video ? 1 : 0 },
): ScoreInput => ({
  ...input('civic.assessed-deed', 'gov.rongcheng', date, {
    deedKind,
    deedDate: date,
    village: '荣成市某村',
    assessor: '王某',
    reportedOn: date,
    decidedOn: date,
    photoCount,
    video,
    evidence: Array.from({ length: photoCount + (video ? 1 : 0) }, (_, i) => `${i}`.repeat(64).slice(0, 64)),
  }),
  evidence: attached,
});

describe('the shipped scoring schemes', () => {
  const codes = [
    'fuzhou.points',
    'rongcheng.points',
    'suqian.points',
    'weihai.points',
    'suzhou.points',
    'wuhu.points',
    'hangzhou.points',
    'xiamen.points',
    'ndrc.comprehensive',
    'sta.tax-credit',
    'gacc.enterprise-credit',
    'assoc.construction.credit',
  ];

  it('all load, each owned by an agency that writes score.result records', () => {
    expect([...catalog.schemes.keys()].sort()).toEqual([...codes].sort());
    const writers = catalog.recordTypes.get('score.result')!.submitters;
    for (const s of catalog.schemes.values()) expect(writers, s.code).toContain(s.owner);
  });

  it('give every rule a legal basis with an article and a source in the seeds, and every added-points rule its access', () => {
    for (const s of catalog.schemes.values()) {
      expect(s.source, s.code).toMatch(/seed 00\d/);
      expect(s.rules.length, s.code).toBeGreaterThan(0);
      for (const r of s.rules) {
        const at = `${s.code} ${r.code}`;
        expect(r.legalBasis.length, at).toBeGreaterThan(0);
        for (const b of r.legalBasis) expect(b.article.length, at).toBeGreaterThan(0);
        expect(r.source, at).toMatch(/seed 00\d/);
        const adds = (r.points ?? 0) > 0 || (r.scale?.bands.some((b) => b.points > 0) ?? false);
        if (adds) expect(r.access, at).toBeDefined();
      }
    }
  });

  it('document every choice where a seed is vague', () => {
    for (const s of catalog.schemes.values()) expect(s.choices?.length ?? 0, s.code).toBeGreaterThan(0);
  });

  it('key only reward measures to grades', () => {
    for (const s of catalog.schemes.values())
      for (const b of s.benefits ?? [])
        expect(catalog.measures.get(b.measure)?.effect, b.measure).toBe('reward');
    expect(scheme('xiamen.points').benefits).toContainEqual({
      measure: 'xiamen.library-deposit-free',
      grades: ['excellent', 'good'],
    });
    expect(catalog.measures.get('xiamen.library-deposit-free')?.actions).toEqual(['library.deposit-free']);
  });

  it('transcribe the lawful rows of FIG 2.1-B and FIG 2.1-C', () => {
    const fuzhou = new Set(scheme('fuzhou.points').rules.map((r) => r.code));
    for (const code of [
      'military-service-evasion',
      'court-judgment-not-performed',
      'sentence-up-to-three-years',
      'sentence-over-three-years-or-recidivism',
      'traffic-violations-per-year',
      'twelve-point-violation',
      'tax-arrears-announced',
      'wage-arrears-listed',
      'bank-loan-arrears',
      'electricity-arrears',
      'telecom-arrears',
      'water-arrears',
      'commercial-insurance-fraud',
      'merit-award-first-class',
      'good-citizen-award-national',
      'heroism-award-national-or-provincial',
      'volunteer-hours',
      'charity-federation-donation',
      'red-cross-donation',
      'science-award-80',
      'science-award-5',
      'judgment-performed-late',
      'minor-offence-not-prosecuted',
      'community-correction-breach',
      'property-fee-arrears',
      'public-housing-rent-arrears',
      'electricity-theft',
      'water-theft',
      'tobacco-monopoly-penalty',
      'youth-award-national',
      'women-award-national',
      'rule-of-law-award-national',
      'legal-service-award-county',
      'transport-award-city',
      'public-health-staff-award',
      'important-clues',
      'case-assistance',
      'wildlife-protection-award-national',
      'drug-driving',
      'licence-points-bought',
      'goods-payment-arrears',
      'public-safety-crime',
      'clinical-qualification-exam-violation',
      'birth-certificate-fraud',
      'illegal-practice-of-medicine',
      'hospital-disturbance',
      'tourism-penalty',
      'red-cross-volunteer-award-city',
      'good-deeds-commended',
    ])
      expect(fuzhou.has(code), code).toBe(true);
    expect(scheme('fuzhou.points').rules.length).toBeGreaterThanOrEqual(80);
  });

  it('keeps the village deeds as a restricted record of the city, with its evidence by hash', () => {
    const t = catalog.recordTypes.get('civic.assessed-deed')!;
    expect(t.disclosure).toBe('restricted');
    expect(t.submitters).toEqual(['gov.rongcheng']);
    const props = t.fields.properties as Record<string, { items?: { pattern?: string } }>;
    expect(Object.keys(props)).toEqual(
      expect.arrayContaining(['deedKind', 'photoCount', 'video', 'evidence']),
    );
    expect(props.evidence!.items!.pattern).toBe('^[0-9a-f]{64}$');
    expect(scheme('rongcheng.points').review.cycle).toBe('monthly');
    expect(scheme('rongcheng.points').review.evidence?.en).toMatch(/two photos or a video/);
  });
});

describe('the declined scoring rules', () => {
  const expected: Record<string, string[]> = {
    'fuzhou.declined/party-discipline-warning': ['party-discipline'],
    'fuzhou.declined/party-discipline-serious-warning': ['party-discipline'],
    'fuzhou.declined/party-discipline-probation': ['party-discipline'],
    'fuzhou.declined/party-discipline-expulsion': ['party-discipline', 'political'],
    'fuzhou.declined/exemplary-party-member': ['party-discipline', 'political'],
    'fuzhou.declined/filial-piety-and-family-care': ['family-life'],
    'fuzhou.declined/happy-family-award-national': ['family-life'],
    'fuzhou.declined/happy-family-award-provincial': ['family-life'],
    'fuzhou.declined/happy-family-award-city': ['family-life'],
    'fuzhou.declined/happy-family-award-county': ['family-life'],
    'fuzhou.declined/unpaid-blood-donation': ['blood'],
    'fuzhou.declined/bone-marrow-donation': ['blood'],
    'fuzhou.declined/two-child-policy-fine-unpaid': ['family-planning', 'relatives'],
    'fuzhou.declined/group-petitions-and-strikes': ['petition', 'petitioning', 'striking'],
    'fuzhou.declined/legal-representative-second-class': ['another-subjects-conduct'],
    'fuzhou.declined/legal-representative-third-class': ['another-subjects-conduct'],
    'rongcheng.declined/non-registered-church-attendance': ['religion'],
    'rongcheng.declined/petitioning-without-the-village-head': ['petition', 'petitioning'],
    'rongcheng.declined/graffiti-hostile-to-the-government': ['anti-government-expression'],
    'rongcheng.declined/fight-village-fine': ['village-fines'],
    'rongcheng.declined/chickens-village-fine': ['village-fines'],
    'rongcheng.declined/river-waste-village-fine': ['village-fines'],
    'rongcheng.declined/exemplary-family-plaque': ['family-life'],
    'misc.declined/not-visiting-parents': ['family-life', 'relatives'],
    'misc.declined/online-criticism-of-the-authorities': ['speech'],
  };
  const result = validateCatalogFile(DECLINED_SCHEMES);
  const raw = readDataFile(DECLINED_SCHEMES) as { code: string; rules?: { code: string }[] }[];
  /** Each problem's scheme and rule, by code. */
  const ruleOf = (p: CatalogProblem): string | undefined => {
    const s = /^schemes\/(.+)$/.exec(p.where)?.[1];
    const i = /^\/rules\/(\d+)\//.exec(p.pointer)?.[1];
    if (!s || i === undefined) return undefined;
    return `${s}/${raw.find((x) => x.code === s)?.rules?.[Number(i)]?.code}`;
  };
  const categories = (problems: CatalogProblem[]) =>
    [...new Set(problems.flatMap((p) => /^prohibited category "([^"]+)"/.exec(p.reason)?.[1] ?? []))].sort();

  it('are all refused, and none is shipped', () => {
    expect(result.schemes).toEqual([]);
    expect(result.measures).toEqual([]);
    const declined = raw.flatMap((s) => (s.rules ?? []).map((r) => `${s.code}/${r.code}`));
    expect(declined.sort()).toEqual(Object.keys(expected).sort());
    for (const s of raw) expect(catalog.schemes.has(s.code), s.code).toBe(false);
    expect(catalog.measures.has('fuzhou.party-promotion-priority')).toBe(false);
  });

  it('are refused only for a prohibited category', () => {
    for (const p of result.problems)
      expect(p.reason, `${p.where}${p.pointer}`).toMatch(/^prohibited category "/);
  });

  for (const [rule, cats] of Object.entries(expected)) {
    it(`refuses ${rule} as ${cats.map((c) => `"${c}"`).join(' and ')}`, () => {
      const mine = result.problems.filter((p) => ruleOf(p) === rule);
      expect(mine.length).toBeGreaterThan(0);
      expect(categories(mine)).toEqual(cats);
    });
  }

  it('refuses the benefit of priority for Party promotions as political', () => {
    const mine = result.problems.filter((p) => p.where === 'measures/fuzhou.party-promotion-priority');
    expect(categories(mine)).toEqual(['political']);
  });
});

describe('scores computed by hand from the seeds’ tables', () => {
  it('Fuzhou: three overdue electricity bills and a RMB 25,000 donation — 800 − 30 + 15 = 785', () => {
    const r = score('fuzhou.points', [
      electricity('2026-02-01', 160),
      electricity('2026-03-01', 155),
      electricity('2026-04-01', 70, 12000),
      donation('ccf', '2026-05-20', 25000),
    ]);
    expect(r.score).toBe(785);
    expect(r.grade).toBe('A');
    expect(r.ledger.filter((e) => e.rule === 'electricity-arrears').map((e) => e.points)).toEqual([
      -10, -10, -10,
    ]);
    expect(r.ledger.find((e) => e.rule === 'charity-federation-donation')?.points).toBe(15);
  });

  it('Fuzhou: electricity arrears stop at 30, and bills not late enough do not count', () => {
    const bills = ['01', '02', '03', '04'].map((m) => electricity(`2026-${m}-01`, 200));
    expect(score('fuzhou.points', bills).score).toBe(770);
    expect(score('fuzhou.points', [electricity('2026-04-01', 90, 500)]).score).toBe(800);
  });

  it('Fuzhou: traffic violations count per calendar year — 5 nothing, 6 → −30, 11 → −50', () => {
    const year = (n: number, y = '2026') =>
      Array.from({ length: n }, (_, i) => traffic(`${y}-${String(i + 1).padStart(2, '0')}-10`));
    expect(score('fuzhou.points', year(5)).score).toBe(800);
    expect(score('fuzhou.points', year(6)).score).toBe(770);
    expect(score('fuzhou.points', year(11)).score).toBe(750);
    // Four in 2025 and four in 2026: neither year has more than five.
    expect(score('fuzhou.points', [...year(4, '2025'), ...year(4, '2026')]).score).toBe(800);
    // A 12-point violation is its own row (−30), not one of the year's count.
    expect(score('fuzhou.points', [...year(5), traffic('2026-11-01', 12)]).score).toBe(770);
  });

  it('Fuzhou: volunteer hours by the year — up to 50 → 10, 50–100 → 20, more than 100 → 30', () => {
    expect(score('fuzhou.points', [volunteering('2026-01-01', '2026-03-31', 30)]).score).toBe(810);
    expect(score('fuzhou.points', [volunteering('2026-01-01', '2026-03-31', 50)]).score).toBe(810);
    expect(score('fuzhou.points', [volunteering('2026-01-01', '2026-03-31', 60)]).score).toBe(820);
    const r = score('fuzhou.points', [
      volunteering('2026-01-01', '2026-03-31', 70),
      volunteering('2026-04-01', '2026-06-30', 40),
    ]);
    expect(r.score).toBe(830);
    expect(r.ledger.find((e) => e.rule === 'volunteer-hours')?.inputs).toHaveLength(2);
  });

  it('Fuzhou: volunteer awards count with volunteer hours, at most 50 together', () => {
    const award = input('honor.award', 'mca', '2026-02-01', {
      awardName: '全国优秀志愿者',
      category: 'volunteer-service',
      level: 'national',
      awardingBody: '中央精神文明建设指导委员会办公室',
      awardedOn: '2026-02-01',
    });
    const r = score('fuzhou.points', [volunteering('2026-01-01', '2026-03-31', 120), award]);
    expect(r.score).toBe(850);
    expect(r.ledger.find((e) => e.cappedBy === 'group')?.uncapped).toBe(30);
  });

  it('Fuzhou: Charity Federation and Red Cross donations count together, at most 20', () => {
    const r = score('fuzhou.points', [
      donation('ccf', '2026-03-01', 25000),
      donation('rcsc', '2026-04-01', 15000),
    ]);
    expect(r.score).toBe(820);
    expect(r.ledger.find((e) => e.rule === 'red-cross-donation')?.cappedBy).toBe('group');
    // A donation of any size counts (access: open): RMB 200 is 10 points.
    expect(score('fuzhou.points', [donation('rcsc', '2026-04-01', 200)]).score).toBe(810);
  });

  it('Fuzhou: a court defaulter is pinned to 0 while listed, whatever else', () => {
    const r = score('fuzhou.points', [
      donation('ccf', '2026-03-01', 25000),
      volunteering('2026-01-01', '2026-03-31', 120),
      listing('spc.defaulters', 'blacklist', 'court.fuzhou-intermediate', '2026-06-01'),
    ]);
    expect(r.score).toBe(0);
    expect(r.grade).toBe('C');
    expect(r.pinnedBy).toBe('court-judgment-not-performed');
  });

  it('Fuzhou: a national first-class science award is 80; a revoked award counts nothing', () => {
    const award = (status: string) =>
      input('honor.award', 'most', '2026-01-10', {
        awardName: '国家科学技术进步奖',
        category: 'science-technology',
        level: 'national',
        awardingBody: '国务院',
        awardedOn: '2026-01-10',
        grade: '一等奖',
        status,
      });
    expect(score('fuzhou.points', [award('valid')]).score).toBe(880);
    expect(score('fuzhou.points', [award('revoked')]).score).toBe(800);
  });

  it('Fuzhou: property fees and public housing rent — 15 per month more than five months overdue, at most 30 each', () => {
    const arrears = (feeKind: string, month: string, monthsOverdue: number) =>
      input('housing.fee-arrears', 'housing.fuzhou', `${month}-01`, {
        feeKind,
        creditor:
          feeKind === 'property-management-fee' ? '抚州市某物业服务有限公司' : '抚州市保障性住房管理中心',
        billingMonth: month,
        amountDue: 460,
        amountPaid: 0,
        monthsOverdue,
        status: 'in-arrears',
      });
    // Five months is not "over 5 months"; six is: 800 − 15.
    expect(score('fuzhou.points', [arrears('property-management-fee', '2026-03', 5)]).score).toBe(800);
    expect(score('fuzhou.points', [arrears('property-management-fee', '2026-03', 6)]).score).toBe(785);
    // Three property fee months: 15 + 15, the third capped; and rent, its own row with its own cap: 800 − 30 − 30.
    const r = score('fuzhou.points', [
      arrears('property-management-fee', '2026-01', 9),
      arrears('property-management-fee', '2026-02', 8),
      arrears('property-management-fee', '2026-03', 7),
      arrears('public-rental-housing-rent', '2026-01', 9),
      arrears('public-rental-housing-rent', '2026-02', 8),
      arrears('public-rental-housing-rent', '2026-03', 7),
    ]);
    expect(r.score).toBe(740);
    expect(r.ledger.filter((e) => e.rule === 'property-fee-arrears' && e.cappedBy === 'rule')).toHaveLength(
      1,
    );
  });

  it('Fuzhou: a national May Fourth Youth Medal is 50, a city women’s award 10 — read by category, not by a League body', () => {
    const award = (agency: string, fields: Record<string, unknown>) =>
      input('honor.award', agency, '2026-05-04', { awardedOn: '2026-05-04', ...fields });
    const medal = award('acyf', {
      awardName: '中国青年五四奖章',
      category: 'youth',
      level: 'national',
      awardingBody: '中华全国青年联合会',
    });
    expect(score('fuzhou.points', [medal]).score).toBe(850);
    const redBanner = award('acwf.fuzhou', {
      awardName: '抚州市三八红旗手',
      category: 'women',
      level: 'city',
      awardingBody: '抚州市妇女联合会',
    });
    expect(score('fuzhou.points', [medal, redBanner]).score).toBe(860);
    // The Youth League is not an agency: no rule names it, and the catalog does not know it.
    expect(
      [...catalog.agencies.values()].some((a) =>
        /communist youth league|共青团/i.test(a.names.en + a.names.zh),
      ),
    ).toBe(false);
  });

  it('Fuzhou: a police commendation for important clues is 30, for helping in a case 20; the record holds the decision only', () => {
    const commendation = (assistance: string, agency = 'psb.fuzhou') =>
      input('civic.case-assistance', agency, '2026-09-02', {
        decisionNumber: `抚公奖〔2026〕${nextRef}号`,
        authority: agency === 'psb.fuzhou' ? '抚州市公安局' : '江西省抚州市人民检察院',
        assistance,
        decidedOn: '2026-09-02',
      });
    expect(score('fuzhou.points', [commendation('important-clues')]).score).toBe(830);
    expect(score('fuzhou.points', [commendation('case-assistance', 'procuratorate.fuzhou')]).score).toBe(820);
    const t = catalog.recordTypes.get('civic.case-assistance')!;
    expect(t.disclosure).toBe('restricted');
    expect(Object.keys(t.fields.properties as object).sort()).toEqual(
      ['assistance', 'authority', 'decidedOn', 'decisionNumber', 'status'].sort(),
    );
  });

  it('Fuzhou: a specific row displaces the general one — detention with a fine, a merit class, water theft', () => {
    const penalty = (agency: string, violationType: string, penaltyKinds: string[]) =>
      input('administrative.penalty', agency, '2026-04-01', {
        decisionNumber: `抚罚〔2026〕${nextRef}号`,
        authority: '抚州市',
        violationType,
        facts: '当事人违法事实。',
        penaltyKinds,
        decidedOn: '2026-04-01',
      });
    // Detained and fined: the detention row (−50) only, not also the penalty row (−30).
    expect(
      score('fuzhou.points', [penalty('psb.fuzhou', '殴打他人', ['administrative-detention', 'fine'])]).score,
    ).toBe(750);
    expect(score('fuzhou.points', [penalty('psb.fuzhou', '殴打他人', ['fine'])]).score).toBe(770);
    // Water theft penalized by urban management: its own row (−50), not also the general urban row (−20).
    expect(score('fuzhou.points', [penalty('urban.fuzhou', '盗用城市公共供水', ['fine'])]).score).toBe(750);
    expect(score('fuzhou.points', [penalty('urban.fuzhou', '占道经营', ['fine'])]).score).toBe(780);
    // A public safety commendation that is a second-class merit award counts once, as the merit award (50).
    const merit = input('honor.award', 'mohrss', '2026-01-10', {
      awardName: '全国政法系统先进个人',
      category: 'rule-of-law',
      level: 'national',
      awardingBody: '人力资源社会保障部',
      awardedOn: '2026-01-10',
      grade: '二等功',
    });
    const r = score('fuzhou.points', [merit]);
    expect(r.score).toBe(850);
    expect(r.ledger.map((e) => e.rule)).toEqual(['merit-award-second-class']);
  });

  it('Fuzhou: a discretionary non-prosecution is −30; late performance of a judgment −20', () => {
    const notProsecuted = input('judicial.non-prosecution', 'procuratorate.fuzhou', '2026-06-18', {
      decisionNumber: '抚检刑不诉〔2026〕12号',
      procuratorate: '江西省抚州市临川区人民检察院',
      kind: 'discretionary',
      offence: '危险驾驶罪',
      decidedOn: '2026-06-18',
    });
    const late = input('judicial.late-performance', 'court.fuzhou-intermediate', '2026-07-02', {
      enforcementCaseNumber: '（2026）赣10执231号',
      court: '江西省抚州市中级人民法院',
      basisDocument: '（2025）赣10民初120号',
      noticePeriodEndedOn: '2026-04-15',
      performedOn: '2026-07-02',
      closedAs: 'performed-in-full',
    });
    expect(score('fuzhou.points', [notProsecuted]).score).toBe(770);
    expect(score('fuzhou.points', [notProsecuted, late]).score).toBe(750);
  });

  it('Fuzhou: the rows the audit found missing or mis-scored, with the seed’s points (FIG 2.1-B and FIG 2.1-C)', () => {
    const penalty = (agency: string, violationType: string, penaltyKinds = ['fine']) =>
      input('administrative.penalty', agency, '2026-04-01', {
        decisionNumber: `抚罚〔2026〕${nextRef}号`,
        authority: agency,
        violationType,
        facts: '见决定书',
        penaltyKinds,
        fineAmount: 2000,
        decidedOn: '2026-04-01',
      });
    const only = (r: ReturnType<typeof score>) => r.ledger.map((e) => [e.rule, e.points]);
    // Health row 5 and row 6 (50 each), not the general health row (30); a general health penalty stays 30.
    expect(only(score('fuzhou.points', [penalty('nhc', '出具虚假出生医学证明')]))).toEqual([
      ['birth-certificate-fraud', -50],
    ]);
    expect(only(score('fuzhou.points', [penalty('nhc', '非法行医')]))).toEqual([
      ['illegal-practice-of-medicine', -50],
    ]);
    expect(only(score('fuzhou.points', [penalty('nhc', '未按规定消毒')]))).toEqual([
      ['public-health-penalty', -30],
    ]);
    // Disturbing a hospital: 50 in place of the public security penalty row's 30.
    expect(only(score('fuzhou.points', [penalty('psb.fuzhou', '扰乱医疗机构秩序')]))).toEqual([
      ['hospital-disturbance', -50],
    ]);
    // Health qualification examinations 30; the other qualification examinations 50 (HRSS row 3).
    const exam = (examName: string) =>
      input('exam.cheating', 'mohrss', '2026-05-10', {
        examName,
        examKind: 'professional-qualification',
        examDate: '2026-05-09',
        conduct: 'cheating',
        sanction: 'result-voided',
        decidingBody: '江西省人事考试中心',
        decidedOn: '2026-05-10',
      });
    expect(only(score('fuzhou.points', [exam('护士执业资格考试')]))).toEqual([
      ['clinical-qualification-exam-violation', -30],
    ]);
    expect(only(score('fuzhou.points', [exam('一级建造师资格考试')]))).toEqual([
      ['recruitment-exam-violation', -50],
    ]);
    // Tourism (50) apart from culture (30).
    expect(only(score('fuzhou.points', [penalty('mct', '强迫或者变相强迫旅游者购物')]))).toEqual([
      ['tourism-penalty', -50],
    ]);
    expect(only(score('fuzhou.points', [penalty('mct', '未经许可经营娱乐场所')]))).toEqual([
      ['culture-penalty', -30],
    ]);
    // Science and Technology: illegal gains in technology transactions (30).
    const tech = input('academic.misconduct', 'most', '2026-03-03', {
      conduct: 'illegal-gains-in-technology-transactions',
      institution: '抚州市某科技公司',
      determinedBy: '抚州市科学技术局',
      decidedOn: '2026-03-03',
      sanctions: ['other'],
    });
    expect(only(score('fuzhou.points', [tech]))).toEqual([['research-results-misappropriated', -30]]);
    // Driving on drugs (50) and buying licence points (30), neither in the year's count of violations.
    const violation = (violationText: string, on: string) =>
      input('traffic.violation', 'psb.fuzhou', on, {
        decisionNumber: `3610${nextRef}`,
        violationCode: '0000',
        violation: violationText,
        violationDate: on,
        decidedBy: '抚州市公安局交通管理支队',
        decidedOn: on,
      });
    const fiveOrdinary = ['01', '02', '03', '04', '05'].map((m) => traffic(`2026-${m}-10`));
    const r = score('fuzhou.points', [
      ...fiveOrdinary,
      violation('吸毒后驾驶机动车', '2026-06-10'),
      violation('让他人代为接受交通违法行为处罚和记分', '2026-07-10'),
    ]);
    // Five ordinary violations are not more than five: 800 − 50 − 30 = 720.
    expect(only(r)).toEqual([
      ['drug-driving', -50],
      ['licence-points-bought', -30],
    ]);
    expect(r.score).toBe(720);
    // Arrears on payment for goods found by a judgment (50).
    const goods = input('judicial.civil-judgment', 'court.fuzhou-intermediate', '2026-08-01', {
      caseNumber: '（2026）赣10民终123号',
      court: '抚州市中级人民法院',
      caseCause: '买卖合同纠纷',
      role: 'defendant',
      documentKind: 'judgment',
      effectiveOn: '2026-08-01',
      amountToPay: 36_000,
    });
    expect(only(score('fuzhou.points', [goods]))).toEqual([['goods-payment-arrears', -50]]);
    // A crime endangering public safety, three years: 50 for the row and 50 for the sentence — 800 − 100 = 700.
    const arson = input('judicial.criminal-judgment', 'court.fuzhou-intermediate', '2026-02-01', {
      caseNumber: '（2026）赣10刑初7号',
      court: '抚州市中级人民法院',
      offence: '放火罪',
      verdict: 'convicted',
      principalPenalty: 'fixed-term-imprisonment',
      termMonths: 36,
      effectiveOn: '2026-02-01',
    });
    const crime = score('fuzhou.points', [arson]);
    expect(crime.ledger.map((e) => e.rule).sort()).toEqual([
      'public-safety-crime',
      'sentence-up-to-three-years',
    ]);
    expect(crime.score).toBe(700);
    // The Red Cross's city volunteer award is 20, the Youth League's 10; a commended good deed 50.
    const award = (awardingBody: string, category: string, level = 'city') =>
      input('honor.award', 'drc.fuzhou', '2026-05-04', {
        awardName: '优秀志愿者',
        category,
        level,
        awardingBody,
        awardedOn: '2026-05-04',
        status: 'valid',
      });
    expect(only(score('fuzhou.points', [award('抚州市红十字会', 'volunteer-service')]))).toEqual([
      ['red-cross-volunteer-award-city', 20],
    ]);
    expect(only(score('fuzhou.points', [award('共青团抚州市委员会', 'volunteer-service')]))).toEqual([
      ['volunteer-award-city', 10],
    ]);
    expect(only(score('fuzhou.points', [award('抚州市文明办', 'good-deed', 'county')]))).toEqual([
      ['good-deeds-commended', 50],
    ]);
  });

  it('Rongcheng: a deed counts only with two photos or a video', () => {
    expect(score('rongcheng.points', [deed('2026-05-09', 'pruning-a-neighbours-tree', 1, false)]).score).toBe(
      1000,
    );
    expect(score('rongcheng.points', [deed('2026-05-09', 'pruning-a-neighbours-tree', 2, false)]).score).toBe(
      1001,
    );
    expect(score('rongcheng.points', [deed('2026-05-09', 'pruning-a-neighbours-tree', 0, true)]).score).toBe(
      1001,
    );
    expect(score('rongcheng.points', [deed('2026-05-09', 'lending-tools', 3, false)]).score).toBe(1000.5);
    // Declared but not attached: the files must really be on the record.
    const unattached = deed('2026-05-09', 'pruning-a-neighbours-tree', 2, false, { photos: 0, videos: 0 });
    expect(score('rongcheng.points', [unattached]).score).toBe(1000);
  });

  it('Rongcheng: taking an older person to hospital or market counts at most twice a month', () => {
    const trips = ['2026-05-03', '2026-05-10', '2026-05-17', '2026-06-07'].map((d) =>
      deed(d, 'escorting-an-older-person', 2, false),
    );
    const r = score('rongcheng.points', trips);
    expect(r.score).toBe(1003);
    expect(r.ledger.filter((e) => e.cappedBy === 'rule')).toHaveLength(1);
  });

  it('Rongcheng: starts at 1000 in grade A; a driver who does not stop for pedestrians loses 5', () => {
    const r = score('rongcheng.points', [
      input('traffic.violation', 'psb.rongcheng', '2026-04-02', {
        decisionNumber: '3710820100012345',
        violationCode: '1357',
        violation: '机动车行经人行横道时未按规定减速、停车、避让行人',
        violationDate: '2026-04-02',
        points: 3,
        fineAmount: 50,
        decidedBy: '荣成市公安局交通警察大队',
        decidedOn: '2026-04-02',
      }),
    ]);
    expect(score('rongcheng.points', []).grade).toBe('A');
    expect(r.score).toBe(995);
    expect(r.grade).toBe('A');
  });

  // The other city schemes (FIG 2.1-A gives their scales; their rules are the common lawful set, see each `choices`).
  const commendation = (agency: string, level: string, date = '2026-04-01') =>
    input('honor.award', agency, date, {
      awardName: '道德模范',
      category: 'good-citizen',
      level,
      awardingBody: '市精神文明建设委员会',
      awardedOn: date,
      status: 'valid',
    });

  it('Suqian: 1000 − 3 × 10 (electricity) + 15 (RMB 25,000 donated) = 985, grade A', () => {
    const r = score('suqian.points', [
      electricity('2026-02-01', 160),
      electricity('2026-03-01', 155),
      electricity('2026-04-01', 170),
      electricity('2026-05-01', 170), // the fourth is past the rule's cap of 30
      donation('ccf', '2026-05-20', 25_000),
    ]);
    expect(r).toMatchObject({ score: 985, grade: 'A' });
  });

  it('Weihai: 1000 + 10 (three half-years of books returned on time, at most 10) + 30 (120 volunteer hours) = 1040, AA', () => {
    const loans = (from: string, to: string) =>
      input('civic.library-borrowing', 'drc.weihai', to, {
        periodFrom: from,
        periodTo: to,
        itemsBorrowed: 12,
        itemsReturnedOnTime: 12,
        itemsOverdue: 0,
      });
    const r = score('weihai.points', [
      loans('2025-07-01', '2025-12-31'),
      loans('2026-01-01', '2026-06-30'),
      loans('2026-07-01', '2026-10-31'),
      volunteering('2026-01-01', '2026-06-30', 120),
    ]);
    expect(r).toMatchObject({ score: 1040, grade: 'AA' });
  });

  it('Suzhou: 100 + 4 (60 volunteer hours) + 3 (RMB 25,000) − 6 (a 12-point violation) = 101, grade C', () => {
    const r = score('suzhou.points', [
      volunteering('2026-01-01', '2026-06-30', 60),
      donation('rcsc', '2026-05-20', 25_000),
      traffic('2026-07-01', 12),
    ]);
    expect(r).toMatchObject({ score: 101, grade: 'C' });
  });

  it('Wuhu: 800 + 20 (a city commendation) + 30 (120 volunteer hours) = 850, just AA', () => {
    const r = score('wuhu.points', [
      commendation('drc.wuhu', 'city'),
      volunteering('2026-01-01', '2026-06-30', 120),
    ]);
    expect(r).toMatchObject({ score: 850, grade: 'AA' });
    expect(score('wuhu.points', [commendation('drc.wuhu', 'city')])).toMatchObject({
      score: 820,
      grade: 'A',
    });
  });

  it('Hangzhou: 650 − 30 (six violations in a year) − 30 (a 12-point violation) = 590, fair', () => {
    const six = ['01', '02', '03', '04', '05', '06'].map((m) => traffic(`2026-${m}-10`));
    const r = score('hangzhou.points', [...six, traffic('2026-07-10', 12)]);
    expect(r).toMatchObject({ score: 590, grade: 'fair' });
    expect(score('hangzhou.points', six.slice(1))).toMatchObject({ score: 650, grade: 'good' });
  });

  it('Xiamen: 750 + 10 (RMB 5,000) + 30 (120 hours) + 50 (a national commendation) = 840, good; a defaulter is at best "needs improvement"', () => {
    const inputs = [
      donation('ccf', '2026-05-20', 5_000),
      volunteering('2026-01-01', '2026-06-30', 120),
      commendation('ndrc', 'national'),
    ];
    expect(score('xiamen.points', inputs)).toMatchObject({ score: 840, grade: 'good' });
    const capped = score('xiamen.points', [
      ...inputs,
      listing('spc.defaulters', 'blacklist', 'spc', '2026-09-01'),
    ]);
    expect(capped).toMatchObject({
      score: 840,
      grade: 'improve',
      gradeCappedBy: 'court-judgment-not-performed',
    });
  });

  it('tax grade: three late returns take 100 to 85 (B); the major tax violation list caps it at D', () => {
    const returns = [lateReturn('03'), lateReturn('04'), lateReturn('05')];
    const r = score('sta.tax-credit', returns);
    expect(r.score).toBe(85);
    expect(r.grade).toBe('B');
    const d = score('sta.tax-credit', [
      ...returns,
      listing('sta.major-tax-violations', 'blacklist', 'sta', '2026-06-01'),
    ]);
    expect(d.grade).toBe('D');
    expect(d.gradeCappedBy).toBe('major-tax-violation-listed');
    expect(score('sta.tax-credit', []).grade).toBe('A');
  });

  it('tax grade M: a new enterprise is M whatever its points for a year from its establishment, unless a direct-D finding', () => {
    const registration = (establishedOn: string, submitted: string) =>
      input('registration.basic', 'amr.fuzhou', submitted, {
        name: '抚州市某某科技有限公司',
        entityType: 'limited-liability-company',
        legalRepresentative: '李某',
        establishedOn,
        registrationAuthority: '抚州市市场监督管理局',
        status: 'active',
      });
    const fresh = registration('2026-03-18', '2026-03-18');
    const tax = compileScheme(scheme('sta.tax-credit'));
    // 100 points, which alone would be A: the new enterprise is M, and the ledger says by which rule and record.
    const m = evaluateScheme(tax, [fresh], NOW);
    expect(m).toMatchObject({ score: 100, grade: 'M', gradeSetBy: 'new-enterprise' });
    expect(m.ledger).toEqual([
      expect.objectContaining({
        rule: 'new-enterprise',
        inputs: [fresh.ref],
        points: 0,
        effect: { setGrade: 'M' },
        untilMs: day('2027-03-18'),
      }),
    ]);
    expect(outlook(tax, m).gradeSet).toEqual({
      rule: 'new-enterprise',
      grade: 'M',
      untilMs: day('2027-03-18'),
    });
    expect(outlook(tax, m).next).toBeUndefined();
    // Three late returns (100 − 15 = 85, B by points): still M, whatever the points.
    expect(
      evaluateScheme(tax, [fresh, lateReturn('04'), lateReturn('05'), lateReturn('06')], NOW),
    ).toMatchObject({
      score: 85,
      grade: 'M',
    });
    // A year after its establishment the points give the grade again.
    expect(evaluateScheme(tax, [fresh], day('2027-03-19')).grade).toBe('A');
    // The year counts from establishedOn, not from when the registration was last submitted (a change in 2026).
    expect(evaluateScheme(tax, [registration('2016-03-18', '2026-05-01')], NOW).grade).toBe('A');
    // On the major tax violation list (a direct-D finding): D, not M.
    const d = evaluateScheme(
      tax,
      [fresh, listing('sta.major-tax-violations', 'blacklist', 'sta', '2026-06-01')],
      NOW,
    );
    expect(d).toMatchObject({ grade: 'D', gradeCappedBy: 'major-tax-violation-listed' });
    expect(d.gradeSetBy).toBeUndefined();
  });

  it('tax grade M: no operating revenue in the tax year and 70 or more is M; below 70 the points grade stands', () => {
    const annual = (revenue: number) =>
      input('tax.payment', 'sta.fuzhou', '2026-05-20', {
        taxKind: 'enterprise-income-tax',
        periodFrom: '2025-01-01',
        periodTo: '2025-12-31',
        taxPayable: 0,
        taxPaid: 0,
        taxOwed: 0,
        annualOperatingRevenue: revenue,
        declaration: 'on-time',
      });
    const none = annual(0);
    // 100 − 3 × 5 = 85 ≥ 70: M, for the year after the tax year's end.
    const m = score('sta.tax-credit', [none, lateReturn('03'), lateReturn('04'), lateReturn('05')]);
    expect(m).toMatchObject({ score: 85, grade: 'M', gradeSetBy: 'no-operating-revenue' });
    expect(m.ledger.find((e) => e.rule === 'no-operating-revenue')).toMatchObject({
      effect: { setGrade: 'M', minScore: 70 },
      untilMs: day('2026-12-31'),
    });
    // 100 − 7 × 5 = 65 < 70: C by points, not M.
    const months = ['02', '03', '04', '05', '06', '07', '08'];
    const c = score('sta.tax-credit', [none, ...months.map(lateReturn)]);
    expect(c).toMatchObject({ score: 65, grade: 'C' });
    expect(c.gradeSetBy).toBeUndefined();
    // Some revenue: the points grade (B at 85).
    expect(
      score('sta.tax-credit', [annual(120_000), lateReturn('03'), lateReturn('04'), lateReturn('05')]).grade,
    ).toBe('B');
  });

  it('refuses a grade a rule sets that the scheme does not define, and a dated field that is not a date', () => {
    const tax = scheme('sta.tax-credit');
    const dir = mkdtempSync(join(tmpdir(), 'xinyong-m-'));
    const file = join(dir, 'tax.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...tax,
        code: 'sta.tax-credit-draft',
        rules: tax.rules.map((r) =>
          r.code === 'new-enterprise'
            ? { ...r, effect: { setGrade: 'N' }, dated: 'name' }
            : r.code === 'no-operating-revenue'
              ? { ...r, effect: { setGrade: 'M', minScore: 170 } }
              : r,
        ),
      }),
    );
    const reasons = validateCatalogFile(file).problems.map((p) => `${p.pointer} ${p.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/effect\/setGrade no grade N in the scheme's ruleGrades/),
        expect.stringMatching(/\/dated name of registration.basic is not a date/),
        expect.stringMatching(/\/effect\/minScore outside the scheme range/),
      ]),
    );
  });

  it('customs grade: advanced certified while certified, dishonest while listed as dishonest', () => {
    const aeo = listing('gacc.advanced-certified', 'redlist', 'gacc', '2026-01-15');
    expect(score('gacc.enterprise-credit', []).grade).toBe('general');
    expect(score('gacc.enterprise-credit', [aeo]).grade).toBe('advanced');
    const dishonest = listing('gacc.dishonest-enterprises', 'blacklist', 'gacc', '2026-06-01');
    expect(score('gacc.enterprise-credit', [aeo, dishonest]).grade).toBe('dishonest');
  });

  it('comprehensive rating: an enterprise on the irregularity list is at best 中', () => {
    const irregular = listing('samr.business-irregularity', 'irregularity', 'amr.fuzhou', '2026-07-15');
    expect(score('ndrc.comprehensive', []).grade).toBe('良');
    const r = score('ndrc.comprehensive', [irregular]);
    expect(r.grade).toBe('中');
    expect(r.gradeCappedBy).toBe('on-the-irregularity-list');
  });
});
