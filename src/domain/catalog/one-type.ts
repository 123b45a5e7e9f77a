// A catalog view holding one record type, already validated with the rest of its catalog: what a bulk import's
// check worker needs. Compiling one schema instead of loading the whole catalog gets the worker's first batch
// out about a second sooner.
import { catalogAjv } from '../json-schema.js';
import type { RecordType } from './schema.js';
import type { RecordTypesView } from './view.js';

export function oneTypeView(type: RecordType): RecordTypesView {
  const validate = catalogAjv().compile(type.fields);
  return {
    recordTypes: new Map([[type.code, type]]),
    validator(code) {
      if (code !== type.code) throw new Error(`no validator for record type ${code}`);
      return validate;
    },
  };
}
