// Validates scoring schemes against the catalog and the guardrails: a legal basis for the scheme and every rule;
// rules read only record types on file, by their real fields; nothing about a prohibited category (religion,
// political life, petitioning, speech, blood, relatives...); benefits are rewards only — a score never lists
// anyone and never denies anything by itself. Pure: returns every reason it refuses.

import type { ProhibitedScanner } from '../catalog/prohibited.js';
import type { CatalogProblem } from '../catalog/validate.js';
import type { CatalogView } from '../catalog/view.js';
import { shapeValidator, toFieldErrors } from '../json-schema.js';
import { type Condition, type FieldTest, type Rule, Scheme } from './scheme.js';

const validateShape = shapeValidator(Scheme);

/** What schemes are checked against. */
export type SchemeCatalog = Pick<CatalogView, 'agencies' | 'recordTypes' | 'measures'>;

export interface SchemeScanners {
  /** catalog/prohibited.yaml: data the catalog may not hold. */
  data: ProhibitedScanner;
  /** catalog/prohibited-consequences.yaml and catalog/prohibited-scoring.yaml: what a rule may not do. */
  consequences: ProhibitedScanner;
}

const fieldTests = (conditions: readonly Condition[] = []): FieldTest[] =>
  conditions.flatMap((c) => ('anyOf' in c ? c.anyOf.flat() : [c]));

/** The texts of a rule a reader sees, with where they are: scanned for prohibited categories. */
function ruleTexts(rule: Rule, at: string): [string, string | undefined][] {
  const texts: [string, string | undefined][] = [
    [`${at}/code`, rule.code],
    [`${at}/names/zh`, rule.names.zh],
    [`${at}/names/en`, rule.names.en],
    [`${at}/description/zh`, rule.description?.zh],
    [`${at}/description/en`, rule.description?.en],
  ];
  fieldTests(rule.when).forEach((t, i) => {
    for (const v of [t.eq, t.ne, ...(t.in ?? []), ...(t.notIn ?? [])])
      if (typeof v === 'string') texts.push([`${at}/when/${i}`, v]);
  });
  return texts;
}

function scan(
  scanners: SchemeScanners,
  where: string,
  texts: [string, string | undefined][],
  problems: CatalogProblem[],
): void {
  for (const [pointer, text] of texts) {
    if (!text) continue;
    const hits = [...scanners.data.scan(text), ...scanners.consequences.scan(text)];
    const seen = new Set<string>();
    for (const hit of hits) {
      if (seen.has(hit.category)) continue;
      seen.add(hit.category);
      problems.push({
        where,
        pointer,
        reason: `prohibited category "${hit.category}" (mentions "${hit.term}"): a scheme may not score it`,
      });
    }
  }
}

const NUMERIC = new Set(['number', 'integer']);

