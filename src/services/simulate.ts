// Policy simulation: apply a proposed scheme, list or memorandum to the current data without changing it, and
// report whom it reaches — subjects affected, grades before and after, measures triggered, how deep the cascade
// goes through derived lists and role extension (the "snowball effect" the seeds warn of), and fairness figures
// (who has no lawful way to earn points). Reads only; the proposal is validated like a catalog file first.
import type { Catalog } from '../catalog/catalog.js';
import { validateCatalogItems } from '../catalog/load.js';
import { contentHash } from '../domain/canonical-json.js';
import type { CreditList, Measure, Memorandum } from '../domain/catalog/schema.js';
import type { CatalogView } from '../domain/catalog/view.js';
import { type Reach, RuleBook } from '../domain/check/rule-book.js';
import { problems } from '../domain/errors.js';
import { derivedLists } from '../domain/listings/listing.js';
import type { Principal } from '../domain/principal.js';
import { heldAt } from '../domain/relations.js';
import { type CompiledScheme, compileScheme } from '../domain/scoring/engine.js';
import { addsPoints, hasOpenWay, maxPoints, outlook } from '../domain/scoring/outlook.js';
import type { Scheme } from '../domain/scoring/scheme.js';
import { auditedTransaction } from '../store/audit-log.js';
import { officersByEntity } from '../store/relations.js';
import type { Context } from './context.js';
import { schemeRegistry } from './scoring/registry.js';
import { computeScores } from './scoring/scores.js';

export interface SchemeSimulation {
  scheme: string;
  /** A shipped scheme of the same code is the "before"; otherwise nobody had a score before. */
  replaces: boolean;
  subjects: number;
  /** Subjects whose score or grade differs from before (or who had none). */
  affected: number;
  grades: { before: Record<string, number> | null; after: Record<string, number> };
  meanScore: { before: number | null; after: number };
  /** Benefits (reward measures keyed to grades) and how many subjects qualify, before and after. */
  benefits: { measure: string; grades: string[]; before: number; after: number }[];
  fairness: {
    /** Subjects with no way to earn points that anyone may take by choice (none open, all capped, or pinned). */
    noOpenWay: number;
    noOpenWayShare: number;
    rules: { open: number; circumstantial: number; deductions: number };
    /** Of the points the adding rules can give at most in one application, the share open to anyone. */
    openPointsShare: number;
    /** Subjects who earned any points on current data. */
    earnedAny: number;
    pinned: number;
  };
}

export interface CascadeStep {
  list: string;
  /** Lists that follow it, transitively, each with how far down it is. */
  derived: { list: string; depth: number }[];
  /** Derivation depth, plus one when a memorandum extends the consequences to officers. */
  depth: number;
  roles: string[];
  memoranda: string[];
  measures: string[];
  actions: string[];
}

export interface SanctionSimulation {
  listings: number;
  subjects: { before: number; after: number };
  officers: { before: number; after: number };
  measures: { measure: string; effect: string; before: number; after: number }[];
  cascade: CascadeStep[];
  maxDepth: number;
}

export interface SimulationReport {
  asOf: string;
  proposal: { schemes: string[]; lists: string[]; memoranda: string[]; measures: string[] };
  schemes: SchemeSimulation[];
  sanctions?: SanctionSimulation;
}

