// Validates the unified-rewards-and-punishments catalog — actions, measures, lists, memoranda — against itself,
// the agencies and the guardrails: a legal basis for everything, durations within their class unless their own
// basis says otherwise, notice before effect, consequences for the subject and its officers only.
import type { FieldError } from '../json-schema.js';
import { shapeValidator, toFieldErrors } from '../json-schema.js';
import { isDuration } from '../time.js';
import type { ProhibitedScanner } from './prohibited.js';
import { Action, type Agency, CreditList, Measure, Memorandum, type Severity } from './schema.js';
import type { CatalogProblem } from './validate.js';

const validators = {
  actions: shapeValidator(Action),
  measures: shapeValidator(Measure),
  lists: shapeValidator(CreditList),
  memoranda: shapeValidator(Memorandum),
};

export interface ListsCatalogInput {
  actions: unknown[];
  measures: unknown[];
  lists: unknown[];
  memoranda: unknown[];
}

export interface ListsCatalog {
  actions: Action[];
  measures: Measure[];
  lists: CreditList[];
  memoranda: Memorandum[];
}

/** Approximate length in days, for range checks only (a month is 30 days, a year 365). */
export function durationDays(d: string): number {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(d);
  if (!m) return Number.NaN;
  return Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0) * 30 + Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0);
}

/** The default range of each severity class (NDRC): general 3 months–1 year, serious 6 months–3 years. */
export const SEVERITY_RANGES: Record<'general' | 'serious', [string, string]> = {
  general: ['P3M', 'P1Y'],
  serious: ['P6M', 'P3Y'],
};

export const MAX_NOTICE = 'P30D';

type Kind = keyof ListsCatalogInput;

function shape<T>(kind: Kind, raw: unknown[], problems: CatalogProblem[]): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  raw.forEach((value, i) => {
    const code = (value as { code?: unknown } | null)?.code;
    const where = `${kind}/${typeof code === 'string' ? code : `#${i}`}`;
    const local: FieldError[] = [];
    if (typeof code === 'string') {
      if (seen.has(code)) local.push({ pointer: '/code', reason: `duplicate code ${code}` });
      seen.add(code);
    }
    const legal = (value as { legalBasis?: unknown } | null)?.legalBasis;
    if (kind !== 'actions' && (legal === undefined || (Array.isArray(legal) && legal.length === 0))) {
      local.push({
        pointer: '/legalBasis',
        reason: 'has no legal basis: every one needs a law or regulation and its article',
      });
    }
    const validate = validators[kind];
    if (!validate(value)) {
      for (const e of toFieldErrors(validate.errors))
        if (!(e.pointer === '/legalBasis' && local.some((l) => l.pointer === '/legalBasis'))) local.push(e);
    }
    if (local.length) for (const e of local) problems.push({ where, ...e });
    else out.push(value as T);
  });
  return out;
}

function scanTexts(
  scanner: ProhibitedScanner,
  where: string,
  texts: [string, string | undefined][],
  problems: CatalogProblem[],
): boolean {
  let clean = true;
  for (const [pointer, text] of texts) {
    if (!text) continue;
    for (const hit of scanner.scan(text)) {
      problems.push({
        where,
        pointer,
        reason: `prohibited category "${hit.category}" (mentions "${hit.term}")`,
      });
      clean = false;
    }
  }
  return clean;
}

function checkSeverity(s: Severity, i: number, where: string, problems: CatalogProblem[]): void {
  const pointer = `/severities/${i}`;
  if (!isDuration(s.duration)) {
    problems.push({ where, pointer: `${pointer}/duration`, reason: 'is not a duration' });
    return;
  }
  const days = durationDays(s.duration);
  if (days <= 0)
    problems.push({
      where,
      pointer: `${pointer}/duration`,
      reason: 'a listing must end: the duration must be positive',
    });
  if (s.code === 'extreme') {
    if (!s.legalBasis)
      problems.push({
        where,
        pointer: `${pointer}/legalBasis`,
        reason: 'an extremely serious class lasts only as its own basis says: cite it',
      });
    return;
  }
  const [min, max] = SEVERITY_RANGES[s.code];
  if ((days < durationDays(min) || days > durationDays(max)) && !s.legalBasis) {
    problems.push({
      where,
      pointer: `${pointer}/duration`,
      reason: `${s.duration} is outside the ${s.code} range ${min}–${max}; a list whose basis sets another period cites it in the severity's legalBasis`,
    });
  }
}

