// A subject's scores as its owner or an operator reads them: computed now from the records on file, each with its
// ledger (rule, records, points, dates, expiry) and "what changes my grade"; with the score last written into the
// file beside it. Scores are restricted data: the subject itself, operators, and an agency for its own schemes.

import type { LegalBasis, Names } from '../../domain/catalog/schema.js';
import { problems } from '../../domain/errors.js';
import type { Principal } from '../../domain/principal.js';
import type { CompiledScheme } from '../../domain/scoring/engine.js';
import { type EndsBy, type Outlook, outlook } from '../../domain/scoring/outlook.js';
import { shanghaiDate, toInstant } from '../../domain/time.js';
import type { SubjectRow } from '../../store/schema.js';
import type { Context } from '../context.js';
import { resolveSubject } from '../read-file.js';
import { schemeRegistry } from './registry.js';
import { computeScores } from './scores.js';

export interface LedgerView {
  rule: string;
  names: Names;
  category: string;
  points: number;
  uncapped?: number;
  cappedBy?: string;
  effect?: unknown;
  on: string;
  until: string;
  inputs: string[];
  basis: LegalBasis[];
}

export interface ScoreView {
  scheme: string;
  names: Names;
  owner: string;
  /** Whether the scheme applies to the subject (its kind and region); a scheme asked for by name may not. */
  applies: boolean;
  score: number;
  grade: string;
  gradeNames: Names;
  range: { min: number; max: number };
  start: number;
  computedAt: string;
  ledger: LedgerView[];
  /** The range cut start + ledger to a bound, by these points. */
  clamped?: { bound: 'min' | 'max'; points: number };
  pinnedBy?: string;
  gradeCappedBy?: string;
  /** A rule gave the grade (one of the scheme's ruleGrades, tax M): the rule. */
  gradeSetBy?: string;
  nextChangeAt: string | null;
  outlook: Omit<Outlook, 'pinned' | 'held' | 'gradeSet' | 'lapses'> & {
    pinned?: { rule: string; until: string; endsBy: EndsBy };
    held?: { rule: string; grade: string; until: string; endsBy: EndsBy };
    gradeSet?: { rule: string; grade: string; until: string };
    lapses: { rule: string; points: number; until: string }[];
  };
  /** The score.result record last written into the file, if any. */
  onFile?: { record: number; score: number; grade: string; computedAt: string };
}

/** Which schemes the principal may see scores of, for this subject. */
function allowedSchemes(
  principal: Principal,
  subject: SubjectRow,
  schemes: CompiledScheme[],
): CompiledScheme[] {
  if (principal.role === 'operator') return schemes;
  if (principal.role === 'subject' && principal.subjectId === subject.id) return schemes;
  if (principal.role === 'agency') return schemes.filter((c) => c.scheme.owner === principal.agency);
  return [];
}

export async function subjectScores(
  ctx: Context,
  principal: Principal,
  ref: string,
  schemeCode?: string,
): Promise<{ subject: SubjectRow; items: ScoreView[] }> {
  if (principal.role === 'public') throw problems.unauthorized();
  const { subject } = await resolveSubject(ctx, ref);
  if (!subject) throw problems.notFound(`no subject ${ref}`);
  const registry = schemeRegistry(ctx.catalog);
  const now = ctx.clock.now();
  const nowMs = Date.parse(now);
  const applicable = registry.applicable(subject, shanghaiDate(now));
  let schemes = applicable;
  if (schemeCode !== undefined) {
    const named = registry.get(schemeCode);
    if (!named)
      throw problems.validation([
        { pointer: '/scheme', reason: `unknown scheme ${schemeCode}; see /api/v1/schemes` },
      ]);
    schemes = [named];
  }
  const allowed = allowedSchemes(principal, subject, schemes);
  if (allowed.length < schemes.length && (schemeCode !== undefined || allowed.length === 0))
    throw problems.forbidden(
      'scores are restricted: the subject itself, operators, and an agency for the schemes it runs',
    );
  const scored = (await computeScores(ctx, [subject], { schemes: allowed, nowMs })).get(subject.id) ?? [];
  // The score record on file: current only. One withdrawn (an objection upheld before objections to scores were
  // refused) is not on file; the keeper writes the score again under a fresh externalId.
  const onFile = await ctx.store.db
    .selectFrom('scores')
    .innerJoin('records', 'records.id', 'scores.record_id')
    .selectAll('scores')
    .where('scores.subject_id', '=', subject.id)
    .where('records.superseded_at', 'is', null)
    .execute();
  const items = scored.map(({ compiled, result }): ScoreView => {
    const { scheme } = compiled;
    const rules = new Map(scheme.rules.map((r) => [r.code, r]));
    const band = [...scheme.bands, ...(scheme.ruleGrades ?? [])].find((b) => b.grade === result.grade)!;
    const o = outlook(compiled, result);
    const written = onFile.find((s) => s.scheme === scheme.code);
    const iso = (ms: number) => toInstant(ms);
    return {
      scheme: scheme.code,
      names: scheme.names,
      owner: scheme.owner,
      applies: applicable.includes(compiled),
      score: result.score,
      grade: result.grade,
      gradeNames: band.names,
      range: scheme.range,
      start: scheme.start,
      computedAt: now,
      ledger: result.ledger.map((e) => {
        const rule = rules.get(e.rule)!;
        return {
          rule: e.rule,
          names: rule.names,
          category: e.category,
          points: e.points,
          ...(e.uncapped !== undefined ? { uncapped: e.uncapped } : {}),
          ...(e.cappedBy ? { cappedBy: e.cappedBy } : {}),
          ...(e.effect ? { effect: e.effect } : {}),
          on: shanghaiDate(iso(e.onMs)),
          until: shanghaiDate(iso(e.untilMs)),
          inputs: e.inputs,
          basis: rule.legalBasis,
        };
      }),
      ...(result.clamped ? { clamped: result.clamped } : {}),
      ...(result.pinnedBy ? { pinnedBy: result.pinnedBy } : {}),
      ...(result.gradeCappedBy ? { gradeCappedBy: result.gradeCappedBy } : {}),
      ...(result.gradeSetBy ? { gradeSetBy: result.gradeSetBy } : {}),
      nextChangeAt: result.nextChangeMs === null ? null : iso(result.nextChangeMs),
      outlook: {
        ...(o.next ? { next: o.next } : {}),
        ...(o.pinned
          ? { pinned: { rule: o.pinned.rule, until: iso(o.pinned.untilMs), endsBy: o.pinned.endsBy } }
          : {}),
        ...(o.held
          ? {
              held: {
                rule: o.held.rule,
                grade: o.held.grade,
                until: iso(o.held.untilMs),
                endsBy: o.held.endsBy,
              },
            }
          : {}),
        ...(o.gradeSet
          ? { gradeSet: { rule: o.gradeSet.rule, grade: o.gradeSet.grade, until: iso(o.gradeSet.untilMs) } }
          : {}),
        ways: o.ways,
        lapses: o.lapses.map((l) => ({ rule: l.rule, points: l.points, until: iso(l.untilMs) })),
      },
      ...(written
        ? {
            onFile: {
              record: written.record_id,
              score: written.score,
              grade: written.grade,
              computedAt: written.computed_at,
            },
          }
        : {}),
    };
  });
  return { subject, items };
}
