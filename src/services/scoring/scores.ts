// Scores as use cases: compute a subject's scores from its records (never from anything else), and write them
// back into the file as score.result records — a new version only when the result changed, with the reason —
// together with the scores read model, in one transaction.
import { canonicalJson, type Json } from '../../domain/canonical-json.js';
import { problems } from '../../domain/errors.js';
import type { Principal } from '../../domain/principal.js';
import { checkRecordSubmission, type NormalizedRecord } from '../../domain/records/submission.js';
import { type CompiledScheme, evaluateScheme, type ScoreResult } from '../../domain/scoring/engine.js';
import { shanghaiDate, toInstant } from '../../domain/time.js';
import { announce } from '../../store/listings.js';
import type { SubjectRow } from '../../store/schema.js';
import { loadScoreInputs } from '../../store/score-inputs.js';
import { findSubjectsByIds } from '../../store/subjects.js';
import type { Context } from '../context.js';
import { ingestRecords } from '../ingest-records.js';
import { schemeRegistry } from './registry.js';

/** Who writes scores in the audit log. */
export const SCORER: Principal = { role: 'operator', actor: 'system:scorer' };

export interface SubjectScore {
  compiled: CompiledScheme;
  result: ScoreResult;
}

/**
 * Computes scores for these subjects: in the schemes that apply to each (kind, region), or in the schemes named
 * (any subject, for comparison and simulation).
 */
export async function computeScores(
  ctx: Context,
  subjects: readonly SubjectRow[],
  options: { schemes?: readonly CompiledScheme[]; nowMs?: number } = {},
): Promise<Map<number, SubjectScore[]>> {
  const registry = schemeRegistry(ctx.catalog);
  const nowMs = options.nowMs ?? Date.parse(ctx.clock.now());
  const today = shanghaiDate(toInstant(nowMs));
  const picks = new Map(subjects.map((s) => [s.id, options.schemes ?? registry.applicable(s, today)]));
  const all = [...picks.values()].flat();
  const inputs = await loadScoreInputs(
    ctx.store.db,
    subjects.map((s) => s.id),
    new Set(all.flatMap((c) => [...c.types])),
    registry.listKinds,
    new Set(all.flatMap((c) => [...c.evidenceTypes])),
  );
  const out = new Map<number, SubjectScore[]>();
  for (const s of subjects) {
    const own = inputs.get(s.id) ?? [];
    out.set(
      s.id,
      picks.get(s.id)!.map((compiled) => ({ compiled, result: evaluateScheme(compiled, own, nowMs) })),
    );
  }
  return out;
}

const dateOf = (ms: number) => shanghaiDate(toInstant(ms));

/** The score.result record's fields: the result and its ledger, without the time it was computed. */
export function scoreFields(result: ScoreResult): Record<string, Json> {
  return {
    scheme: result.scheme,
    score: result.score,
    grade: result.grade,
    start: result.start,
    ...(result.pinnedBy ? { pinnedBy: result.pinnedBy } : {}),
    ...(result.gradeCappedBy ? { gradeCappedBy: result.gradeCappedBy } : {}),
    nextChangeAt: result.nextChangeMs === null ? null : toInstant(result.nextChangeMs),
    ledger: result.ledger.map((e) => ({
      rule: e.rule,
      category: e.category,
      inputs: e.inputs,
      points: e.points,
      ...(e.uncapped !== undefined ? { uncapped: e.uncapped } : {}),
      ...(e.cappedBy ? { cappedBy: e.cappedBy } : {}),
      ...(e.effect ? { effect: e.effect as Json } : {}),
      on: dateOf(e.onMs),
      until: dateOf(e.untilMs),
    })),
  };
}

export const scoreExternalId = (scheme: string, identifier: string) => `${scheme}/${identifier}`;

/**
 * Writes the scores that changed as score.result records (created, or corrected with `reason`) and updates the
 * scores read model; announces grade changes on the change feed. Returns how many records were written.
 */
export async function writeScores(
  ctx: Context,
  scored: ReadonlyMap<number, SubjectScore[]>,
  subjects: ReadonlyMap<number, SubjectRow>,
  reason: string,
): Promise<number> {
  const now = ctx.clock.now();
  const ids = [...scored.keys()];
  if (ids.length === 0) return 0;
  // What is on file now, to write only what changed.
  const current = new Map<string, { fields: string; grade: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.store.db
      .selectFrom('scores')
      .innerJoin('records', 'records.id', 'scores.record_id')
      .select(['scores.subject_id', 'scores.scheme', 'scores.grade', 'records.fields'])
      .where('scores.subject_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) current.set(`${r.subject_id}|${r.scheme}`, { fields: r.fields, grade: r.grade });
  }
  const rows: NormalizedRecord[] = [];
  const meta: { subjectId: number; result: ScoreResult; gradeChanged: boolean }[] = [];
  for (const [subjectId, scores] of scored) {
    const subject = subjects.get(subjectId)!;
    for (const { compiled, result } of scores) {
      const fields = scoreFields(result);
      const onFile = current.get(`${subjectId}|${result.scheme}`);
      if (onFile && onFile.fields === canonicalJson(fields)) continue;
      const checked = checkRecordSubmission(
        ctx.catalog,
        compiled.scheme.owner,
        {
          type: 'score.result',
          subject: { id: subject.identifier },
          externalId: scoreExternalId(result.scheme, subject.identifier),
          occurredAt: now,
          fields,
          ...(onFile ? { correction: { reason } } : {}),
        },
        now,
      );
      if (!checked.ok) throw problems.validation(checked.errors);
      rows.push(checked.value);
      meta.push({ subjectId, result, gradeChanged: onFile?.grade !== result.grade });
    }
  }
  if (rows.length === 0) return 0;
  await ingestRecords(ctx, SCORER, rows, {
    mode: 'batch',
    action: 'scores.write',
    target: 'scores',
    within: async (trx, outcomes) => {
      for (let i = 0; i < outcomes.length; i++) {
        const o = outcomes[i]!;
        if (o.status !== 'created' && o.status !== 'corrected') continue;
        const m = meta[i]!;
        const values = {
          score: m.result.score,
          grade: m.result.grade,
          record_id: o.record.id,
          computed_at: now,
          next_change_at: m.result.nextChangeMs === null ? null : toInstant(m.result.nextChangeMs),
        };
        await trx
          .insertInto('scores')
          .values({ subject_id: m.subjectId, scheme: m.result.scheme, ...values })
          .onConflict((oc) => oc.columns(['subject_id', 'scheme']).doUpdateSet(values))
          .execute();
      }
      await announce(
        trx,
        now,
        meta.filter((m) => m.gradeChanged).map((m) => ({ kind: 'score' as const, subjectId: m.subjectId })),
      );
    },
  });
  return rows.length;
}

/** Recomputes and writes back the scores of these subjects (in the schemes that apply to each). */
export async function rescore(ctx: Context, subjectIds: readonly number[], reason: string): Promise<number> {
  let written = 0;
  for (let i = 0; i < subjectIds.length; i += 500) {
    const subjects = await findSubjectsByIds(ctx.store.db, subjectIds.slice(i, i + 500));
    const scored = await computeScores(ctx, subjects);
    written += await writeScores(ctx, scored, new Map(subjects.map((s) => [s.id, s])), reason);
  }
  return written;
}