const tally = (values: string[]) => {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
};
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/** Validates a proposal (one item or a list, shaped like catalog items) and simulates it. */
export async function simulate(
  ctx: Context,
  principal: Principal,
  proposal: unknown,
): Promise<SimulationReport> {
  const items = Array.isArray(proposal) ? proposal : [proposal];
  const checked = validateCatalogItems(items);
  if (checked.problems.length)
    throw problems.validation(
      checked.problems.map((p) => ({
        pointer: `/${p.where}${p.pointer === '/' ? '' : p.pointer}`,
        reason: p.reason,
      })),
      'The proposal is refused as the catalog loader would refuse it.',
    );
  if (checked.recordTypes.length || checked.actions.length)
    throw problems.validation([
      {
        pointer: '/',
        reason:
          'a proposal holds schemes, lists, memoranda or measures; record types and actions are not simulated',
      },
    ]);
  const now = ctx.clock.now();
  // A simulation reads every file it scores: it is in the audit log, with what was proposed.
  await auditedTransaction(ctx.store.db, now, async (_trx, audit) => {
    audit.appendBy(principal, {
      action: 'simulation.run',
      target: 'simulation',
      contentHash: contentHash(items),
    });
  });
  const report: SimulationReport = {
    asOf: now,
    proposal: {
      schemes: checked.schemes.map((s) => s.code),
      lists: checked.lists.map((l) => l.code),
      memoranda: checked.memoranda.map((m) => m.code),
      measures: checked.measures.map((m) => m.code),
    },
    schemes: [],
  };
  for (const scheme of checked.schemes) report.schemes.push(await simulateScheme(ctx, scheme, now));
  if (checked.lists.length || checked.memoranda.length || checked.measures.length)
    report.sanctions = await simulateSanctions(ctx, checked, now);
  return report;
}

async function simulateScheme(ctx: Context, scheme: Scheme, now: string): Promise<SchemeSimulation> {
  const after = compileScheme(scheme);
  const before = schemeRegistry(ctx.catalog).get(scheme.code);
  const nowMs = Date.parse(now);
  const gradesBefore: string[] = [];
  const gradesAfter: string[] = [];
  let sumBefore = 0;
  let sumAfter = 0;
  let affected = 0;
  let noOpenWay = 0;
  let earnedAny = 0;
  let pinned = 0;
  const benefits = (scheme.benefits ?? []).map((b) => ({ ...b, before: 0, after: 0 }));
  const beforeBenefits = new Map(
    (before?.scheme.benefits ?? []).map((b) => [b.measure, new Set(b.grades)] as const),
  );
  let last = 0;
  for (;;) {
    let q = ctx.store.db
      .selectFrom('subjects')
      .selectAll()
      .where('id', '>', last)
      .where('kind', 'in', scheme.subjectKinds)
      .orderBy('id')
      .limit(1000);
    if (scheme.regions?.length)
      q = q.where((eb) => eb.or(scheme.regions!.map((r) => eb('region', 'like', `${r}%`))));
    const page = await q.execute();
    if (page.length === 0) break;
    last = page[page.length - 1]!.id;
    const schemes: CompiledScheme[] = before ? [after, before] : [after];
    const scored = await computeScores(ctx, page, { schemes, nowMs });
    for (const [, [a, b]] of scored) {
      const ra = a!.result;
      gradesAfter.push(ra.grade);
      sumAfter += ra.score;
      if (b) {
        gradesBefore.push(b.result.grade);
        sumBefore += b.result.score;
        if (b.result.grade !== ra.grade || b.result.score !== ra.score) affected++;
      } else affected++;
      if (!hasOpenWay(outlook(after, ra))) noOpenWay++;
      if (ra.ledger.some((e) => e.points > 0)) earnedAny++;
      if (ra.pinnedBy) pinned++;
      for (const x of benefits) {
        if (x.grades.includes(ra.grade)) x.after++;
        if (b && beforeBenefits.get(x.measure)?.has(b.result.grade)) x.before++;
      }
    }
  }
  const n = gradesAfter.length;
  const adding = scheme.rules.filter(addsPoints);
  const openPoints = adding.filter((r) => r.access === 'open').reduce((s, r) => s + maxPoints(r), 0);
  const allPoints = adding.reduce((s, r) => s + maxPoints(r), 0);
  return {
    scheme: scheme.code,
    replaces: before !== undefined,
    subjects: n,
    affected,
    grades: { before: before ? tally(gradesBefore) : null, after: tally(gradesAfter) },
    meanScore: {
      before: before && n ? round(sumBefore / n, 2) : null,
      after: n ? round(sumAfter / n, 2) : 0,
    },
    benefits: benefits.map(({ measure, grades, before: b, after: a }) => ({
      measure,
      grades,
      before: b,
      after: a,
    })),
    fairness: {
      noOpenWay,
      noOpenWayShare: n ? round(noOpenWay / n) : 0,
      rules: {
        open: adding.filter((r) => r.access === 'open').length,
        circumstantial: adding.filter((r) => r.access !== 'open').length,
        deductions: scheme.rules.length - adding.length,
      },
      openPointsShare: allPoints ? round(openPoints / allPoints) : 0,
      earnedAny,
      pinned,
    },
  };
}

