import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { recordTypeTable } from '../../scripts/catalog-table.js';
import { builtValidationMemo, writeParsedCatalog } from '../../src/catalog/data-file.js';
import {
  DEFAULT_CATALOG_DIR,
  loadCatalog,
  readDataFile,
  recordCatalogValidations,
  validateCatalogFile,
} from '../../src/catalog/load.js';
import { ProhibitedScanner } from '../../src/domain/catalog/prohibited.js';
import type { RecordType } from '../../src/domain/catalog/schema.js';
import { type CatalogProblem, validateRecordTypes } from '../../src/domain/catalog/validate.js';
import { catalogAjv, setValidationMemo, shapeValidator } from '../../src/domain/json-schema.js';

const catalog = loadCatalog();
const types = [...catalog.recordTypes.values()];
const scanner = new ProhibitedScanner(catalog.prohibited);
const DECLINED_FILE = join(DEFAULT_CATALOG_DIR, 'declined', 'record-types.yaml');

/** Validates raw record types against the shipped agencies and prohibited categories. */
function problemsOf(...raw: unknown[]): CatalogProblem[] {
  return validateRecordTypes(raw, catalog.agencies, catalog.prohibited).problems;
}

/** A small lawful enterprise type each refusal test breaks in one way. */
function lawfulType(): Record<string, unknown> {
  return {
    code: 'test.inspection-note',
    names: { zh: '检查记录', en: 'Inspection note' },
    subjectKinds: ['enterprise'],
    polarity: 'neutral',
    domain: 'inspection',
    disclosure: 'public',
    publicationPeriod: null,
    retention: 'P5Y',
    submitters: ['samr'],
    legalBasis: [{ title: '企业信息公示暂行条例', article: '第六条' }],
    fields: {
      type: 'object',
      additionalProperties: false,
      required: ['decisionNumber'],
      properties: {
        decisionNumber: { type: 'string', title: 'Decision number', 'x-title-zh': '决定书文号' },
      },
    },
    example: { decisionNumber: '荣市监检〔2025〕1号' },
  };
}

function withField(name: string, schema: Record<string, unknown>): Record<string, unknown> {
  const t = lawfulType();
  (t.fields as { properties: Record<string, unknown> }).properties[name] = schema;
  return t;
}

/** A markdown table's cells, so that a formatter aligning the columns (biome formats docs) changes nothing. */
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

const prohibitedCategories = (problems: CatalogProblem[]) =>
  new Set(problems.flatMap((p) => /prohibited data category "([^"]+)"/.exec(p.reason)?.[1] ?? []));

