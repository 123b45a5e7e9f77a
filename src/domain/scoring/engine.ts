// The scoring engine: one scheme (data) over one subject's records (from the master database) at a given time →
// a score, a grade and the ledger that explains every point. Pure; a scheme is compiled once, evaluated many times.
//
// Order of work, the same for every scheme: each rule finds the live records it reads (not yet past the points'
// lifetime or the record's own end) and gives points — per record, or once per calendar year for rules that add
// up a year; then caps bind, oldest points first: the rule's own, the group's (rules that count together without
// doubling), the category's; then effects that pin the score or cap the grade; the sum is kept in the range; last, a
// grade a rule sets (tax M), unless a pin or a grade cap is in force.
import { addDurationMs, type DurationParts, parseDuration } from '../time.js';
import type { Condition, FieldTest, Rule, Scale, Scheme, ScoreEffect } from './scheme.js';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The record type a score is written into the file as: derived from the records and listings its ledger names. */
export const SCORE_RECORD_TYPE = 'score.result';

/**
 * Why an agency may not submit records of a type itself, if it may not: a score is written only by the scoring
 * engine, from the records on file (each with the rules and records it rests on), so that no score exists that the
 * records do not explain.
 */
export function notSubmittable(typeCode: string): string | undefined {
  return typeCode === SCORE_RECORD_TYPE
    ? `${SCORE_RECORD_TYPE} records are written by the scoring engine from the records on file; submit the records a scheme reads, never a score`
    : undefined;
}

/** A record as the engine reads it: from the records table, or a listing as its list.entry record. */
export interface ScoreInput {
  /** `record:<id>` or `listing:<id>`. */
  ref: string;
  type: string;
  agency: string;
  occurredMs: number;
  /** The input's own end, when it has one: a listing's end, a record's end of publication. */
  endsMs?: number;
  fields: Readonly<Record<string, unknown>>;
  /** Evidence files attached to the record, counted (loaded for the types a rule needs evidence for). */
  evidence?: { photos: number; videos: number };
}

export interface LedgerEntry {
  rule: string;
  category: string;
  /** The records behind it (several for a rule counted per year). */
  inputs: string[];
  /** The points as counted, after caps. */
  points: number;
  /** Before caps, when a cap cut them. */
  uncapped?: number;
  /** Which cap cut them. */
  cappedBy?: 'rule' | 'group' | 'category';
  effect?: ScoreEffect;
  /** Epoch ms: the date of the (latest) input, and when the points lapse. */
  onMs: number;
  untilMs: number;
}

export interface ScoreResult {
  scheme: string;
  score: number;
  grade: string;
  start: number;
  ledger: LedgerEntry[];
  /**
   * The scheme's range cut the sum of start and ledger: to which bound, and by how many points (negative at the
   * top), so that start + ledger + clamped always equals the score before any pin.
   */
  clamped?: { bound: 'min' | 'max'; points: number };
  /** A rule that pins the score (setScore) is in force: the rule. */
  pinnedBy?: string;
  /** A rule that caps the grade is in force: the rule. */
  gradeCappedBy?: string;
  /** A rule gave the grade (setGrade, one of the scheme's ruleGrades): the rule. */
  gradeSetBy?: string;
  /** When the result changes by the clock alone (a lapse), epoch ms; null if never. */
  nextChangeMs: number | null;
  /** Rule × record tests made. */
  tests: number;
}

type Fields = Readonly<Record<string, unknown>>;
type Test = (fields: Fields) => boolean;

function matches(value: unknown, wanted: unknown): boolean {
  return Array.isArray(value) ? value.includes(wanted) : value === wanted;
}

