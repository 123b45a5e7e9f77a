// Scores as use cases: compute a subject's scores from its records (never from anything else), and write them
// back into the file as score.result records — a new version only when the result changed, with the reason —
// together with the scores read model, in one transaction.
import { canonicalJson, type Json } from '../../domain/canonical-json.js';
import { problems } from '../../domain/errors.js';
import type { Principal } from '../../domain/principal.js';
import { checkRecordSubmission, type NormalizedRecord } from '../../domain/records/submission.js';
import {
  type CompiledScheme,
  evaluateScheme,
  SCORE_RECORD_TYPE,
  type ScoreResult,
} from '../../domain/scoring/engine.js';
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
    ...(result.clamped ? { clamped: result.clamped } : {}),
    ...(result.pinnedBy ? { pinnedBy: result.pinnedBy } : {}),
    ...(result.gradeCappedBy ? { gradeCappedBy: result.gradeCappedBy } : {}),
    ...(result.gradeSetBy ? { gradeSetBy: result.gradeSetBy } : {}),
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
 * The externalId a score is written under once the record under `base` (and any earlier fresh one) was withdrawn:
 * a withdrawn record's externalId is never taken again, so the next is `<base>#2`, `<base>#3`, ... — one past the
 * highest of the subject's score records under this base.
 */
export function freshScoreExternalId(base: string, taken: readonly string[]): string {
  let highest = 1;
  for (const id of taken) {
    if (id === base) continue;
    if (!id.startsWith(`${base}#`)) continue;
    const n = Number(id.slice(base.length + 1));
    if (Number.isSafeInteger(n) && n > highest) highest = n;
  }
  return `${base}#${highest + 1}`;
}

/** The score record on file for a subject and scheme, as the keeper compares a new result with it. */
interface OnFile {
  /** The latest version's fields (canonical JSON) and the grade in the scores read model. */
  fields: string;
  grade: string;
  externalId: string;
  /** The record was withdrawn (an objection upheld): its externalId is not taken again. */
  withdrawn: boolean;
}

/** What is on file for these subjects, by `subject|scheme`: the latest version of each one's score record. */
async function scoresOnFile(ctx: Context, ids: readonly number[]): Promise<Map<string, OnFile>> {
  const db = ctx.store.db;
  const current = new Map<string, OnFile>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('scores')
      .innerJoin('records', 'records.id', 'scores.record_id')
      .select([
        'scores.subject_id',
        'scores.scheme',
        'scores.grade',
        'records.fields',
        'records.agency',
        'records.external_id',
        'records.version',
        'records.superseded_at',
      ])
      .where('scores.subject_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const onFile: OnFile = {
        fields: r.fields,
        grade: r.grade,
        externalId: r.external_id,
        withdrawn: false,
      };
      if (r.superseded_at !== null) {
        // Rare: the record written last is no longer current. A later version (someone corrected it) is what is
        // on file; none means it was withdrawn on an upheld objection.
        const latest = await db
          .selectFrom('records')
          .select(['fields', 'superseded_at'])
          .where('agency', '=', r.agency)
          .where('external_id', '=', r.external_id)
          .where('version', '>', r.version)
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (latest && latest.superseded_at === null) onFile.fields = latest.fields;
        else onFile.withdrawn = true;
      }
      current.set(`${r.subject_id}|${r.scheme}`, onFile);
    }
  }
  return current;
}

/**
 * Writes the scores that changed as score.result records (created, or corrected with `reason`) and updates the
 * scores read model; announces grade changes on the change feed. Returns how many records were written. A score
 * whose record was withdrawn (an objection upheld before objections to scores were refused) is written again at
 * once, as a new record under a fresh externalId: a score is derived, and its withdrawal leaves the subject with
 * none on file while the records it is computed from stand.
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
  const current = await scoresOnFile(ctx, ids);
  const rows: NormalizedRecord[] = [];
  const meta: { subjectId: number; result: ScoreResult; gradeChanged: boolean }[] = [];
  for (const [subjectId, scores] of scored) {
    const subject = subjects.get(subjectId)!;
    for (const { compiled, result } of scores) {
      const fields = scoreFields(result);
      const onFile = current.get(`${subjectId}|${result.scheme}`);
      if (onFile && !onFile.withdrawn && onFile.fields === canonicalJson(fields)) continue;
      const base = scoreExternalId(result.scheme, subject.identifier);
      const externalId = !onFile
        ? base
        : onFile.withdrawn
          ? freshScoreExternalId(base, await scoreExternalIds(ctx, subjectId, compiled.scheme.owner))
          : onFile.externalId;
      const checked = checkRecordSubmission(
        ctx.catalog,
        compiled.scheme.owner,
        {
          type: SCORE_RECORD_TYPE,
          subject: { id: subject.identifier },
          externalId,
          occurredAt: now,
          fields,
          ...(onFile && !onFile.withdrawn ? { correction: { reason } } : {}),
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

/** The externalIds of the subject's score records written by this agency, any version. */
async function scoreExternalIds(ctx: Context, subjectId: number, agency: string): Promise<string[]> {
  const rows = await ctx.store.db
    .selectFrom('records')
    .select('external_id')
    .distinct()
    .where('subject_id', '=', subjectId)
    .where('type', '=', SCORE_RECORD_TYPE)
    .where('agency', '=', agency)
    .execute();
  return rows.map((r) => r.external_id);
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