describe('the shipped catalog', () => {
  it('loads with no problem', () => {
    expect(() => loadCatalog()).not.toThrow();
    expect(catalog.agencies.size).toBeGreaterThanOrEqual(40);
    expect(catalog.recordTypes.size).toBeGreaterThanOrEqual(30);
  });

  it('has the national agencies records and lists need, each jurisdiction matching its level', () => {
    const required = [
      'spc',
      'ndrc',
      'pboc',
      'sta',
      'gacc',
      'samr',
      'mee',
      'caac',
      'china-railway',
      'mohrss',
      'mof',
      'mps',
      'csrc',
      'mnr',
      'spb',
      'cac',
      'mot',
      'mct',
      'mem',
      'moe',
      'mohurd',
      'nfra',
      'cnipa',
      'nhsa',
      'mca',
      'court.bj-high',
    ];
    for (const code of required) expect(catalog.agencies.has(code), code).toBe(true);
    expect(catalog.agencies.get('spc')).toMatchObject({
      kind: 'court',
      level: 'national',
      names: { zh: '最高人民法院' },
    });
    expect(catalog.agencies.get('china-railway')?.kind).toBe('state-enterprise');
    const suffix = { national: /^100000$/, provincial: /^\d{2}0000$/, city: /^\d{4}00$/, county: /^\d{6}$/ };
    for (const a of catalog.agencies.values()) {
      expect(a.jurisdiction, a.code).toMatch(suffix[a.level]);
      if (a.level !== 'national') expect(a.jurisdiction, a.code).not.toBe('100000');
    }
  });

  it('holds the 14 basic record types of a corporate file (seed 001 FIG 1.2-B)', () => {
    const fig12b = {
      'basic company registration data': 'registration.basic',
      'equity structure': 'registration.equity',
      'branches / subsidiaries': 'registration.branch',
      'executive-level personnel': 'registration.officers',
      'annual reports': 'enterprise.annual-report',
      'tax information': 'tax.payment',
      'social insurance payment history': 'social-insurance.payment',
      'provident fund deposit history': 'provident-fund.deposit',
      'administrative licenses': 'administrative.license',
      'administrative penalties received': 'administrative.penalty',
      'inspection records': 'inspection.result',
      'awards and honors': 'honor.award',
      'utility payment history': 'utility.payment',
      'red and blacklist records': 'list.entry',
    };
    expect(Object.keys(fig12b)).toHaveLength(14);
    for (const [item, code] of Object.entries(fig12b)) {
      const t = catalog.recordTypes.get(code);
      expect(t, `${item} → ${code}`).toBeDefined();
      expect(t!.subjectKinds, code).toContain('enterprise');
    }
  });

  it('holds the lawful person categories of seed 001 FIG 1.2-C', () => {
    const fig12c = [
      'qualification.professional',
      'tax.personal-payment',
      'finance.loan-repayment',
      'social-insurance.personal-payment',
      'utility.payment',
      'judicial.child-support-arrears',
      'judicial.civil-judgment',
      'judicial.criminal-judgment',
      'judicial.enforcement-default',
      'traffic.violation',
      'professional.misconduct',
      'military.service-evasion',
      'academic.misconduct',
      'ip.misconduct',
      'telecom-fraud.involvement',
      'insurance.fraud',
      'exam.cheating',
      'civic.volunteering',
      'civic.charitable-donation',
      'civic.library-borrowing',
      'honor.award',
    ];
    for (const code of fig12c) expect(catalog.recordTypes.get(code)?.subjectKinds, code).toContain('person');
  });

  it('has administrative.license and administrative.penalty, samr among several penalty submitters', () => {
    expect(catalog.recordTypes.get('administrative.license')).toBeDefined();
    const penalty = catalog.recordTypes.get('administrative.penalty')!;
    expect(penalty.submitters).toEqual(expect.arrayContaining(['samr', 'sta', 'gacc', 'mee', 'mem']));
    expect(penalty.subjectKinds).toEqual(
      expect.arrayContaining(['person', 'enterprise', 'social-organization', 'government-body']),
    );
  });

  it('has credit commitments and government integrity types', () => {
    expect(catalog.recordTypes.get('commitment.letter')?.disclosure).toBe('public');
    expect(catalog.recordTypes.get('government.integrity-assessment')?.subjectKinds).toEqual([
      'government-body',
    ]);
  });

  it('gives every type a legal basis with a title and an article, and a source in the seeds', () => {
    for (const t of types) {
      expect(t.legalBasis.length, t.code).toBeGreaterThan(0);
      for (const b of t.legalBasis) {
        expect(b.title.length, t.code).toBeGreaterThan(1);
        expect(b.article.length, t.code).toBeGreaterThan(0);
      }
      expect(t.source, t.code).toMatch(/seed 00\d/);
    }
  });

  it('has an example for every type that validates against its fields', () => {
    for (const t of types) {
      const validate = catalog.validator(t.code);
      expect(validate(t.example), `${t.code}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('labels every field in English and Chinese', () => {
    const unlabelled: string[] = [];
    const walk = (code: string, props: Record<string, Record<string, unknown>>, path: string) => {
      for (const [name, s] of Object.entries(props)) {
        if (typeof s.title !== 'string' || typeof s['x-title-zh'] !== 'string')
          unlabelled.push(`${code}${path}/${name}`);
        const nested = (s.properties ?? (s.items as { properties?: unknown } | undefined)?.properties) as
          | Record<string, Record<string, unknown>>
          | undefined;
        if (nested) walk(code, nested, `${path}/${name}`);
      }
    };
    for (const t of types) walk(t.code, t.fields.properties as Record<string, Record<string, unknown>>, '');
    expect(unlabelled).toEqual([]);
  });

  it('keeps personal financial data out of public view', () => {
    for (const code of [
      'finance.loan-repayment',
      'tax.personal-payment',
      'social-insurance.personal-payment',
    ]) {
      expect(catalog.recordTypes.get(code)?.disclosure, code).toBe('restricted');
    }
    for (const t of types) {
      if (t.disclosure === 'public' && t.subjectKinds.includes('person')) {
        expect(typeof t.publishPersons, `${t.code} decides publishPersons`).toBe('boolean');
      }
      if (t.polarity === 'negative' && t.disclosure === 'public')
        expect(t.publicationPeriod, t.code).not.toBeNull();
    }
  });

  it('lets the medical security administration submit insurance fraud only', () => {
    const byNhsa = types.filter((t) => t.submitters.includes('nhsa')).map((t) => t.code);
    expect(byNhsa).toEqual(['insurance.fraud']);
  });

  it('is the table docs/catalog.md shows (run npx tsx scripts/catalog-table.ts after a change)', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/catalog.md', import.meta.url)), 'utf8');
    const m = /<!-- record-types:begin -->\n([\s\S]*?)\n<!-- record-types:end -->/.exec(doc);
    expect(m, 'markers in docs/catalog.md').not.toBeNull();
    expect(tableCells(m![1]!)).toEqual(tableCells(recordTypeTable(catalog)));
  });
});

describe('the declined record types', () => {
  const expected: Record<string, string> = {
    'political.party-membership': 'political',
    'civic.blood-donation': 'blood',
    'government.hotline-complaint': 'petition',
    'civic.petition': 'petition',
    'online.speech': 'speech',
    'religion.practice': 'religion',
    'surveillance.face-capture': 'biometric',
    'identity.ethnicity': 'ethnicity',
    'labor.union-activity': 'union',
  };
  const result = validateCatalogFile(DECLINED_FILE);

  it('are all refused', () => {
    const declined = readDataFile(DECLINED_FILE) as { code: string }[];
    expect(declined.map((t) => t.code).sort()).toEqual(Object.keys(expected).sort());
    expect(result.recordTypes).toEqual([]);
  });

  it('are refused only for a prohibited data category', () => {
    for (const p of result.problems)
      expect(p.reason, `${p.where}${p.pointer}`).toMatch(/^prohibited data category/);
  });

  for (const [code, category] of Object.entries(expected)) {
    it(`refuses ${code} as "${category}"`, () => {
      const mine = result.problems.filter((p) => p.where === `record-types/${code}`);
      expect(mine.length).toBeGreaterThan(0);
      expect(prohibitedCategories(mine)).toEqual(new Set([category]));
    });
  }
});

describe('the record type validator', () => {
  it('accepts the lawful sample type', () => {
    expect(problemsOf(lawfulType())).toEqual([]);
  });

  it('refuses a type without a legal basis', () => {
    const missing = lawfulType();
    delete missing.legalBasis;
    const empty = { ...lawfulType(), legalBasis: [] };
    for (const t of [missing, empty]) {
      expect(problemsOf(t)).toContainEqual({
        where: 'record-types/test.inspection-note',
        pointer: '/legalBasis',
        reason: expect.stringMatching(/no legal basis/),
      });
    }
  });

  it('refuses an unknown agency, naming it', () => {
    const t = { ...lawfulType(), submitters: ['samr', 'weihai-bureau-of-morals'] };
    expect(problemsOf(t)).toContainEqual(
      expect.objectContaining({ pointer: '/submitters/1', reason: 'unknown agency weihai-bureau-of-morals' }),
    );
    const shared = { ...lawfulType(), disclosure: 'restricted', sharedWith: ['nobody'] };
    expect(problemsOf(shared)).toContainEqual(
      expect.objectContaining({ pointer: '/sharedWith/0', reason: 'unknown agency nobody' }),
    );
  });

  it('refuses a duplicate code', () => {
    expect(problemsOf(lawfulType(), lawfulType())).toEqual([
      expect.objectContaining({
        pointer: '/code',
        reason: 'duplicate record type code test.inspection-note',
      }),
    ]);
  });

  it('refuses a nested object that would let unknown fields in', () => {
    const t = withField('inspector', {
      type: 'object',
      title: 'Inspector',
      'x-title-zh': '检查人员',
      properties: { badge: { type: 'string', title: 'Badge', 'x-title-zh': '执法证号' } },
    });
    expect(problemsOf(t)).toContainEqual(
      expect.objectContaining({
        pointer: '/fields/properties/inspector',
        reason: 'an object must set additionalProperties: false',
      }),
    );
  });

  it('refuses an example with an unknown nested field, naming it', () => {
    const t = withField('inspector', {
      type: 'object',
      additionalProperties: false,
      title: 'Inspector',
      'x-title-zh': '检查人员',
      properties: { badge: { type: 'string', title: 'Badge', 'x-title-zh': '执法证号' } },
    });
    t.example = { decisionNumber: '荣市监检〔2025〕1号', inspector: { badge: '37108201', nickname: '老王' } };
    expect(problemsOf(t)).toContainEqual(
      expect.objectContaining({
        pointer: '/example/inspector/nickname',
        reason: 'is not a known field here',
      }),
    );
  });

  it('refuses prohibited field names in English', () => {
    const blood = problemsOf(
      withField('bloodType', { type: 'string', title: 'Blood type', 'x-title-zh': '类型' }),
    );
    expect(blood).toContainEqual(
      expect.objectContaining({
        pointer: '/fields/properties/bloodType',
        reason: expect.stringMatching(/"blood"/),
      }),
    );
    const belief = problemsOf(
      withField('religiousBelief', { type: 'string', title: 'Belief', 'x-title-zh': '信条' }),
    );
    expect(belief).toContainEqual(
      expect.objectContaining({
        pointer: '/fields/properties/religiousBelief',
        reason: expect.stringMatching(/"religion" \(mentions "religious"\)/),
      }),
    );
  });

  it('refuses a prohibited Chinese label', () => {
    const t = withField('belief', { type: 'string', title: 'Belief', 'x-title-zh': '宗教信仰' });
    expect(problemsOf(t)).toContainEqual(
      expect.objectContaining({
        pointer: '/fields/properties/belief/x-title-zh',
        reason: expect.stringMatching(/"religion"/),
      }),
    );
  });

  it('refuses a prohibited term hidden in an enum', () => {
    const t = withField('source', {
      type: 'string',
      title: 'Source',
      'x-title-zh': '来源',
      enum: ['inspection', 'petition'],
    });
    expect(prohibitedCategories(problemsOf(t))).toEqual(new Set(['petition']));
  });

  it('accepts lawful enterprise data that mentions medical devices or public health', () => {
    const t = withField('medicalDeviceRecalls', {
      type: 'integer',
      minimum: 0,
      title: 'Medical devices recalled after a public health incident',
      'x-title-zh': '因公共卫生事件召回的医疗器械数量',
    });
    t.description = {
      zh: '医疗机构和医疗器械经营企业的检查记录',
      en: 'Inspections of medical institutions and medical device dealers for public health',
    };
    expect(problemsOf(t)).toEqual([]);
  });

  it('refuses a public negative type without an end of publication', () => {
    const t = { ...lawfulType(), polarity: 'negative' };
    expect(problemsOf(t)).toContainEqual(expect.objectContaining({ pointer: '/publicationPeriod' }));
  });
});

describe('the prohibited-term scanner', () => {
  const categories = (text: string) => scanner.scan(text).map((h) => h.category);

  it('splits camelCase, kebab-case, snake_case and dotted codes into words', () => {
    for (const text of ['bloodType', 'blood-type', 'blood_type', 'civic.blood-type', 'Blood Type']) {
      expect(categories(text), text).toContain('blood');
    }
    expect(categories('faceImageUrl')).toContain('biometric');
    expect(categories('civic.bone-marrow-donation')).toContain('blood');
  });

  it('matches English terms as whole words only', () => {
    for (const text of [
      'trace',
      'interface',
      'invoiceNumber',
      'generalManager',
      'surfaceWater',
      'bloodAlcohol',
    ]) {
      expect(categories(text), text).toEqual([]);
    }
  });

  it('matches a term of two words only in sequence', () => {
    expect(categories('partyMembership')).toContain('political');
    expect(categories('partyName')).toEqual([]);
    expect(categories('membership of the party')).toEqual([]);
  });

  it('matches Chinese terms inside longer text', () => {
    expect(categories('申请人的血型和病史')).toEqual(expect.arrayContaining(['blood', 'health']));
    expect(categories('通过12345热线反映')).toContain('petition');
  });

  it('removes the allowed phrases before matching', () => {
    for (const text of [
      'basic-medical-insurance',
      '医疗保险基金',
      'occupationalHealth',
      '职工会议纪要',
      'publicHealth',
    ]) {
      expect(categories(text), text).toEqual([]);
    }
    expect(categories('medical history')).toContain('health');
  });
});

describe('xinyong catalog validate <file>', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-catalog-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts one record type in YAML', () => {
    const file = join(dir, 'one.yaml');
    writeFileSync(file, stringify(lawfulType()));
    expect(validateCatalogFile(file).problems).toEqual([]);
  });

  it('accepts a list in JSON, reporting each refused item by its code', () => {
    const file = join(dir, 'list.json');
    const bad = withField('chatRecords', { type: 'string', title: 'Chat records', 'x-title-zh': '聊天记录' });
    bad.code = 'test.chat';
    writeFileSync(file, JSON.stringify([lawfulType(), bad]));
    const r = validateCatalogFile(file);
    expect(r.recordTypes.map((t: RecordType) => t.code)).toEqual(['test.inspection-note']);
    expect(new Set(r.problems.map((p) => p.where))).toEqual(new Set(['record-types/test.chat']));
    expect(prohibitedCategories(r.problems)).toEqual(new Set(['speech']));
  });
});

describe('catalog files in YAML', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-yaml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads YAML 1.2 core: dates and yes/no stay strings, and a duplicate key is refused', () => {
    const file = join(dir, 'core.yaml');
    writeFileSync(file, 'from: 2017-01-16\nanswer: yes\nflag: true\ncount: 0o17\nnothing: ~\n');
    expect(readDataFile(file)).toEqual({
      from: '2017-01-16',
      answer: 'yes',
      flag: true,
      count: 15,
      nothing: null,
    });
    writeFileSync(file, 'code: a\ncode: b\n');
    expect(() => readDataFile(file)).toThrow(/duplicate/i);
  });

  it('reads the shipped files from the parsed copy the build wrote as their YAML reads, and an edited file as edited', () => {
    const out = join(dir, 'parsed.json');
    expect(writeParsedCatalog(DEFAULT_CATALOG_DIR, out)).toBeGreaterThan(20);
    const { files } = JSON.parse(readFileSync(out, 'utf8')) as { files: Record<string, unknown> };
    const shipped = readdirSync(DEFAULT_CATALOG_DIR, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(DEFAULT_CATALOG_DIR, f));
    expect(shipped.length, 'every shipped YAML file in the parsed copy').toBe(Object.keys(files).length);
    const copy = join(dir, 'copy.yaml');
    for (const file of shipped) {
      const text = readFileSync(file, 'utf8');
      // A comment changes the text (so the copy is parsed as YAML) and nothing else.
      writeFileSync(copy, `${text}\n# a comment\n`);
      expect(readDataFile(file), file).toEqual(readDataFile(copy));
    }
    const agencies = readFileSync(join(DEFAULT_CATALOG_DIR, 'agencies.yaml'), 'utf8');
    writeFileSync(copy, agencies.replace(/code: samr\b/, 'code: samr-edited'));
    expect(JSON.stringify(readDataFile(copy))).toContain('samr-edited');
  });
});

describe('validations the build recorded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-memo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cover every validation of the shipped catalog, so that loading it compiles no schema', () => {
    const memo = builtValidationMemo();
    const passed = recordCatalogValidations();
    expect(passed.length).toBeGreaterThan(300);
    // Fails after a change to a catalog file, a shape or the validator's set-up, until `npm run build`.
    expect(
      passed.filter((k) => !memo.has(k)),
      'validations not in dist/catalog-parsed.json',
    ).toEqual([]);
    const compile = vi.spyOn(catalogAjv(), 'compile');
    try {
      const loaded = loadCatalog();
      expect(compile).not.toHaveBeenCalled();
      // The validators compile when first used, and validate as always.
      const penalty = loaded.recordTypes.get('administrative.penalty')!;
      const validate = loaded.validator(penalty.code);
      expect(validate(penalty.example)).toBe(true);
      expect(validate({ ...(penalty.example as object), favouriteColour: 'red' })).toBe(false);
      expect(validate.errors?.[0]?.keyword).toBe('additionalProperties');
      expect(compile).toHaveBeenCalledTimes(1);
    } finally {
      compile.mockRestore();
    }
  });

  it('do not cover an edited item: a shipped record type whose example no longer passes is refused', () => {
    cpSync(DEFAULT_CATALOG_DIR, join(dir, 'catalog'), { recursive: true });
    const file = join(dir, 'catalog', 'record-types', 'administrative.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/fineAmount: \d+/);
    writeFileSync(file, text.replace(/fineAmount: \d+/, 'fineAmount: "fifty thousand"'));
    expect(() => loadCatalog(join(dir, 'catalog'))).toThrow(/example\/fineAmount/);
    // The build records what passed and leaves the refusal to the commands that load the catalog.
    expect(recordCatalogValidations(join(dir, 'catalog')).length).toBeGreaterThan(0);
    expect(() => loadCatalog(join(dir, 'catalog'))).toThrow(/example\/fineAmount/);
  });

  it('are keyed by the schema as well as the value', () => {
    const passed = new Set<string>();
    setValidationMemo({ salt: 'test', has: (k) => passed.has(k), add: (k) => passed.add(k) });
    try {
      const value = { code: 'x' };
      expect(shapeValidator({ type: 'object' })(value)).toBe(true);
      expect(passed.size).toBe(1);
      // The same value under a stricter schema is validated, and refused.
      const strict = shapeValidator({
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
      });
      expect(strict(value)).toBe(false);
      expect(strict.errors?.[0]?.keyword).toBe('required');
      expect(passed.size).toBe(1);
    } finally {
      setValidationMemo(builtValidationMemo());
    }
  });
});
