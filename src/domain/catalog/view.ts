// What the domain needs of a loaded catalog; src/catalog's Catalog implements it.
import type { ValidateFunction } from 'ajv';
import type { Agency, RecordType } from './schema.js';

export interface CatalogView {
  readonly agencies: ReadonlyMap<string, Agency>;
  readonly recordTypes: ReadonlyMap<string, RecordType>;
  validator(typeCode: string): ValidateFunction;
  canAgencyRead(agency: string, type: RecordType): boolean;
}
