// "What changes my grade": from a score, the next band up and how far it is, the lawful rules that could raise
// it and how much room each has left under its caps, and the deductions that lapse and when. Pure.
import type { CompiledScheme, LedgerEntry, ScoreResult } from './engine.js';
import type { Rule } from './scheme.js';

export interface Way {
  rule: string;
  names: Rule['names'];
  category: string;
  /** The most one application gives (a scale's top band; steps add more, up to the caps). */
  points: number;
  access: 'open' | 'circumstantial';
  /** Points still to be had under the rule's and its group's caps; null when uncapped. */
  room: number | null;
  reads: string;
}

export interface Lapse {
  rule: string;
  points: number;
  /** Epoch ms. */
  untilMs: number;
}

/**
 * What ends a pin or a hold: `listing` — the listing ends (its end date, removal on repair, an objection upheld);
 * `record` — the record's points lapse or its publication ends (or it is corrected or withdrawn on an objection).
 */
export type EndsBy = 'listing' | 'record';

export interface Outlook {
  /**
   * The next band up, and the points it takes (always more than 0); absent at the top, and while a pin or a grade
   * cap holds the grade — points cannot change it then.
   */
  next?: { grade: string; min: number; pointsNeeded: number };
  /** A rule pins the score: no points count until it lapses (and `ways` is empty). */
  pinned?: { rule: string; untilMs: number; endsBy: EndsBy };
  /**
   * A rule caps the grade at or below the grade the subject has: the grade stays until `untilMs` (the last capping
   * input that keeps it there lapses), whatever points are earned; points still count toward the score.
   */
  held?: { rule: string; grade: string; untilMs: number; endsBy: EndsBy };
  /** A rule gives the grade (one of the scheme's ruleGrades, tax M) until its record lapses. */
  gradeSet?: { rule: string; grade: string; untilMs: number };
  ways: Way[];
  lapses: Lapse[];
}

/** The most one application of a rule gives (a scale's top band; steps add more, up to the caps). */
export const maxPoints = (rule: Rule): number =>
  rule.points ?? Math.max(0, ...(rule.scale?.bands.map((b) => b.points) ?? [0]));

/** Whether a rule can add points (not an effect, not a deduction). */
export const addsPoints = (rule: Rule): boolean => !rule.effect && maxPoints(rule) > 0;

export function outlook(compiled: CompiledScheme, result: ScoreResult): Outlook {
  const { scheme } = compiled;
  const band = scheme.bands.findIndex((b) => b.grade === result.grade);
  const endsBy = (rule: string): EndsBy =>
    scheme.rules.find((r) => r.code === rule)?.reads === 'list.entry' ? 'listing' : 'record';
  // Caps in force that keep the grade where it is (or lower): the grade cannot rise until the last of them lapses.
  const holding =
    band < 0
      ? []
      : result.ledger.filter(
          (e) =>
            e.effect !== undefined &&
            'capGrade' in e.effect &&
            (compiled.bandIndex.get(e.effect.capGrade) ?? -1) >= band,
        );
  const hold = holding.reduce<LedgerEntry | undefined>(
    (a, e) => (a && a.untilMs >= e.untilMs ? a : e),
    undefined,
  );
  const above = band > 0 && !hold && !result.pinnedBy ? scheme.bands[band - 1] : undefined;
  const earned = new Map<string, number>();
  const earnedInGroup = new Map<string, number>();
  for (const e of result.ledger) {
    if (e.points <= 0) continue;
    earned.set(e.rule, (earned.get(e.rule) ?? 0) + e.points);
    const g = compiled.groupOf.get(e.rule);
    if (g) earnedInGroup.set(g, (earnedInGroup.get(g) ?? 0) + e.points);
  }
  const ways: Way[] = [];
  for (const rule of scheme.rules) {
    if (result.pinnedBy || !addsPoints(rule)) continue;
    const rooms: number[] = [];
    if (rule.cap !== undefined) rooms.push(rule.cap - (earned.get(rule.code) ?? 0));
    const groupCap = rule.group ? compiled.groupCaps.get(rule.group) : undefined;
    if (groupCap !== undefined) rooms.push(groupCap - (earnedInGroup.get(rule.group!) ?? 0));
    ways.push({
      rule: rule.code,
      names: rule.names,
      category: rule.category,
      points: maxPoints(rule),
      access: rule.access ?? 'circumstantial',
      room: rooms.length ? Math.max(0, Math.min(...rooms)) : null,
      reads: rule.reads,
    });
  }
  // Open ways first (anyone may take them), then by points.
  ways.sort((a, b) => (a.access === b.access ? b.points - a.points : a.access === 'open' ? -1 : 1));
  const pin = result.pinnedBy ? result.ledger.find((e) => e.rule === result.pinnedBy && e.effect) : undefined;
  // Several records may give the grade (two registrations): it holds until the last of them lapses.
  const set = result.ledger
    .filter((e) => e.rule === result.gradeSetBy && e.effect)
    .reduce<LedgerEntry | undefined>((a, e) => (a && a.untilMs >= e.untilMs ? a : e), undefined);
  return {
    ...(above
      ? {
          next: {
            grade: above.grade,
            min: above.min,
            pointsNeeded: Math.round((above.min - result.score) * 100) / 100,
          },
        }
      : {}),
    ...(pin ? { pinned: { rule: pin.rule, untilMs: pin.untilMs, endsBy: endsBy(pin.rule) } } : {}),
    ...(hold
      ? {
          held: {
            rule: hold.rule,
            grade: result.grade,
            untilMs: hold.untilMs,
            endsBy: endsBy(hold.rule),
          },
        }
      : {}),
    ...(set ? { gradeSet: { rule: set.rule, grade: result.grade, untilMs: set.untilMs } } : {}),
    ways,
    lapses: result.ledger
      .filter((e) => e.points < 0 || e.effect)
      .map((e) => ({ rule: e.rule, points: e.points, untilMs: e.untilMs }))
      .sort((a, b) => a.untilMs - b.untilMs),
  };
}

/** Whether a scheme offers a subject any way to earn points that anyone may take by choice. */
export function hasOpenWay(o: Outlook): boolean {
  return !o.pinned && o.ways.some((w) => w.access === 'open' && (w.room === null || w.room > 0));
}
