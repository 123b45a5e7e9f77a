// The memoranda compiled for answering checks: for a listing on list L of severity S, reaching the subject itself
// or an officer in role R, which measures govern action A — worked out once, looked up per check.

import type { Effect, LegalBasis, Measure, Memorandum } from '../catalog/schema.js';
import type { CatalogView } from '../catalog/view.js';

export interface MeasureRef {
  measure: Measure;
  memorandum: Memorandum;
  effect: Effect;
  /** The measure's basis, then the memorandum's: why this consequence exists at all. */
  basis: LegalBasis[];
}

/** `self` for the listed subject; an officer role for a consequence that reaches an officer of a listed entity. */
export type Reach = 'self' | 'legal-representative' | 'director' | 'supervisor' | 'senior-manager';

/** Names a (list, severity, reach) combination; an index may store it with a consequence to save the lookup. */
export const ruleKey = (list: string, severity: string, reach: Reach) => `${list}|${severity}|${reach}`;
const key = ruleKey;

export class RuleBook {
  private readonly rules = new Map<string, Map<string, MeasureRef[]>>();
  private readonly extensions = new Map<string, Set<Reach>>();

  constructor(catalog: CatalogView) {
    for (const memo of catalog.memoranda.values()) {
      for (const trigger of memo.triggers) {
        const list = catalog.lists.get(trigger.list);
        if (!list) continue;
        const severities = trigger.severities ?? list.severities.map((s) => s.code);
        const reaches: Reach[] = ['self', ...memo.extendsTo];
        for (const severity of severities) {
          for (const reach of reaches) {
            const k = key(list.code, severity, reach);
            let byAction = this.rules.get(k);
            if (!byAction) {
              byAction = new Map();
              this.rules.set(k, byAction);
            }
            for (const code of memo.measures) {
              const measure = catalog.measures.get(code);
              if (!measure) continue;
              const ref: MeasureRef = {
                measure,
                memorandum: memo,
                effect: measure.effect,
                basis: [...measure.legalBasis, ...memo.legalBasis],
              };
              for (const action of measure.actions) {
                const refs = byAction.get(action) ?? [];
                if (!refs.some((r) => r.measure === measure && r.memorandum === memo)) refs.push(ref);
                byAction.set(action, refs);
              }
            }
          }
        }
        const ext = this.extensions.get(list.code) ?? new Set<Reach>();
        for (const role of memo.extendsTo) ext.add(role);
        this.extensions.set(list.code, ext);
      }
    }
  }

  measures(list: string, severity: string, reach: Reach, action: string): readonly MeasureRef[] {
    return this.rules.get(key(list, severity, reach))?.get(action) ?? NONE;
  }

  /** The same, for a combination named by ruleKey. */
  measuresOf(rule: string, action: string): readonly MeasureRef[] {
    return this.rules.get(rule)?.get(action) ?? NONE;
  }

  /** Every action some consequence of this listing can govern (for reports and statistics). */
  actionsOf(list: string, severity: string, reach: Reach): string[] {
    return [...(this.rules.get(key(list, severity, reach))?.keys() ?? [])];
  }

  /** The officer roles any memorandum triggered by the list extends to. */
  extensionRoles(list: string): ReadonlySet<Reach> {
    return this.extensions.get(list) ?? NO_ROLES;
  }
}

const NONE: readonly MeasureRef[] = Object.freeze([]);
const NO_ROLES: ReadonlySet<Reach> = new Set();
