// The catalog's schemes, compiled once per catalog, and which of them apply to a subject (by kind and region).
import type { Catalog } from '../../catalog/catalog.js';
import type { ListKind } from '../../domain/catalog/schema.js';
import { type CompiledScheme, compileScheme } from '../../domain/scoring/engine.js';

/** A list's kind as the list.entry record type names it. */
const LIST_ENTRY_KIND: Record<ListKind, string> = {
  black: 'blacklist',
  red: 'redlist',
  irregularity: 'irregularity',
  'key-attention': 'key-attention',
  alert: 'big-data-alert',
};

export interface ScoredSubject {
  id: number;
  kind: string;
  region: string | null;
}

export class SchemeRegistry {
  readonly compiled: ReadonlyMap<string, CompiledScheme>;
  /** list code → its kind as list.entry names it. */
  readonly listKinds: ReadonlyMap<string, string>;
  /** Every record type some scheme reads. */
  readonly types: ReadonlySet<string>;

  constructor(catalog: Catalog) {
    this.compiled = new Map([...catalog.schemes.values()].map((s) => [s.code, compileScheme(s)]));
    this.listKinds = new Map([...catalog.lists.values()].map((l) => [l.code, LIST_ENTRY_KIND[l.kind]]));
    this.types = new Set([...this.compiled.values()].flatMap((c) => [...c.types]));
  }

  get(code: string): CompiledScheme | undefined {
    return this.compiled.get(code);
  }

  /** The schemes that apply to a subject: its kind, and its region within one of the scheme's regions (if any). */
  applicable(subject: ScoredSubject, today: string): CompiledScheme[] {
    return [...this.compiled.values()].filter(({ scheme }) => {
      if (!scheme.subjectKinds.includes(subject.kind as never)) return false;
      if (
        scheme.effectiveFrom > today ||
        (scheme.effectiveUntil !== undefined && scheme.effectiveUntil < today)
      )
        return false;
      if (!scheme.regions || scheme.regions.length === 0) return true;
      return subject.region !== null && scheme.regions.some((r) => subject.region!.startsWith(r));
    });
  }

  /** Whether any scheme reads records of this type (a write of another type changes no score). */
  reads(type: string): boolean {
    return this.types.has(type);
  }
}

const registries = new WeakMap<Catalog, SchemeRegistry>();

export function schemeRegistry(catalog: Catalog): SchemeRegistry {
  let r = registries.get(catalog);
  if (!r) {
    r = new SchemeRegistry(catalog);
    registries.set(catalog, r);
  }
  return r;
}