/** The shipped catalog with the proposal's lists, memoranda and measures in place of those of the same code. */
function withProposal(
  catalog: Catalog,
  p: { lists: CreditList[]; memoranda: Memorandum[]; measures: Measure[] },
): CatalogView {
  const merge = <T extends { code: string }>(shipped: ReadonlyMap<string, T>, mine: T[]) =>
    new Map([...shipped, ...mine.map((x) => [x.code, x] as const)]);
  return {
    agencies: catalog.agencies,
    recordTypes: catalog.recordTypes,
    actions: catalog.actions,
    measures: merge(catalog.measures, p.measures),
    lists: merge(catalog.lists, p.lists),
    memoranda: merge(catalog.memoranda, p.memoranda),
    validator: (c) => catalog.validator(c),
    canAgencyRead: (a, t) => catalog.canAgencyRead(a, t),
  };
}

/**
 * The lists that follow a listing on `list`, transitively and breadth first, with the severity each derived
 * listing takes and its depth below `list` — the same rule the listings service applies (derivedLists), and for a
 * subject kind only the lists whose basis covers it. With no severity, every list that can follow at any severity.
 */
function followers(
  view: CatalogView,
  list: string,
  severity?: string,
  kind?: string,
): { list: string; severity: string; depth: number }[] {
  const out: { list: string; severity: string; depth: number }[] = [];
  const frontier: { list: string; severity?: string; depth: number }[] = [{ list, severity, depth: 0 }];
  const seen = new Set([list]);
  while (frontier.length) {
    const at = frontier.shift()!;
    for (const d of derivedLists(view.lists.values(), at.list, at.severity)) {
      if (seen.has(d.list.code) || (kind !== undefined && !d.list.subjectKinds.includes(kind as never)))
        continue;
      seen.add(d.list.code);
      out.push({ list: d.list.code, severity: d.severity, depth: at.depth + 1 });
      frontier.push({
        list: d.list.code,
        ...(severity === undefined ? {} : { severity: d.severity }),
        depth: at.depth + 1,
      });
    }
  }
  return out;
}

interface Reached {
  subjects: Set<number>;
  officers: Set<number>;
  measures: Map<string, Set<number>>;
}

/** Whom the live listings reach under a catalog: listed subjects (and derived listings), officers, measures. */
async function reach(
  ctx: Context,
  view: CatalogView,
  listings: {
    id: number;
    list: string;
    severity: string;
    subject_id: number;
    kind: string;
    conduct_at: string;
  }[],
): Promise<Reached> {
  const book = new RuleBook(view);
  const out: Reached = { subjects: new Set(), officers: new Set(), measures: new Map() };
  // Each listing, and the derived listings its list would bring under this catalog.
  const effective: typeof listings = [];
  for (const l of listings) {
    effective.push(l);
    for (const d of followers(view, l.list, l.severity, l.kind))
      effective.push({ ...l, list: d.list, severity: d.severity });
  }
  const unique = new Map(effective.map((l) => [`${l.id}|${l.list}`, l]));
  const add = (measure: string, subject: number) => {
    const set = out.measures.get(measure) ?? new Set<number>();
    set.add(subject);
    out.measures.set(measure, set);
  };
  const measuresFor = (list: string, severity: string, r: Reach) =>
    new Set(
      book
        .actionsOf(list, severity, r)
        .flatMap((a) => book.measures(list, severity, r, a).map((m) => m.measure.code)),
    );
  const entities = [...unique.values()].filter(
    (l) => l.kind !== 'person' && book.extensionRoles(l.list).size > 0,
  );
  const roles = [...new Set(entities.flatMap((l) => [...book.extensionRoles(l.list)]))];
  const officers = await officersByEntity(
    ctx.store.db,
    entities.map((e) => e.subject_id),
    roles,
  );
  for (const l of unique.values()) {
    out.subjects.add(l.subject_id);
    for (const m of measuresFor(l.list, l.severity, 'self')) add(m, l.subject_id);
    const ext = book.extensionRoles(l.list);
    if (ext.size === 0) continue;
    for (const o of officers.get(l.subject_id) ?? []) {
      if (!ext.has(o.role as Reach) || !heldAt(o, l.conduct_at)) continue;
      out.officers.add(o.id);
      for (const m of measuresFor(l.list, l.severity, o.role as Reach)) add(m, o.id);
    }
  }
  return out;
}

