// One configured JSON Schema validator (draft 2020-12, formats) and the translation of its errors into the
// problem-document shape every surface uses: a JSON pointer to the exact field and a reason.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS; under NodeNext its default export arrives as the module namespace.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

export interface FieldError {
  pointer: string;
  reason: string;
}

let shared: Ajv2020 | undefined;

/**
 * The one validator instance the catalog's schemas are compiled in: each instance compiles the draft 2020-12
 * meta-schema again, and every command and worker thread starts by loading the catalog.
 */
export function catalogAjv(): Ajv2020 {
  shared ??= createAjv();
  return shared;
}

function createAjv(): Ajv2020 {
  // No optimizing pass over the generated code: compiling the catalog's schemas at every start took a third
  // longer with it, for validation no measurably faster.
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    code: { optimize: false },
  });
  addFormats(ajv);
  // Chinese labels for generated forms and docs; annotations only.
  ajv.addKeyword({ keyword: 'x-title-zh', metaSchema: { type: 'string' } });
  ajv.addKeyword({ keyword: 'x-unit', metaSchema: { type: 'string' } });
  return ajv;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let pointer = prefix + e.instancePath;
    let reason = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      pointer += `/${escapePointer(String(e.params.additionalProperty))}`;
      reason = 'is not a known field here';
    } else if (e.keyword === 'required') {
      pointer += `/${escapePointer(String(e.params.missingProperty))}`;
      reason = 'is required';
    } else if (e.keyword === 'enum') {
      reason = `must be one of: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'const') {
      reason = `must be ${JSON.stringify(e.params.allowedValue)}`;
    } else if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      // The branch errors already name the field; the summary adds nothing.
      if ((errors ?? []).some((o) => o !== e && o.instancePath.startsWith(e.instancePath))) continue;
    }
    const key = `${pointer}\u0000${reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer: pointer || '/', reason });
  }
  return out;
}