function checkRule(
  scheme: Scheme,
  rule: Rule,
  i: number,
  catalog: SchemeCatalog,
  where: string,
  problems: CatalogProblem[],
): void {
  const at = `/rules/${i}`;
  const add = (pointer: string, reason: string) =>
    problems.push({ where, pointer: `${at}${pointer}`, reason });
  const type = catalog.recordTypes.get(rule.reads);
  if (!type) {
    add('/reads', `unknown record type ${rule.reads}: a rule reads only records in the master database`);
    return;
  }
  if (!type.subjectKinds.some((k) => scheme.subjectKinds.includes(k)))
    add('/reads', `${rule.reads} is never about a ${scheme.subjectKinds.join(' or ')}`);
  const props = type.fields.properties as Record<string, { type?: string | string[]; items?: unknown }>;
  const fieldType = (name: string) => {
    const t = props[name]?.type;
    return Array.isArray(t) ? t : t ? [t] : [];
  };
  fieldTests(rule.when).forEach((t) => {
    if (!props[t.field]) add('/when', `${rule.reads} has no field ${t.field}`);
    const numeric = t.gt !== undefined || t.gte !== undefined || t.lt !== undefined || t.lte !== undefined;
    if (props[t.field] && numeric && !fieldType(t.field).some((x) => NUMERIC.has(x)))
      add('/when', `${t.field} of ${rule.reads} is not a number`);
  });
  for (const agency of rule.agencies ?? []) {
    if (!type.submitters.includes(agency))
      add(
        '/agencies',
        `${agency} does not submit ${rule.reads} (its submitters: ${type.submitters.join(', ')})`,
      );
  }

  const ways = [rule.points !== undefined, rule.scale !== undefined, rule.effect !== undefined].filter(
    Boolean,
  );
  if (ways.length !== 1) add('', 'give exactly one of points, scale or effect');
  const per = rule.per ?? 'record';
  if (rule.scale) {
    const [kind, name] = rule.scale.value.split(':') as [string, string | undefined];
    if (kind === 'field' && per !== 'record')
      add('/scale/value', 'field: reads one record; use sum: or count with per: year');
    if (kind !== 'field' && per !== 'year')
      add('/scale/value', `${kind} adds up a year's records: set per: year`);
    if (name !== undefined && !props[name]) add('/scale/value', `${rule.reads} has no field ${name}`);
    else if (name !== undefined && !fieldType(name).some((x) => NUMERIC.has(x)))
      add('/scale/value', `${name} of ${rule.reads} is not a number`);
    rule.scale.bands.forEach((b, j) => {
      if (j > 0 && b.over === undefined) add(`/scale/bands/${j}`, 'every band after the first needs `over`');
      const prev = rule.scale!.bands[j - 1]?.over;
      if (b.over !== undefined && prev !== undefined && b.over <= prev)
        add(`/scale/bands/${j}/over`, 'bands go up: each `over` above the one before');
    });
  }
  if (
    rule.effect &&
    'capGrade' in rule.effect &&
    !scheme.bands.some((b) => b.grade === (rule.effect as { capGrade: string }).capGrade)
  )
    add('/effect/capGrade', `no band ${rule.effect.capGrade} in the scheme`);
  if (rule.effect && 'setScore' in rule.effect) {
    const v = rule.effect.setScore;
    if (v < scheme.range.min || v > scheme.range.max) add('/effect/setScore', 'outside the scheme range');
  }
  if (rule.effect && 'setGrade' in rule.effect) {
    const { setGrade, minScore } = rule.effect;
    if (!(scheme.ruleGrades ?? []).some((g) => g.grade === setGrade))
      add('/effect/setGrade', `no grade ${setGrade} in the scheme's ruleGrades`);
    if (minScore !== undefined && (minScore < scheme.range.min || minScore > scheme.range.max))
      add('/effect/minScore', 'outside the scheme range');
  }
  if (rule.dated !== undefined) {
    const f = props[rule.dated] as { format?: string } | undefined;
    if (!f) add('/dated', `${rule.reads} has no field ${rule.dated}`);
    else if (f.format !== 'date') add('/dated', `${rule.dated} of ${rule.reads} is not a date`);
  }
  if (rule.capPeriod && rule.cap === undefined) add('/capPeriod', 'a cap period needs a cap');
  if (!scheme.categories.some((c) => c.code === rule.category))
    add('/category', `no category ${rule.category} in the scheme`);
  if (rule.group && !(scheme.groups ?? []).some((g) => g.code === rule.group))
    add('/group', `no group ${rule.group} in the scheme`);
}