async function simulateSanctions(
  ctx: Context,
  p: { lists: CreditList[]; memoranda: Memorandum[]; measures: Measure[] },
  now: string,
): Promise<SanctionSimulation> {
  const after = withProposal(ctx.catalog, p);
  const listings = await ctx.store.db
    .selectFrom('listings')
    .innerJoin('subjects', 'subjects.id', 'listings.subject_id')
    .select([
      'listings.id',
      'listings.list',
      'listings.severity',
      'listings.subject_id',
      'subjects.kind',
      'listings.conduct_at',
    ])
    .where('listings.ended_at', 'is', null)
    .where('listings.ends_at', '>', now)
    .where('listings.effective_at', '<=', now)
    .where('listings.derived_from', 'is', null)
    .execute();
  const b = await reach(ctx, ctx.catalog, listings);
  const a = await reach(ctx, after, listings);
  const measureCodes = [...new Set([...b.measures.keys(), ...a.measures.keys()])].sort();
  // The cascade of every list the proposal touches: its own lists, the lists its memoranda are triggered by, and
  // the sources of its derived lists.
  const touched = new Set<string>([
    ...p.lists.map((l) => l.code),
    ...p.lists.flatMap((l) => (l.derivedFrom ?? []).map((d) => d.list)),
    ...p.memoranda.flatMap((m) => m.triggers.map((t) => t.list)),
  ]);
  const book = new RuleBook(after);
  const cascade: CascadeStep[] = [...touched].sort().map((code) => {
    const derived = followers(after, code).map((d) => ({ list: d.list, depth: d.depth }));
    const chain = [code, ...derived.map((d) => d.list)];
    const memos = [...after.memoranda.values()].filter((m) => m.triggers.some((t) => chain.includes(t.list)));
    const roles = [...new Set(chain.flatMap((l) => [...book.extensionRoles(l)]))];
    const measures = [...new Set(memos.flatMap((m) => m.measures))];
    return {
      list: code,
      derived,
      depth: Math.max(0, ...derived.map((d) => d.depth)) + (roles.length ? 1 : 0),
      roles,
      memoranda: memos.map((m) => m.code),
      measures,
      actions: [...new Set(measures.flatMap((m) => after.measures.get(m)?.actions ?? []))],
    };
  });
  return {
    listings: listings.length,
    subjects: { before: b.subjects.size + b.officers.size, after: a.subjects.size + a.officers.size },
    officers: { before: b.officers.size, after: a.officers.size },
    measures: measureCodes.map((m) => ({
      measure: m,
      effect: after.measures.get(m)?.effect ?? ctx.catalog.measures.get(m)?.effect ?? 'unknown',
      before: b.measures.get(m)?.size ?? 0,
      after: a.measures.get(m)?.size ?? 0,
    })),
    cascade,
    maxDepth: Math.max(0, ...cascade.map((c) => c.depth)),
  };
}
