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

export class Catalog {
  readonly agencies: ReadonlyMap<string, Agency>;
  readonly recordTypes: ReadonlyMap<string, RecordType>;
  readonly actions: ReadonlyMap<string, Action>;
  readonly measures: ReadonlyMap<string, Measure>;
  readonly lists: ReadonlyMap<string, CreditList>;
  readonly memoranda: ReadonlyMap<string, Memorandum>;

  constructor(
    agencies: Agency[],
    recordTypes: RecordType[],
    private readonly validators: ReadonlyMap<string, ValidateFunction>,
    readonly prohibited: ProhibitedCatalog,
    sanctions: ListsCatalog = { actions: [], measures: [], lists: [], memoranda: [] },
  ) {
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
