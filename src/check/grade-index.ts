// The grades that earn a benefit, by identifier: a read model of the scores table, for the check API. Only
// subjects whose grade earns some benefit are held; the rest cost nothing. Built at start, refreshed from the
// change feed (the score keeper announces grade changes).
import type { BenefitBook } from '../domain/check/benefit-book.js';
import type { Executor } from '../store/audit-log.js';

export interface HeldGrade {
  scheme: string;
  grade: string;
  score: number;
}

export class GradeIndex {
  private readonly bySubject = new Map<string, HeldGrade[]>();

  constructor(private readonly book: BenefitBook) {}

  get size(): number {
    return this.bySubject.size;
  }

  get(identifier: string): readonly HeldGrade[] | undefined {
    return this.bySubject.get(identifier);
  }

  /** Reads the grades of these subjects (all subjects when omitted). */
  async load(db: Executor, subjectIds?: readonly number[]): Promise<void> {
    const schemes = this.book.schemes;
    if (schemes.length === 0) return;
    const chunks = subjectIds === undefined ? [undefined] : chunk(subjectIds, 500);
    for (const ids of chunks) {
      let q = db
        .selectFrom('scores')
        .innerJoin('subjects', 'subjects.id', 'scores.subject_id')
        .select(['subjects.identifier', 'scores.scheme', 'scores.grade', 'scores.score'])
        .where('scores.scheme', 'in', schemes);
      if (ids) {
        q = q.where('scores.subject_id', 'in', ids);
        const identifiers = await db
          .selectFrom('subjects')
          .select('identifier')
          .where('id', 'in', ids)
          .execute();
        for (const s of identifiers) this.bySubject.delete(s.identifier);
      }
      for (const r of await q.execute()) {
        if (!this.book.qualifies(r.scheme, r.grade)) continue;
        const held = this.bySubject.get(r.identifier) ?? [];
        held.push({ scheme: r.scheme, grade: r.grade, score: r.score });
        this.bySubject.set(r.identifier, held);
      }
    }
  }
}

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