export function validateListsCatalog(
  input: ListsCatalogInput,
  agencies: ReadonlyMap<string, Agency>,
  prohibited: { data: ProhibitedScanner; consequences: ProhibitedScanner },
): ListsCatalog & { problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const actions = shape<Action>('actions', input.actions, problems);
  const actionCodes = new Set(actions.map((a) => a.code));

  const measures = shape<Measure>('measures', input.measures, problems).filter((m) => {
    const where = `measures/${m.code}`;
    const before = problems.length;
    if (!agencies.has(m.appliedBy))
      problems.push({ where, pointer: '/appliedBy', reason: `unknown agency ${m.appliedBy}` });
    m.actions.forEach((a, i) => {
      if (!actionCodes.has(a))
        problems.push({ where, pointer: `/actions/${i}`, reason: `unknown action ${a}` });
    });
    if ((m.effect === 'deny' || m.effect === 'restrict') && m.actions.length === 0) {
      problems.push({
        where,
        pointer: '/actions',
        reason: `a measure that can ${m.effect} must name the actions it governs`,
      });
    }
    const texts: [string, string | undefined][] = [
      ['/code', m.code],
      ['/names/zh', m.names.zh],
      ['/names/en', m.names.en],
      ['/description/zh', m.description?.zh],
      ['/description/en', m.description?.en],
    ];
    scanTexts(prohibited.consequences, where, texts, problems);
    scanTexts(prohibited.data, where, texts, problems);
    return problems.length === before;
  });
  const measureCodes = new Map(measures.map((m) => [m.code, m]));

  const shaped = shape<CreditList>('lists', input.lists, problems);
  const listCodes = new Set(shaped.map((l) => l.code));
  const lists = shaped.filter((l) => {
    const where = `lists/${l.code}`;
    const before = problems.length;
    if (!agencies.has(l.owner))
      problems.push({ where, pointer: '/owner', reason: `unknown agency ${l.owner}` });
    const codes = new Set<string>();
    l.severities.forEach((s, i) => {
      if (codes.has(s.code))
        problems.push({
          where,
          pointer: `/severities/${i}/code`,
          reason: `severity ${s.code} appears twice`,
        });
      codes.add(s.code);
      checkSeverity(s, i, where, problems);
    });
    if (!isDuration(l.noticePeriod) || durationDays(l.noticePeriod) > durationDays(MAX_NOTICE)) {
      problems.push({
        where,
        pointer: '/noticePeriod',
        reason: `must be a duration of at most ${MAX_NOTICE}: notice comes before effect, and effect comes soon after`,
      });
    }
    if (l.repair.allowed && l.repair.requirements.length === 0) {
      problems.push({ where, pointer: '/repair/requirements', reason: 'say what repair requires' });
    }
    if (l.repair.minimumPeriod !== undefined && !isDuration(l.repair.minimumPeriod)) {
      problems.push({ where, pointer: '/repair/minimumPeriod', reason: 'is not a duration' });
    }
    if (l.publication.persons && !l.publication.public) {
      problems.push({
        where,
        pointer: '/publication/persons',
        reason: 'persons can be published only on a public list',
      });
    }
    (l.derivedFrom ?? []).forEach((d, i) => {
      if (!listCodes.has(d.list))
        problems.push({ where, pointer: `/derivedFrom/${i}/list`, reason: `unknown list ${d.list}` });
      if (d.list === l.code)
        problems.push({
          where,
          pointer: `/derivedFrom/${i}/list`,
          reason: 'a list cannot derive from itself',
        });
      if (!codes.has(d.severity))
        problems.push({
          where,
          pointer: `/derivedFrom/${i}/severity`,
          reason: `the list has no severity ${d.severity}`,
        });
    });
    scanTexts(
      prohibited.data,
      where,
      [
        ['/code', l.code],
        ['/names/zh', l.names.zh],
        ['/names/en', l.names.en],
        ['/inclusionCriteria/zh', l.inclusionCriteria.zh],
        ['/inclusionCriteria/en', l.inclusionCriteria.en],
      ],
      problems,
    );
    return problems.length === before;
  });
  // Derivation must not loop: a listing would feed itself.
  const byCode = new Map(lists.map((l) => [l.code, l]));
  for (const l of lists) {
    // Does following sources from `code` come back to l? A source reached twice (two entries, a diamond) is no loop.
    const seen = new Set<string>();
    const walk = (code: string): boolean => {
      if (seen.has(code)) return false;
      seen.add(code);
      return (byCode.get(code)?.derivedFrom ?? []).some((d) => d.list === l.code || walk(d.list));
    };
    if ((l.derivedFrom ?? []).some((d) => d.list === l.code || walk(d.list))) {
      problems.push({
        where: `lists/${l.code}`,
        pointer: '/derivedFrom',
        reason: 'derivation loops back to this list',
      });
    }
  }
  const severitiesOf = new Map(lists.map((l) => [l.code, new Set(l.severities.map((s) => s.code))]));

  const memoranda = shape<Memorandum>('memoranda', input.memoranda, problems).filter((m) => {
    const where = `memoranda/${m.code}`;
    const before = problems.length;
    m.signatories.forEach((a, i) => {
      if (!agencies.has(a))
        problems.push({ where, pointer: `/signatories/${i}`, reason: `unknown agency ${a}` });
    });
    m.triggers.forEach((t, i) => {
      const sev = severitiesOf.get(t.list);
      if (!sev) problems.push({ where, pointer: `/triggers/${i}/list`, reason: `unknown list ${t.list}` });
      else
        for (const s of t.severities ?? [])
          if (!sev.has(s))
            problems.push({
              where,
              pointer: `/triggers/${i}/severities`,
              reason: `list ${t.list} has no severity ${s}`,
            });
    });
    m.measures.forEach((code, i) => {
      const measure = measureCodes.get(code);
      if (!measure) problems.push({ where, pointer: `/measures/${i}`, reason: `unknown measure ${code}` });
      else if (!m.signatories.includes(measure.appliedBy)) {
        problems.push({
          where,
          pointer: `/measures/${i}`,
          reason: `${code} is applied by ${measure.appliedBy}, which has not signed the memorandum`,
        });
      }
    });
    if (m.effectiveUntil && m.effectiveUntil < m.effectiveFrom) {
      problems.push({ where, pointer: '/effectiveUntil', reason: 'is before effectiveFrom' });
    }
    return problems.length === before;
  });

  return { actions, measures, lists, memoranda, problems };
}
