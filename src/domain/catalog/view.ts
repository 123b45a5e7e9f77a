// What the domain needs of a loaded catalog; src/catalog's Catalog implements it.
import type { ValidateFunction } from 'ajv';
import type { Action, Agency, CreditList, Measure, Memorandum, RecordType } from './schema.js';

export interface CatalogView {
  readonly agencies: ReadonlyMap<string, Agency>;
  readonly recordTypes: ReadonlyMap<string, RecordType>;
  readonly actions: ReadonlyMap<string, Action>;
  readonly measures: ReadonlyMap<string, Measure>;
  readonly lists: ReadonlyMap<string, CreditList>;
  readonly memoranda: ReadonlyMap<string, Memorandum>;
  validator(typeCode: string): ValidateFunction;
  canAgencyRead(agency: string, type: RecordType): boolean;
}