/** Validates schemes read from catalog/schemes (or a user's file). */
export function validateSchemes(
  raw: unknown[],
  catalog: SchemeCatalog,
  scanners: SchemeScanners,
): { schemes: Scheme[]; problems: CatalogProblem[] } {
  const schemes: Scheme[] = [];
  const problems: CatalogProblem[] = [];
  const seen = new Set<string>();
  raw.forEach((value, index) => {
    const code = (value as { code?: unknown } | null)?.code;
    const where = `schemes/${typeof code === 'string' ? code : `#${index}`}`;
    const local: CatalogProblem[] = [];
    const legal = (value as { legalBasis?: unknown } | null)?.legalBasis;
    if (legal === undefined || (Array.isArray(legal) && legal.length === 0))
      local.push({
        where,
        pointer: '/legalBasis',
        reason: 'has no legal basis: every scheme needs a law or regulation and its article',
      });
    const rules = (value as { rules?: unknown } | null)?.rules;
    if (Array.isArray(rules)) {
      rules.forEach((r, i) => {
        const basis = (r as { legalBasis?: unknown } | null)?.legalBasis;
        if (basis === undefined || (Array.isArray(basis) && basis.length === 0))
          local.push({
            where,
            pointer: `/rules/${i}/legalBasis`,
            reason: 'has no legal basis: every rule needs one',
          });
      });
    }
    if (!validateShape(value)) {
      for (const e of toFieldErrors(validateShape.errors)) {
        if (!local.some((l) => l.pointer === e.pointer && /legal basis/.test(l.reason)))
          local.push({ where, ...e });
      }
      problems.push(...local);
      return;
    }
    const scheme = value as Scheme;
    if (seen.has(scheme.code))
      local.push({ where, pointer: '/code', reason: `duplicate scheme ${scheme.code}` });
    seen.add(scheme.code);
    if (!catalog.agencies.has(scheme.owner))
      local.push({ where, pointer: '/owner', reason: `unknown agency ${scheme.owner}` });
    const { min, max } = scheme.range;
    if (min >= max) local.push({ where, pointer: '/range', reason: 'min must be below max' });
    if (scheme.start < min || scheme.start > max)
      local.push({ where, pointer: '/start', reason: `the start value must lie in ${min}–${max}` });
    scheme.bands.forEach((b, i) => {
      const prev = scheme.bands[i - 1];
      if (prev && b.min >= prev.min)
        local.push({
          where,
          pointer: `/bands/${i}/min`,
          reason: 'bands are listed from the best down: each min below the one before',
        });
      if (b.min < min || b.min > max)
        local.push({ where, pointer: `/bands/${i}/min`, reason: `outside the range ${min}–${max}` });
    });
    if (scheme.bands.at(-1)!.min !== min)
      local.push({
        where,
        pointer: `/bands/${scheme.bands.length - 1}/min`,
        reason: `the lowest band must start at the range's min (${min}) so every score has a grade`,
      });
    const grades = new Set<string>();
    scheme.bands.forEach((b, i) => {
      if (grades.has(b.grade))
        local.push({ where, pointer: `/bands/${i}/grade`, reason: `duplicate grade ${b.grade}` });
      grades.add(b.grade);
    });
    (scheme.ruleGrades ?? []).forEach((g, i) => {
      if (grades.has(g.grade))
        local.push({ where, pointer: `/ruleGrades/${i}/grade`, reason: `duplicate grade ${g.grade}` });
      grades.add(g.grade);
    });
    const ruleCodes = new Set<string>();
    scheme.rules.forEach((rule, i) => {
      if (ruleCodes.has(rule.code))
        local.push({ where, pointer: `/rules/${i}/code`, reason: `duplicate rule ${rule.code}` });
      ruleCodes.add(rule.code);
      checkRule(scheme, rule, i, catalog, where, local);
      scan(scanners, where, ruleTexts(rule, `/rules/${i}`), local);
    });
    scan(
      scanners,
      where,
      [
        ['/names/zh', scheme.names.zh],
        ['/names/en', scheme.names.en],
      ],
      local,
    );
    (scheme.benefits ?? []).forEach((b, i) => {
      const measure = catalog.measures.get(b.measure);
      if (!measure)
        local.push({ where, pointer: `/benefits/${i}/measure`, reason: `unknown measure ${b.measure}` });
      else if (measure.effect !== 'reward')
        local.push({
          where,
          pointer: `/benefits/${i}/measure`,
          reason: `${b.measure} is a ${measure.effect} measure: a score never lists anyone and never denies or limits anything by itself; only rewards may key to grades`,
        });
      b.grades.forEach((g, j) => {
        if (!grades.has(g))
          local.push({ where, pointer: `/benefits/${i}/grades/${j}`, reason: `no band ${g}` });
      });
    });
    if (local.length) problems.push(...local);
    else schemes.push(scheme);
  });
  return { schemes, problems };
}
