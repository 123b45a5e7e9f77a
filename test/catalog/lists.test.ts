import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { listTable, memorandumTable } from '../../scripts/catalog-table.js';
import {
  DEFAULT_CATALOG_DIR,
  loadCatalog,
  loadConsequenceScanner,
  readDataFile,
  validateCatalogFile,
} from '../../src/catalog/load.js';
import { ProhibitedScanner } from '../../src/domain/catalog/prohibited.js';
import type { CreditList, Memorandum } from '../../src/domain/catalog/schema.js';
import type { CatalogProblem } from '../../src/domain/catalog/validate.js';
import { durationDays, validateListsCatalog } from '../../src/domain/catalog/validate-lists.js';

const catalog = loadCatalog();
const lists = [...catalog.lists.values()];
const measures = [...catalog.measures.values()];
const memoranda = [...catalog.memoranda.values()];
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DECLINED_LISTS = join(DEFAULT_CATALOG_DIR, 'declined', 'lists.yaml');
const DECLINED_MEASURES = join(DEFAULT_CATALOG_DIR, 'declined', 'measures.yaml');

const list = (code: string): CreditList => {
  const l = catalog.lists.get(code);
  if (!l) throw new Error(`no list ${code}`);
  return l;
};
/** Every memorandum a list triggers. */
const triggeredBy = (code: string): Memorandum[] =>
  memoranda.filter((m) => m.triggers.some((t) => t.list === code));
/** The effect each action gets from the measures of these memoranda. */
const effects = (ms: Memorandum[]) => {
  const out = new Map<string, Set<string>>();
  for (const m of ms)
    for (const code of m.measures) {
      const measure = catalog.measures.get(code)!;
      for (const a of measure.actions) out.set(a, (out.get(a) ?? new Set()).add(measure.effect));
    }
  return out;
};
/** A list and every list derived from it, transitively. */
const withDerived = (code: string): string[] => {
  const out = [code];
  for (let i = 0; i < out.length; i++)
    for (const l of lists)
      if (l.derivedFrom?.some((d) => d.list === out[i]) && !out.includes(l.code)) out.push(l.code);
  return out;
};

/** A markdown table's cells, so that aligning the columns changes nothing. */
const tableCells = (table: string) =>
  table
    .trim()
    .split('\n')
    .map((row) =>
      row
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim().replace(/^-+$/, '---')),
    );

const categories = (problems: CatalogProblem[]) =>
  new Set(problems.flatMap((p) => /^prohibited category "([^"]+)"/.exec(p.reason)?.[1] ?? []));

