// What the domain needs of a loaded catalog; src/catalog's Catalog implements it.
import type { ValidateFunction } from 'ajv';
import type { Action, Agency, CreditList, Measure, Memorandum, RecordType } from './schema.js';

/** What checking a record needs: its type and the type's field validator. */
export interface RecordTypesView {
  readonly recordTypes: ReadonlyMap<string, RecordType>;
  validator(typeCode: string): ValidateFunction;
}

export interface CatalogView extends RecordTypesView {
  readonly agencies: ReadonlyMap<string, Agency>;
  readonly actions: ReadonlyMap<string, Action>;
  readonly measures: ReadonlyMap<string, Measure>;
  readonly lists: ReadonlyMap<string, CreditList>;
  readonly memoranda: ReadonlyMap<string, Memorandum>;
  canAgencyRead(agency: string, type: RecordType): boolean;
}