function compileFieldTest(t: FieldTest): Test {
  const tests: Test[] = [];
  const f = t.field;
  if (t.exists !== undefined) tests.push((x) => (x[f] !== undefined && x[f] !== null) === t.exists);
  if (t.eq !== undefined) tests.push((x) => matches(x[f], t.eq));
  if (t.in !== undefined) {
    const set = t.in;
    tests.push((x) => set.some((w) => matches(x[f], w)));
  }
  if (t.ne !== undefined) tests.push((x) => !matches(x[f], t.ne));
  if (t.notIn !== undefined) {
    const set = t.notIn;
    tests.push((x) => !set.some((w) => matches(x[f], w)));
  }
  const num = (x: Fields) => {
    const v = x[f];
    return typeof v === 'number' ? v : Number.NaN;
  };
  if (t.gt !== undefined) tests.push((x) => num(x) > t.gt!);
  if (t.gte !== undefined) tests.push((x) => num(x) >= t.gte!);
  if (t.lt !== undefined) tests.push((x) => num(x) < t.lt!);
  if (t.lte !== undefined) tests.push((x) => num(x) <= t.lte!);
  return tests.length === 1 ? tests[0]! : (x) => tests.every((test) => test(x));
}

function compileCondition(c: Condition): Test {
  if (!('anyOf' in c)) return compileFieldTest(c);
  const groups = c.anyOf.map((g) => g.map(compileFieldTest));
  return (x) => groups.some((g) => g.every((t) => t(x)));
}

/** Points for a value on a scale: the highest band reached, plus the steps above `step.over`. */
export function scalePoints(scale: Scale, value: number): number {
  let points = 0;
  for (const b of scale.bands) if (b.over === undefined || value > b.over) points = b.points;
  const s = scale.step;
  if (s && value > s.over) points += s.points * Math.floor((value - s.over) / s.every);
  return points;
}

interface CompiledRule {
  rule: Rule;
  test: Test;
  agencies?: ReadonlySet<string>;
  lasts: DurationParts;
  perYear: boolean;
  /** The date the rule counts from, when not the record's (`dated`): epoch ms, or undefined if the field has none. */
  dateOf?: (fields: Fields) => number | undefined;
  /** The number a record puts on the rule's scale (1 for a count); its year adds these up. */
  valueOf(fields: Fields): number;
  /** Points for a value (flat points when the rule has no scale). */
  pointsFor(value: number): number;
}

export interface CompiledScheme {
  scheme: Scheme;
  /** Rules by the record type they read. */
  byType: ReadonlyMap<string, CompiledRule[]>;
  /** Every record type read: the inputs worth loading. */
  types: ReadonlySet<string>;
  /** The types some rule counts only with evidence: their attachments are counted when loaded. */
  evidenceTypes: ReadonlySet<string>;
  groupCaps: ReadonlyMap<string, number>;
  /** Rule code → the group it counts with. */
  groupOf: ReadonlyMap<string, string>;
  categoryCaps: ReadonlyMap<string, number>;
  bandIndex: ReadonlyMap<string, number>;
  /** Rule code → its place in the scheme. */
  ruleOrder: ReadonlyMap<string, number>;
}

export function compileScheme(scheme: Scheme): CompiledScheme {
  const byType = new Map<string, CompiledRule[]>();
  const schemeLasts = parseDuration(scheme.lasts);
  for (const rule of scheme.rules) {
    const conditions = (rule.when ?? []).map(compileCondition);
    const test: Test =
      conditions.length === 0
        ? () => true
        : conditions.length === 1
          ? conditions[0]!
          : (x) => conditions.every((c) => c(x));
    const scale = rule.scale;
    const [kind, name] = (scale?.value ?? 'count').split(':') as [string, string | undefined];
    const numberOf = (x: Fields) => {
      const v = name === undefined ? 1 : x[name];
      return typeof v === 'number' ? v : 0;
    };
    const dated = rule.dated;
    const compiled: CompiledRule = {
      rule,
      test,
      ...(dated ? { dateOf: (x: Fields) => dateMs(x[dated]) } : {}),
      ...(rule.agencies ? { agencies: new Set(rule.agencies) } : {}),
      lasts: rule.lasts ? parseDuration(rule.lasts) : schemeLasts,
      perYear: rule.per === 'year',
      valueOf: kind === 'count' ? () => 1 : numberOf,
      pointsFor: scale ? (v) => scalePoints(scale, v) : () => rule.points ?? 0,
    };
    const list = byType.get(rule.reads) ?? [];
    list.push(compiled);
    byType.set(rule.reads, list);
  }
  return {
    scheme,
    byType,
    types: new Set(byType.keys()),
    evidenceTypes: new Set(scheme.rules.filter((r) => r.evidence).map((r) => r.reads)),
    groupCaps: new Map((scheme.groups ?? []).map((g) => [g.code, g.cap])),
    groupOf: new Map(scheme.rules.flatMap((r) => (r.group ? [[r.code, r.group] as const] : []))),
    categoryCaps: new Map(scheme.categories.flatMap((c) => (c.cap ? [[c.code, c.cap] as const] : []))),
    bandIndex: new Map(scheme.bands.map((b, i) => [b.grade, i])),
    ruleOrder: new Map(scheme.rules.map((r, i) => [r.code, i])),
  };
}