describe('the shipped lists catalog', () => {
  it('loads with no problem', () => {
    expect(() => loadCatalog()).not.toThrow();
    expect(catalog.actions.size).toBeGreaterThanOrEqual(20);
    expect(catalog.measures.size).toBeGreaterThanOrEqual(40);
    expect(catalog.lists.size).toBeGreaterThanOrEqual(15);
    expect(catalog.memoranda.size).toBeGreaterThanOrEqual(6);
  });

  it('has the actions enforcers ask about', () => {
    for (const code of [
      'air.ticket.purchase',
      'rail.ticket.hsr',
      'rail.ticket.soft-sleeper',
      'rail.ticket.ordinary',
      'hotel.star-rated',
      'procurement.bid',
      'bond.issue',
      'land.purchase',
      'customs.inspection',
      'customs.clearance-priority',
      'public-office.appointment',
      'subsidy.apply',
      'utility.electricity-price',
      'export-rebate.apply',
      'company.officer-appointment',
    ]) {
      expect(catalog.actions.has(code), code).toBe(true);
    }
  });

  it('has no action for what a relative does, a phone call, the internet or petitioning', () => {
    for (const a of catalog.actions.values()) {
      expect(a.code, a.code).not.toMatch(/school|university|telecom\.call|internet|petition/);
      expect(`${a.names.zh}${a.names.en}`, a.code).not.toMatch(/子女|私立学校|children|petition|上访/i);
    }
  });

  it('gives every list, measure and memorandum a legal basis with an article, and a source in the seeds', () => {
    for (const item of [...lists, ...measures, ...memoranda]) {
      expect(item.legalBasis.length, item.code).toBeGreaterThan(0);
      for (const b of item.legalBasis) expect(b.article.length, item.code).toBeGreaterThan(0);
      expect(item.source, item.code).toMatch(/seed 00\d/);
    }
    for (const a of catalog.actions.values()) expect(a.source, a.code).toMatch(/seed 00\d/);
  });

  it('holds the national lists of seed 001 FIG 1.3-B, each owned by its agency', () => {
    const fig13b: Record<string, string> = {
      'spc.defaulters': 'spc',
      'spc.restricted-consumption': 'spc',
      'ndrc.financial-serious-dishonesty': 'ndrc',
      'sta.major-tax-violations': 'sta',
      'gacc.dishonest-enterprises': 'gacc',
      'samr.food-drug-serious-dishonesty': 'samr',
      'mohrss.wage-arrears': 'mohrss',
      'caac.no-fly': 'caac',
      'china-railway.no-ride': 'china-railway',
    };
    for (const [code, owner] of Object.entries(fig13b)) {
      expect(list(code).owner, code).toBe(owner);
      expect(list(code).kind, code).toBe('black');
    }
  });

  it('holds the examples of FIG 1.3-C except the online-speech list', () => {
    for (const code of [
      'mnr.survey-falsification',
      'housing.haikou.property-management',
      'spb.express-delivery',
      'fire.weifang.fire-safety-black',
      'edu.nanning-qingxiu.off-campus-training-black',
    ]) {
      expect(catalog.lists.has(code), code).toBe(true);
    }
    expect(lists.filter((l) => l.owner === 'cac')).toEqual([]);
  });

  it('has every kind of list: black, red, key-attention, irregularity, alert', () => {
    expect(new Set(lists.map((l) => l.kind))).toEqual(
      new Set(['black', 'red', 'key-attention', 'irregularity', 'alert']),
    );
    expect(list('samr.business-irregularity')).toMatchObject({ owner: 'samr', kind: 'irregularity' });
    expect(list('samr.business-irregularity').legalBasis.map((b) => `${b.title} ${b.article}`)).toContain(
      '企业信息公示暂行条例 第十七条',
    );
    expect(list('ndrc.big-data-alert').kind).toBe('alert');
    expect(list('gacc.advanced-certified')).toMatchObject({ owner: 'gacc', kind: 'red' });
    expect(list('sta.grade-a')).toMatchObject({ owner: 'sta', kind: 'red' });
    expect(lists.filter((l) => l.kind === 'red').length).toBeGreaterThanOrEqual(3);
  });

  it('lists court defaulters for two years, or up to five, after the SPC provisions, with notice and repair', () => {
    const l = list('spc.defaulters');
    expect(l.owner).toBe('spc');
    expect(l.severities.map((s) => [s.code, s.duration])).toEqual([
      ['general', 'P2Y'],
      ['serious', 'P5Y'],
    ]);
    for (const s of l.severities) {
      expect(s.legalBasis?.[0]?.title, s.code).toBe('最高人民法院关于公布失信被执行人名单信息的若干规定');
      expect(s.legalBasis?.[0]?.article, s.code).toMatch(/^第二条/);
      expect(s.legalBasis?.[0]?.titleEn, s.code).toMatch(/法释〔2017〕7号/);
    }
    expect(durationDays(l.noticePeriod)).toBeGreaterThan(0);
    expect(durationDays(l.noticePeriod)).toBeLessThanOrEqual(30);
    expect(l.repair).toMatchObject({ allowed: true, minimumPeriod: 'P0D' });
    expect(l.publication).toEqual({ public: true, persons: true });
    expect(l.subjectKinds).toEqual(expect.arrayContaining(['person', 'enterprise', 'government-body']));
  });

  it('derives restricted consumption from court defaulters, and no-fly and no-ride from restricted consumption', () => {
    expect(list('spc.restricted-consumption').owner).toBe('spc');
    expect(list('spc.restricted-consumption').derivedFrom?.map((d) => d.list)).toEqual(['spc.defaulters']);
    expect(list('spc.restricted-consumption').derivedFrom?.[0]?.legalBasis[0]?.article).toMatch(/^第一条/);
    for (const code of ['caac.no-fly', 'china-railway.no-ride']) {
      expect(
        list(code).derivedFrom?.map((d) => d.list),
        code,
      ).toEqual(['spc.restricted-consumption']);
      expect(list(code).subjectKinds, code).toEqual(['person']);
    }
    expect(list('caac.no-fly').owner).toBe('caac');
    expect(list('china-railway.no-ride').owner).toBe('china-railway');
    // Each has its own grounds, besides the people the court restricts.
    expect(list('caac.no-fly').inclusionCriteria.zh).toMatch(/航空器/);
    expect(list('china-railway.no-ride').inclusionCriteria.zh).toMatch(/动车组列车上吸烟/);
    expect(withDerived('spc.defaulters')).toEqual(
      expect.arrayContaining(['spc.restricted-consumption', 'caac.no-fly', 'china-railway.no-ride']),
    );
  });

  it('keeps every notice period within 30 days and every severity within its class or its own basis', () => {
    for (const l of lists) {
      expect(durationDays(l.noticePeriod), l.code).toBeLessThanOrEqual(30);
      for (const s of l.severities) {
        expect(['general', 'serious', 'extreme'], l.code).toContain(s.code);
        const days = durationDays(s.duration);
        expect(days, l.code).toBeGreaterThan(0);
        if (s.code === 'extreme') expect(s.legalBasis, l.code).toBeDefined();
        if (s.code === 'general' && (days < 90 || days > 365)) expect(s.legalBasis, l.code).toBeDefined();
        if (s.code === 'serious' && (days < 180 || days > 3 * 365))
          expect(s.legalBasis, l.code).toBeDefined();
      }
      if (l.kind !== 'red') expect(durationDays(l.noticePeriod), `${l.code} gives notice`).toBeGreaterThan(0);
      if (l.publication.persons) expect(l.subjectKinds, l.code).toContain('person');
    }
  });

  it('lets no measure deny or restrict an ordinary train seat', () => {
    const touching = measures.filter((m) => m.actions.includes('rail.ticket.ordinary'));
    expect(touching.filter((m) => m.effect === 'deny' || m.effect === 'restrict')).toEqual([]);
    for (const code of withDerived('spc.defaulters'))
      expect(effects(triggeredBy(code)).get('rail.ticket.ordinary'), code).toBeUndefined();
  });

  it('has every memorandum measure applied by one of its signatories', () => {
    for (const m of memoranda)
      for (const code of m.measures) {
        const measure = catalog.measures.get(code);
        expect(measure, `${m.code} → ${code}`).toBeDefined();
        expect(m.signatories, `${m.code} → ${code}`).toContain(measure!.appliedBy);
      }
  });

  it('extends only to officer roles', () => {
    const officers = ['legal-representative', 'director', 'supervisor', 'senior-manager'];
    for (const m of memoranda) for (const role of m.extendsTo) expect(officers, m.code).toContain(role);
  });

  it('denies court defaulters air, high-speed rail, star hotels and procurement, reaching the legal representative', () => {
    const m = memoranda.find((x) => x.documentNumber === '发改财金〔2016〕141号');
    expect(m).toBeDefined();
    expect(m!.triggers.map((t) => t.list)).toContain('spc.defaulters');
    const e = effects([m!]);
    for (const action of ['air.ticket.purchase', 'rail.ticket.hsr', 'hotel.star-rated', 'procurement.bid'])
      expect(e.get(action), action).toEqual(new Set(['deny']));
    expect(m!.extendsTo).toContain('legal-representative');
    expect(m!.extendsTo).not.toContain('shareholder');
  });

  it('denies air on the no-fly list, and high-speed rail and soft sleepers on the no-ride list', () => {
    const fly = effects(triggeredBy('caac.no-fly'));
    expect(fly.get('air.ticket.purchase')).toEqual(new Set(['deny']));
    const ride = effects(triggeredBy('china-railway.no-ride'));
    expect(ride.get('rail.ticket.hsr')).toEqual(new Set(['deny']));
    expect(ride.get('rail.ticket.soft-sleeper')).toEqual(new Set(['deny']));
    expect(ride.get('rail.ticket.ordinary')).toBeUndefined();
  });

  it('applies the customs memorandum to dishonest enterprises and their officers, and rewards advanced certified ones', () => {
    const punish = triggeredBy('gacc.dishonest-enterprises');
    expect(punish).toHaveLength(1);
    expect(punish[0]!.extendsTo).toEqual([
      'legal-representative',
      'director',
      'supervisor',
      'senior-manager',
    ]);
    expect(effects(punish).get('customs.inspection')).toEqual(new Set(['review']));
    const reward = triggeredBy('gacc.advanced-certified');
    expect(reward).toHaveLength(1);
    expect(reward[0]!.extendsTo).toEqual([]);
    const e = effects(reward);
    for (const action of [
      'customs.clearance-priority',
      'customs.inspection',
      'admin-approval.apply',
      'procurement.bid',
      'export-rebate.apply',
      'financing.loan',
      'inspection.rate',
      'land.purchase',
    ])
      expect(e.get(action), action).toEqual(new Set(['reward']));
    // FIG 1.4-B: rewards by many agencies, each of which signed.
    const by = new Set(reward[0]!.measures.map((c) => catalog.measures.get(c)!.appliedBy));
    for (const agency of ['ndrc', 'pboc', 'mof', 'miit', 'mnr', 'mee', 'sta', 'samr', 'mem', 'gacc'])
      expect(by, agency).toContain(agency);
  });

  it('surcharges electricity for Jiangsu red- and black-level environmental credit, restricting and not denying', () => {
    const red = effects(triggeredBy('eco.jiangsu.environmental-red'));
    const black = effects(triggeredBy('eco.jiangsu.environmental-black'));
    expect(red.get('utility.electricity-price')).toEqual(new Set(['restrict']));
    expect(black.get('utility.electricity-price')).toEqual(new Set(['restrict']));
    expect(catalog.measures.get('sgcc.jiangsu.electricity-surcharge-red')!.names.zh).toMatch(/0\.05元/);
    expect(catalog.measures.get('sgcc.jiangsu.electricity-surcharge-black')!.names.zh).toMatch(/0\.10元/);
    expect(
      measures.filter((m) => m.actions.includes('utility.electricity-price') && m.effect === 'deny'),
    ).toEqual([]);
  });

  it('is the tables docs/catalog.md shows (run npx tsx scripts/catalog-table.ts --write after a change)', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/catalog.md', import.meta.url)), 'utf8');
    for (const [name, table] of [
      ['lists', listTable(catalog)],
      ['memoranda', memorandumTable(catalog)],
    ] as const) {
      const m = new RegExp(`<!-- ${name}:begin -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(doc);
      expect(m, `${name} markers in docs/catalog.md`).not.toBeNull();
      expect(tableCells(m![1]!), name).toEqual(tableCells(table));
    }
  });
});

describe('the declined lists and measures', () => {
  const expected: Record<string, string[]> = {
    'lists/cac.online-dishonesty': ['speech'],
    'measures/spc.private-school-ban': ['relatives'],
    'measures/moe.defaulter-family-admission-review': ['relatives'],
    'measures/court.caller-id-ringtone': ['shaming-broadcast'],
    'measures/court.giant-screen-display': ['shaming-broadcast'],
    'measures/telecom.internet-speed-by-score': ['service-throttling'],
    'measures/gov.rongcheng.petition-penalty': ['petitioning', 'petition'],
  };
  const results = [validateCatalogFile(DECLINED_LISTS), validateCatalogFile(DECLINED_MEASURES)];
  const problems = results.flatMap((r) => r.problems);

  it('are all refused, and none is shipped', () => {
    const declined = [DECLINED_LISTS, DECLINED_MEASURES].flatMap(
      (f) => readDataFile(f) as { code: string }[],
    );
    const items = declined.filter((d) => !('askedBy' in d)).map((d) => d.code);
    expect(items.sort()).toEqual(
      Object.keys(expected)
        .map((w) => w.slice(w.indexOf('/') + 1))
        .sort(),
    );
    for (const r of results) {
      expect(r.lists).toEqual([]);
      expect(r.measures).toEqual([]);
      expect(r.memoranda).toEqual([]);
    }
    for (const code of items) {
      expect(catalog.lists.has(code) || catalog.measures.has(code), code).toBe(false);
    }
  });

  it('are refused only for a prohibited category', () => {
    for (const p of problems) expect(p.reason, `${p.where}${p.pointer}`).toMatch(/^prohibited category "/);
  });

  it('give the measures actions only the declined file has', () => {
    const actions = results[1]!.actions.map((a) => a.code);
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(catalog.actions.has(a), a).toBe(false);
  });

  for (const [where, cats] of Object.entries(expected)) {
    it(`refuses ${where} as ${cats.map((c) => `"${c}"`).join(' and ')}`, () => {
      const mine = problems.filter((p) => p.where === where);
      expect(mine.length).toBeGreaterThan(0);
      expect(categories(mine)).toEqual(new Set(cats));
    });
  }
});

describe('the lists validator', () => {
  const data = new ProhibitedScanner(catalog.prohibited);
  const consequences = loadConsequenceScanner();

  /** Problems of the given items, validated with the shipped catalog. */
  function problemsOf(extra: {
    lists?: unknown[];
    measures?: unknown[];
    memoranda?: unknown[];
  }): CatalogProblem[] {
    const result = validateListsCatalog(
      {
        actions: [...catalog.actions.values()],
        measures: [...measures, ...(extra.measures ?? [])],
        lists: [...lists, ...(extra.lists ?? [])],
        memoranda: [...memoranda, ...(extra.memoranda ?? [])],
      },
      catalog.agencies,
      { data, consequences },
    );
    const codes = new Set(
      [...(extra.lists ?? []), ...(extra.measures ?? []), ...(extra.memoranda ?? [])].map(
        (x) => (x as { code: string }).code,
      ),
    );
    return result.problems.filter((p) => codes.has(p.where.slice(p.where.indexOf('/') + 1)));
  }

  function lawfulList(code = 'test.unpaid-fines'): Record<string, unknown> {
    return {
      code,
      names: { zh: '逾期未缴罚款名单', en: 'Unpaid fines' },
      owner: 'samr',
      kind: 'black',
      legalBasis: [{ title: '市场监督管理严重违法失信名单管理办法', article: '第二条' }],
      inclusionCriteria: { zh: '受到较重行政处罚且逾期未缴纳罚款的', en: 'A heavy fine not paid on time' },
      subjectKinds: ['enterprise'],
      severities: [{ code: 'general', duration: 'P1Y' }],
      noticePeriod: 'P10D',
      publication: { public: true, persons: false },
      repair: {
        allowed: true,
        minimumPeriod: 'P0D',
        requirements: [{ zh: '缴清罚款', en: 'The fine paid' }],
      },
      source: 'test',
    };
  }

  function lawfulMemorandum(): Record<string, unknown> {
    return {
      code: 'test.unpaid-fines-discipline',
      names: { zh: '逾期未缴罚款联合惩戒', en: 'Discipline for unpaid fines' },
      signatories: ['samr', 'mof'],
      triggers: [{ list: 'spc.defaulters' }],
      measures: ['mof.procurement-review'],
      extendsTo: ['legal-representative'],
      effectiveFrom: '2025-01-01',
      legalBasis: [{ title: '企业信息公示暂行条例', article: '第十八条' }],
    };
  }

  it('accepts the lawful samples', () => {
    expect(problemsOf({ lists: [lawfulList()], memoranda: [lawfulMemorandum()] })).toEqual([]);
  });

  it('refuses a list without a legal basis', () => {
    const missing = lawfulList();
    delete missing.legalBasis;
    for (const l of [missing, { ...lawfulList(), legalBasis: [] }]) {
      expect(problemsOf({ lists: [l] })).toContainEqual({
        where: 'lists/test.unpaid-fines',
        pointer: '/legalBasis',
        reason: expect.stringMatching(/no legal basis/),
      });
    }
  });

  it('refuses a general severity of two years that does not cite its own basis', () => {
    const l = { ...lawfulList(), severities: [{ code: 'general', duration: 'P2Y' }] };
    expect(problemsOf({ lists: [l] })).toContainEqual({
      where: 'lists/test.unpaid-fines',
      pointer: '/severities/0/duration',
      reason: expect.stringMatching(/P2Y is outside the general range P3M–P1Y/),
    });
    const cited = {
      ...l,
      severities: [
        { code: 'general', duration: 'P2Y', legalBasis: [{ title: '某规定', article: '第二条' }] },
      ],
    };
    expect(problemsOf({ lists: [cited] })).toEqual([]);
  });

  it('refuses an extreme severity without its own basis', () => {
    const l = { ...lawfulList(), severities: [{ code: 'extreme', duration: 'P5Y' }] };
    expect(problemsOf({ lists: [l] })).toContainEqual(
      expect.objectContaining({
        pointer: '/severities/0/legalBasis',
        reason: expect.stringMatching(/extremely serious/),
      }),
    );
  });

  it('refuses a notice period of 60 days', () => {
    expect(problemsOf({ lists: [{ ...lawfulList(), noticePeriod: 'P60D' }] })).toContainEqual({
      where: 'lists/test.unpaid-fines',
      pointer: '/noticePeriod',
      reason: expect.stringMatching(/at most P30D/),
    });
  });

  it('refuses an unknown owner, naming it', () => {
    expect(problemsOf({ lists: [{ ...lawfulList(), owner: 'bureau-of-morals' }] })).toContainEqual({
      where: 'lists/test.unpaid-fines',
      pointer: '/owner',
      reason: 'unknown agency bureau-of-morals',
    });
  });

  it('refuses a derivation loop', () => {
    const basis = [{ title: '某规定', article: '第一条' }];
    const a = {
      ...lawfulList('test.a'),
      derivedFrom: [{ list: 'test.b', severity: 'general', legalBasis: basis }],
    };
    const b = {
      ...lawfulList('test.b'),
      derivedFrom: [{ list: 'test.a', severity: 'general', legalBasis: basis }],
    };
    const problems = problemsOf({ lists: [a, b] });
    for (const where of ['lists/test.a', 'lists/test.b'])
      expect(problems).toContainEqual({
        where,
        pointer: '/derivedFrom',
        reason: 'derivation loops back to this list',
      });
    const self = {
      ...lawfulList(),
      derivedFrom: [{ list: 'test.unpaid-fines', severity: 'general', legalBasis: basis }],
    };
    expect(problemsOf({ lists: [self] })).toContainEqual(
      expect.objectContaining({ reason: 'a list cannot derive from itself' }),
    );
  });

  it('refuses a memorandum triggered by an unknown list, naming it', () => {
    const m = { ...lawfulMemorandum(), triggers: [{ list: 'spc.no-such-list' }] };
    expect(problemsOf({ memoranda: [m] })).toContainEqual({
      where: 'memoranda/test.unpaid-fines-discipline',
      pointer: '/triggers/0/list',
      reason: 'unknown list spc.no-such-list',
    });
  });

  it('refuses a memorandum measure applied by an agency that has not signed it', () => {
    const m = { ...lawfulMemorandum(), measures: ['mof.procurement-review', 'caac.air-travel-ban'] };
    expect(problemsOf({ memoranda: [m] })).toContainEqual({
      where: 'memoranda/test.unpaid-fines-discipline',
      pointer: '/measures/1',
      reason: 'caac.air-travel-ban is applied by caac, which has not signed the memorandum',
    });
  });

  it('refuses a measure that reaches children (子女), naming the category', () => {
    const measure = {
      code: 'test.school-ban',
      names: { zh: '限制子女就读重点学校', en: 'School restriction' },
      effect: 'deny',
      actions: ['subsidy.apply'],
      appliedBy: 'moe',
      legalBasis: [{ title: '某规定', article: '第一条' }],
    };
    const problems = problemsOf({ measures: [measure] });
    expect(problems).toContainEqual({
      where: 'measures/test.school-ban',
      pointer: '/names/zh',
      reason: 'prohibited category "relatives" (mentions "子女")',
    });
    expect(categories(problems)).toEqual(new Set(['relatives']));
  });

  it('does not mistake lawful measures for prohibited ones', () => {
    const measure = {
      code: 'test.parent-company-review',
      names: { zh: '母公司融资审查', en: 'Review of the parent company’s financing' },
      description: {
        zh: '对失信企业的母公司融资授信审慎审查',
        en: 'Banks review loans to the listed company and its parent company',
      },
      effect: 'review',
      actions: ['financing.loan'],
      appliedBy: 'nfra',
      legalBasis: [{ title: '某规定', article: '第一条' }],
    };
    expect(problemsOf({ measures: [measure] })).toEqual([]);
  });
});

describe('xinyong catalog validate with lists, measures and memoranda', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-lists-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a shipped list file and a shipped memorandum file', () => {
    const lists = validateCatalogFile(join(DEFAULT_CATALOG_DIR, 'lists', 'courts.yaml'));
    expect(lists.problems).toEqual([]);
    expect(lists.lists.map((l) => l.code)).toEqual(['spc.defaulters', 'spc.restricted-consumption']);
    const memos = validateCatalogFile(join(DEFAULT_CATALOG_DIR, 'memoranda', 'courts.yaml'));
    expect(memos.problems).toEqual([]);
    expect(memos.memoranda.map((m) => m.code)).toContain('spc.defaulters-joint-discipline');
  });

  it('resolves a user memorandum against the shipped lists and measures, and a new list in the same file', () => {
    const file = join(dir, 'memo.yaml');
    const newList = {
      code: 'test.local-arrears',
      names: { zh: '欠费名单', en: 'Arrears' },
      owner: 'amr.rongcheng',
      kind: 'key-attention',
      legalBasis: [{ title: '企业信息公示暂行条例', article: '第十七条' }],
      inclusionCriteria: { zh: '逾期未缴费用的', en: 'Fees overdue' },
      subjectKinds: ['enterprise'],
      severities: [{ code: 'general', duration: 'P6M' }],
      noticePeriod: 'P10D',
      publication: { public: true, persons: false },
      repair: { allowed: true, requirements: [{ zh: '缴清费用', en: 'Fees paid' }] },
    };
    const memo = {
      code: 'test.local-constraints',
      names: { zh: '本地约束', en: 'Local constraints' },
      signatories: ['samr', 'mof', 'amr.rongcheng'],
      triggers: [{ list: 'spc.defaulters' }, { list: 'test.local-arrears' }],
      measures: ['mof.procurement-review', 'samr.higher-inspection-frequency'],
      extendsTo: [],
      effectiveFrom: '2025-01-01',
      legalBasis: [{ title: '企业信息公示暂行条例', article: '第十八条' }],
    };
    writeFileSync(file, stringify([newList, memo]));
    const r = validateCatalogFile(file);
    expect(r.problems).toEqual([]);
    expect(r.lists.map((l) => l.code)).toEqual(['test.local-arrears']);
    expect(r.memoranda.map((m) => m.code)).toEqual(['test.local-constraints']);
    expect(r.counts).toMatchObject({ lists: 1, memoranda: 1, 'record-types': 0 });
  });

  it('reports each refused item of a file by its code, or its place in the file, and an item of no known shape', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          code: 'test.memo',
          names: { zh: '备忘录', en: 'Memo' },
          signatories: ['mof'],
          triggers: [{ list: 'nope.list' }],
          measures: ['mof.procurement-review'],
          extendsTo: [],
          effectiveFrom: '2025-01-01',
          legalBasis: [{ title: '某规定', article: '第一条' }],
        },
        {
          names: { zh: '无代码', en: 'No code' },
          effect: 'deny',
          actions: [],
          appliedBy: 'mof',
          legalBasis: [{ title: '某规定', article: '第一条' }],
        },
        { hello: 'world' },
      ]),
    );
    const r = validateCatalogFile(file);
    expect(r.problems).toContainEqual({
      where: 'memoranda/test.memo',
      pointer: '/triggers/0/list',
      reason: 'unknown list nope.list',
    });
    expect(r.problems.some((p) => p.where === 'measures/#1')).toBe(true);
    expect(r.problems).toContainEqual(
      expect.objectContaining({ where: 'items/#2', reason: expect.stringMatching(/cannot tell/) }),
    );
  });

  it('takes the kind from --kind when asked', () => {
    const file = join(dir, 'as-list.yaml');
    writeFileSync(file, stringify([{ code: 'test.x', names: { zh: '某', en: 'X' } }]));
    const r = validateCatalogFile(file, undefined, { kind: 'lists' });
    expect(r.counts.lists).toBe(1);
    expect(r.problems.every((p) => p.where === 'lists/test.x')).toBe(true);
    expect(r.problems.length).toBeGreaterThan(0);
  });

  /** Runs `node bin/xinyong.js catalog validate …` from the sources, as a user would. */
  const cli = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/xinyong.js', 'catalog', 'validate', ...args], {
        cwd: ROOT,
        env: { ...process.env, XINYONG_FROM_SOURCE: '1', NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('prints ok for a list file and every reason for a declined file, from the command line', async () => {
    const [ok, refused, json, bad] = await Promise.all([
      cli('catalog/lists/courts.yaml'),
      cli('catalog/declined/measures.yaml'),
      cli('catalog/declined/lists.yaml', '--json'),
      cli('catalog/lists/courts.yaml', '--kind', 'nonsense'),
    ]);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toBe('ok: 2 list(s): spc.defaulters, spc.restricted-consumption\n');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/^refused: \d+ problem\(s\)/);
    expect(refused.stdout).toMatch(
      /measures\/spc\.private-school-ban\/names\/zh: prohibited category "relatives"/,
    );
    expect(json.status).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ ok: false, lists: [] });
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(bad.status).toBe(1);
  });
});

describe('derivation', () => {
  it('accepts two entries from the same source list (general → general, serious → serious)', async () => {
    const { validateListsCatalog } = await import('../../src/domain/catalog/validate-lists.js');
    const { loadAgencies, loadConsequenceScanner, loadProhibited } = await import(
      '../../src/catalog/load.js'
    );
    const { ProhibitedScanner } = await import('../../src/domain/catalog/prohibited.js');
    const { loadCatalog } = await import('../../src/catalog/load.js');
    const c = loadCatalog();
    const base = structuredClone(c.lists.get('spc.restricted-consumption')!);
    const source = base.derivedFrom![0]!;
    base.severities = [
      { code: 'general', duration: 'P2Y', legalBasis: source.legalBasis },
      { code: 'serious', duration: 'P5Y', legalBasis: source.legalBasis },
    ];
    base.derivedFrom = [
      { ...source, severities: ['general'], severity: 'general' },
      { ...source, severities: ['serious'], severity: 'serious' },
    ];
    const lists = [...c.lists.values()].map((l) => (l.code === base.code ? base : l));
    const agencies = loadAgencies();
    const r = validateListsCatalog(
      {
        actions: [...c.actions.values()],
        measures: [...c.measures.values()],
        lists,
        memoranda: [...c.memoranda.values()],
      },
      new Map(agencies.map((a) => [a.code, a])),
      { data: new ProhibitedScanner(loadProhibited()), consequences: loadConsequenceScanner() },
    );
    expect(r.problems).toEqual([]);
  });
});
