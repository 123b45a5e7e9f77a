// The loaded catalog: agencies and record types by code, each record type with its compiled field validator.

import type { ValidateFunction } from 'ajv';
import type {
  Action,
  Agency,
  CreditList,
  Measure,
  Memorandum,
  ProhibitedCatalog,
  RecordType,
} from '../domain/catalog/schema.js';
import type { CatalogProblem } from '../domain/catalog/validate.js';
import type { ListsCatalog } from '../domain/catalog/validate-lists.js';
import type { Scheme } from '../domain/scoring/scheme.js';
import type { WorkingCalendar } from '../domain/working-days.js';

export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly problems: CatalogProblem[],
  ) {
    super(
      `catalog ${file} refused:\n${problems.map((p) => `  ${p.where}${p.pointer === '/' ? '' : p.pointer}: ${p.reason}`).join('\n')}`,
    );
  }
}

/** No holiday data at all: every year counted by weekends alone (and reported as uncovered). */
const WEEKENDS_ONLY: WorkingCalendar = {
  holidays: new Set(),
  workdays: new Set(),
  years: new Set(),
  source: 'none: weekends only',
};

export class Catalog {
  readonly agencies: ReadonlyMap<string, Agency>;
  readonly recordTypes: ReadonlyMap<string, RecordType>;
  readonly actions: ReadonlyMap<string, Action>;
  readonly measures: ReadonlyMap<string, Measure>;
  readonly lists: ReadonlyMap<string, CreditList>;
  readonly memoranda: ReadonlyMap<string, Memorandum>;
  /** Scoring schemes (catalog/schemes). */
  readonly schemes: ReadonlyMap<string, Scheme>;

  constructor(
    agencies: Agency[],
    recordTypes: RecordType[],
    private readonly validators: ReadonlyMap<string, ValidateFunction>,
    readonly prohibited: ProhibitedCatalog,
    sanctions: ListsCatalog = { actions: [], measures: [], lists: [], memoranda: [] },
    /** The working-day calendar deadlines are counted on (src/catalog/working-calendar.ts). */
    readonly calendar: WorkingCalendar = WEEKENDS_ONLY,
    schemes: Scheme[] = [],
  ) {
    this.schemes = new Map(schemes.map((s) => [s.code, s]));
    this.agencies = new Map(agencies.map((a) => [a.code, a]));
    this.recordTypes = new Map(recordTypes.map((t) => [t.code, t]));
    this.actions = new Map(sanctions.actions.map((a) => [a.code, a]));
    this.measures = new Map(sanctions.measures.map((m) => [m.code, m]));
    this.lists = new Map(sanctions.lists.map((l) => [l.code, l]));
    this.memoranda = new Map(sanctions.memoranda.map((m) => [m.code, m]));
  }

  validator(typeCode: string): ValidateFunction {
    const v = this.validators.get(typeCode);
    if (!v) throw new Error(`no validator for record type ${typeCode}`);
    return v;
  }

  /** Agencies that may read a record type's non-public records beyond those who submit it. */
  canAgencyRead(agency: string, type: RecordType): boolean {
    if (type.disclosure !== 'restricted') return true;
    return type.submitters.includes(agency) || (type.sharedWith ?? []).includes(agency);
  }
}
