// The benefits schemes key to grades (city benefits, FIG 2.1-D), compiled for answering checks: for action A,
// which reward measures of which schemes, for which grades. A grade only ever rewards (the loader refuses
// anything else), so a benefit never turns an answer against anyone.
import type { LegalBasis, Measure } from '../catalog/schema.js';
import type { Scheme } from '../scoring/scheme.js';

export interface BenefitRef {
  scheme: string;
  measure: string;
  grades: ReadonlySet<string>;
  /** The measure's basis, then the scheme's. */
  basis: LegalBasis[];
}

export class BenefitBook {
  private readonly byAction = new Map<string, BenefitRef[]>();
  private readonly qualifying = new Map<string, Set<string>>();

  constructor(catalog: {
    readonly schemes: ReadonlyMap<string, Scheme>;
    readonly measures: ReadonlyMap<string, Measure>;
  }) {
    for (const scheme of catalog.schemes.values()) {
      for (const b of scheme.benefits ?? []) {
        const measure = catalog.measures.get(b.measure);
        if (measure?.effect !== 'reward') continue;
        const ref: BenefitRef = {
          scheme: scheme.code,
          measure: measure.code,
          grades: new Set(b.grades),
          // The measure's basis, then the scheme's, each document and article once.
          basis: [...measure.legalBasis, ...scheme.legalBasis].filter(
            (b, i, all) => all.findIndex((x) => x.title === b.title && x.article === b.article) === i,
          ),
        };
        for (const action of measure.actions) {
          const refs = this.byAction.get(action) ?? [];
          refs.push(ref);
          this.byAction.set(action, refs);
        }
        const q = this.qualifying.get(scheme.code) ?? new Set<string>();
        for (const g of b.grades) q.add(g);
        this.qualifying.set(scheme.code, q);
      }
    }
  }

  forAction(action: string): readonly BenefitRef[] {
    return this.byAction.get(action) ?? NONE;
  }

  /** The schemes that key any benefit to a grade. */
  get schemes(): string[] {
    return [...this.qualifying.keys()];
  }

  /** Whether a grade in a scheme earns any benefit (only those subjects are indexed). */
  qualifies(scheme: string, grade: string): boolean {
    return this.qualifying.get(scheme)?.has(grade) ?? false;
  }
}

const NONE: readonly BenefitRef[] = Object.freeze([]);
