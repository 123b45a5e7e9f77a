// One configured JSON Schema validator (draft 2020-12, formats) and the translation of its errors into the
// problem-document shape every surface uses: a JSON pointer to the exact field and a reason.
import type { ValidateFunction } from 'ajv';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { canonicalJson, sha256Hex } from './canonical-json.js';

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

// How the validator is set up, as data: it is part of every validation's memo key (see ValidationMemo).
// No optimizing pass over the generated code: compiling the catalog's schemas at every start took a third longer
// with it, for validation no measurably faster.
const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, code: { optimize: false } };
// Chinese labels for generated forms and docs; annotations only.
const KEYWORDS = [
  { keyword: 'x-title-zh', metaSchema: { type: 'string' } },
  { keyword: 'x-unit', metaSchema: { type: 'string' } },
];

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020(AJV_OPTIONS);
  addFormats(ajv);
  for (const k of KEYWORDS) ajv.addKeyword(structuredClone(k));
  return ajv;
}

/**
 * Validations known to have passed, by key: the build records those of the shipped catalog, so that a start
 * compiles no schema for them (a fifth of a second of every command's start). A key covers the value, the
 * schema, how the validator is set up, and `salt` (the versions of Ajv and its formats): any change to one of
 * them is validated afresh.
 */
export interface ValidationMemo {
  readonly salt: string;
  has(key: string): boolean;
  add(key: string): void;
}

let memo: ValidationMemo | undefined;

/** Where catalog validations look up and record their results (none: every one is run). */
export function setValidationMemo(m: ValidationMemo | undefined): void {
  memo = m;
}

const schemaKeys = new WeakMap<object, string>();

function memoKey(m: ValidationMemo, schema: object, value: unknown): string {
  let schemaKey = schemaKeys.get(schema);
  if (schemaKey === undefined) {
    schemaKey = sha256Hex(canonicalJson({ options: AJV_OPTIONS, keywords: KEYWORDS, schema }));
    schemaKeys.set(schema, schemaKey);
  }
  return sha256Hex(`${m.salt}\u0000${schemaKey}\u0000${canonicalJson(value)}`);
}

/** A validator compiled when first called. */
function compiledOnUse(schema: object): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= catalogAjv().compile(schema);
    const ok = compiled(data) as boolean;
    validate.errors = compiled.errors;
    return ok;
  }) as ValidateFunction;
  validate.errors = null;
  return validate;
}

/**
 * A validator for catalog items of one shape (a record type, a list...): compiled when first needed, and a value
 * the memo knows passed is not validated again.
 */
export function shapeValidator(schema: object): ValidateFunction {
  const compiled = compiledOnUse(schema);
  const validate = ((data: unknown) => {
    const m = memo;
    const key = m && memoKey(m, schema, data);
    if (key && m.has(key)) {
      validate.errors = null;
      return true;
    }
    const ok = compiled(data) as boolean;
    validate.errors = compiled.errors;
    if (ok && key) m.add(key);
    return ok;
  }) as ValidateFunction;
  validate.errors = null;
  return validate;
}

/** The pseudo-schema that keys "this schema compiles and this example passes it" in the memo. */
const WITH_EXAMPLE = { check: 'the schema compiles and the example is valid against it' };

/**
 * A catalog's own schema (a record type's fields) with the example it ships: the validator, and the example's
 * errors (empty when it passes). Throws if the schema does not compile. A pair the memo knows passed is not
 * compiled until the validator is first used.
 */
export function schemaWithExample(
  schema: object,
  example: unknown,
): { validate: ValidateFunction; exampleErrors: ErrorObject[] } {
  const m = memo;
  const key = m && memoKey(m, WITH_EXAMPLE, { schema, example });
  if (key && m.has(key)) return { validate: compiledOnUse(schema), exampleErrors: [] };
  const validate = catalogAjv().compile(schema);
  if (validate(example)) {
    if (key) m.add(key);
    return { validate, exampleErrors: [] };
  }
  return { validate, exampleErrors: validate.errors ?? [] };
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