/** A `YYYY-MM-DD` field as midnight in Asia/Shanghai, epoch ms. */
function dateMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00+08:00`);
  return Number.isNaN(ms) ? undefined : ms;
}

const shanghaiYear = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear();

/** Cuts entries (oldest first) so that their points add up to at most `cap` in absolute value, per sign. */
function applyCap(entries: LedgerEntry[], cap: number, by: LedgerEntry['cappedBy']): void {
  let plus = 0;
  let minus = 0;
  for (const e of [...entries].sort((a, b) => a.onMs - b.onMs)) {
    if (e.points === 0) continue;
    const used = e.points > 0 ? plus : minus;
    const allowed = Math.max(0, cap - used);
    const abs = Math.abs(e.points);
    if (abs > allowed) {
      e.uncapped ??= e.points;
      e.points = allowed === 0 ? 0 : Math.sign(e.points) * allowed;
      e.cappedBy = by;
    }
    if (e.points > 0) plus += Math.abs(e.points);
    else minus += Math.abs(e.points);
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Scores one subject: `inputs` are its records (any types; those the scheme does not read are skipped). */
export function evaluateScheme(
  compiled: CompiledScheme,
  inputs: readonly ScoreInput[],
  nowMs: number,
): ScoreResult {
  const { scheme } = compiled;
  const ledger: LedgerEntry[] = [];
  let tests = 0;
  let nextChangeMs = Number.POSITIVE_INFINITY;
  const years = new Map<CompiledRule, Map<number, LedgerEntry & { value: number }>>();

  for (const input of inputs) {
    const rules = compiled.byType.get(input.type);
    if (!rules || input.occurredMs > nowMs) continue;
    if (input.endsMs !== undefined && input.endsMs <= nowMs) continue;
    for (const c of rules) {
      tests++;
      if (c.agencies && !c.agencies.has(input.agency)) continue;
      const needs = c.rule.evidence;
      if (
        needs &&
        !(
          (input.evidence?.photos ?? 0) >= needs.photos ||
          (needs.videos !== undefined && (input.evidence?.videos ?? 0) >= needs.videos)
        )
      )
        continue;
      if (!c.test(input.fields)) continue;
      const onMs = c.dateOf ? c.dateOf(input.fields) : input.occurredMs;
      if (onMs === undefined || onMs > nowMs) continue;
      let untilMs = addDurationMs(onMs, c.lasts);
      if (input.endsMs !== undefined && input.endsMs < untilMs) untilMs = input.endsMs;
      if (untilMs <= nowMs) continue;
      if (untilMs < nextChangeMs) nextChangeMs = untilMs;
      if (c.perYear) {
        let byYear = years.get(c);
        if (!byYear) {
          byYear = new Map();
          years.set(c, byYear);
        }
        const year = shanghaiYear(onMs);
        const e = byYear.get(year);
        if (e) {
          e.inputs.push(input.ref);
          e.value += c.valueOf(input.fields);
          if (onMs > e.onMs) e.onMs = onMs;
          if (untilMs > e.untilMs) e.untilMs = untilMs;
        } else {
          byYear.set(year, {
            rule: c.rule.code,
            category: c.rule.category,
            inputs: [input.ref],
            points: 0,
            onMs,
            untilMs,
            value: c.valueOf(input.fields),
          });
        }
        continue;
      }
      const entry: LedgerEntry = {
        rule: c.rule.code,
        category: c.rule.category,
        inputs: [input.ref],
        points: c.rule.effect ? 0 : c.pointsFor(c.valueOf(input.fields)),
        onMs,
        untilMs,
      };
      if (c.rule.effect) entry.effect = c.rule.effect;
      ledger.push(entry);
    }
  }
  for (const [c, byYear] of years) {
    for (const { value, ...e } of byYear.values()) {
      const points = c.pointsFor(value);
      if (points !== 0) ledger.push({ ...e, points });
    }
  }

  // Caps: the rule's, then the group's, then the category's.
  const byRule = new Map<string, LedgerEntry[]>();
  for (const e of ledger) append(byRule, e.rule, e);
  for (const rule of scheme.rules) {
    const entries = byRule.get(rule.code);
    if (!entries || rule.cap === undefined) continue;
    if (!rule.capPeriod) applyCap(entries, rule.cap, 'rule');
    else {
      const byPeriod = new Map<string, LedgerEntry[]>();
      for (const e of entries) {
        const d = new Date(e.onMs + SHANGHAI_OFFSET_MS);
        const key =
          rule.capPeriod === 'year' ? `${d.getUTCFullYear()}` : `${d.getUTCFullYear()}-${d.getUTCMonth()}`;
        append(byPeriod, key, e);
      }
      for (const period of byPeriod.values()) applyCap(period, rule.cap, 'rule');
    }
  }
  for (const [group, cap] of compiled.groupCaps) {
    const entries = ledger.filter((e) => compiled.groupOf.get(e.rule) === group);
    if (entries.length) applyCap(entries, cap, 'group');
  }
  for (const [category, cap] of compiled.categoryCaps) {
    const entries = ledger.filter((e) => e.category === category);
    if (entries.length) applyCap(entries, cap, 'category');
  }

  let total = scheme.start;
  for (const e of ledger) total += e.points;
  let score = round2(Math.min(scheme.range.max, Math.max(scheme.range.min, total)));
  const clamped =
    total > scheme.range.max || total < scheme.range.min
      ? {
          bound: total > scheme.range.max ? ('max' as const) : ('min' as const),
          points: round2(score - total),
        }
      : undefined;
  let pinnedBy: string | undefined;
  let gradeCap: number | undefined;
  let gradeCappedBy: string | undefined;
  let setGrade: { rule: string; grade: string; order: number } | undefined;
  for (const e of ledger) {
    if (!e.effect) continue;
    if ('setGrade' in e.effect) {
      // Checked below, once the score is known; the earliest rule in the scheme wins.
      const order = compiled.ruleOrder.get(e.rule)!;
      if (
        (e.effect.minScore === undefined || score >= e.effect.minScore) &&
        (setGrade === undefined || order < setGrade.order)
      )
        setGrade = { rule: e.rule, grade: e.effect.setGrade, order };
      continue;
    }
    if ('setScore' in e.effect && (pinnedBy === undefined || e.effect.setScore < score)) {
      score = e.effect.setScore;
      pinnedBy = e.rule;
    } else if ('capGrade' in e.effect) {
      const i = compiled.bandIndex.get(e.effect.capGrade)!;
      if (gradeCap === undefined || i > gradeCap) {
        gradeCap = i;
        gradeCappedBy = e.rule;
      }
    }
  }
  let band = scheme.bands.findIndex((b) => score >= b.min);
  if (band < 0) band = scheme.bands.length - 1;
  if (gradeCap !== undefined && gradeCap > band) band = gradeCap;
  else gradeCappedBy = undefined;
  // A grade a rule sets yields to any pin or grade cap in force (tax M: only without a direct-D finding).
  const gradeSetBy = setGrade && !pinnedBy && gradeCap === undefined ? setGrade : undefined;

  ledger.sort((a, b) => a.onMs - b.onMs || a.rule.localeCompare(b.rule));
  return {
    scheme: scheme.code,
    score,
    grade: gradeSetBy ? gradeSetBy.grade : scheme.bands[band]!.grade,
    start: scheme.start,
    ledger,
    ...(clamped ? { clamped } : {}),
    ...(pinnedBy ? { pinnedBy } : {}),
    ...(gradeCappedBy ? { gradeCappedBy } : {}),
    ...(gradeSetBy ? { gradeSetBy: gradeSetBy.rule } : {}),
    nextChangeMs: Number.isFinite(nextChangeMs) ? nextChangeMs : null,
    tests,
  };
}
