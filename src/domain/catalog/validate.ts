// Validates catalog data (already parsed from YAML/JSON) and returns every reason it refuses it. Pure.
import type { ValidateFunction } from 'ajv';
import { type FieldError, schemaWithExample, shapeValidator, toFieldErrors } from '../json-schema.js';
import { isDuration } from '../time.js';
import { ProhibitedScanner } from './prohibited.js';
import { Agency, ProhibitedCatalog, RecordType } from './schema.js';

export interface CatalogProblem extends FieldError {
  /** Which item: e.g. `record-types/administrative.penalty` or `agencies/#3`. */
  where: string;
}

const agencyValidator = shapeValidator(Agency);
const recordTypeValidator = shapeValidator(RecordType);
const prohibitedValidator = shapeValidator(ProhibitedCatalog);

function itemName(kind: string, value: unknown, index: number): string {
  const code = (value as { code?: unknown } | null)?.code;
  return `${kind}/${typeof code === 'string' ? code : `#${index}`}`;
}

export function validateProhibited(raw: unknown): {
  prohibited?: ProhibitedCatalog;
  problems: CatalogProblem[];
} {
  if (prohibitedValidator(raw)) return { prohibited: raw as ProhibitedCatalog, problems: [] };
  return { problems: toFieldErrors(prohibitedValidator.errors).map((e) => ({ where: 'prohibited', ...e })) };
}

export function validateAgencies(raw: unknown[]): { agencies: Agency[]; problems: CatalogProblem[] } {
  const agencies: Agency[] = [];
  const problems: CatalogProblem[] = [];
  const seen = new Set<string>();
  raw.forEach((value, i) => {
    const where = itemName('agencies', value, i);
    if (!agencyValidator(value)) {
      for (const e of toFieldErrors(agencyValidator.errors)) problems.push({ where, ...e });
      return;
    }
    const agency = value as Agency;
    if (seen.has(agency.code)) {
      problems.push({ where, pointer: '/code', reason: `duplicate agency code ${agency.code}` });
      return;
    }
    seen.add(agency.code);
    agencies.push(agency);
  });
  return { agencies, problems };
}

/** Every string in a schema, property names included, so nothing prohibited hides in an enum or a label. */
function schemaTexts(node: unknown, path: string, out: { text: string; pointer: string }[]): void {
  if (typeof node === 'string') out.push({ text: node, pointer: path });
  else if (Array.isArray(node)) {
    node.forEach((v, i) => {
      schemaTexts(v, `${path}/${i}`, out);
    });
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && v && typeof v === 'object') {
        for (const [name, sub] of Object.entries(v)) {
          out.push({ text: name, pointer: `${path}/properties/${name}` });
          schemaTexts(sub, `${path}/properties/${name}`, out);
        }
      } else if (k !== 'type' && k !== 'format' && k !== 'pattern' && k !== '$schema') {
        schemaTexts(v, `${path}/${k}`, out);
      }
    }
  }
}

/** Nested objects must also refuse unknown members: nothing unlisted gets into a file. */
function openObjects(node: unknown, path: string, out: string[]): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const s = node as Record<string, unknown>;
  if ((s.type === 'object' || s.properties) && s.additionalProperties !== false) out.push(path);
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, sub] of Object.entries(v)) openObjects(sub, `${path}/properties/${name}`, out);
    } else if (k === 'items' || k === 'additionalItems') openObjects(v, `${path}/${k}`, out);
  }
}

export interface ValidatedRecordTypes {
  recordTypes: RecordType[];
  validators: Map<string, ValidateFunction>;
  problems: CatalogProblem[];
}

export function validateRecordTypes(
  raw: unknown[],
  agencies: ReadonlyMap<string, Agency>,
  prohibited: ProhibitedCatalog,
): ValidatedRecordTypes {
  const scanner = new ProhibitedScanner(prohibited);
  const recordTypes: RecordType[] = [];
  const validators = new Map<string, ValidateFunction>();
  const problems: CatalogProblem[] = [];
  const seen = new Set<string>();

  raw.forEach((value, i) => {
    const where = itemName('record-types', value, i);
    const local: FieldError[] = [];
    // A later copy is a duplicate even when the first is refused for another reason.
    const code = (value as { code?: unknown } | null)?.code;
    if (typeof code === 'string') {
      if (seen.has(code)) local.push({ pointer: '/code', reason: `duplicate record type code ${code}` });
      seen.add(code);
    }
    const legal = (value as { legalBasis?: unknown } | null)?.legalBasis;
    if (legal === undefined || (Array.isArray(legal) && legal.length === 0)) {
      local.push({
        pointer: '/legalBasis',
        reason: 'has no legal basis: every record type needs a law or regulation and its article',
      });
    }
    if (!recordTypeValidator(value)) {
      for (const e of toFieldErrors(recordTypeValidator.errors)) {
        if (e.pointer === '/legalBasis' && local.some((l) => l.pointer === '/legalBasis')) continue;
        local.push(e);
      }
      for (const e of local) problems.push({ where, ...e });
      return;
    }
    const t = value as RecordType;
    for (const [key, list] of [
      ['submitters', t.submitters],
      ['sharedWith', t.sharedWith ?? []],
    ] as const) {
      list.forEach((code, j) => {
        if (!agencies.has(code)) local.push({ pointer: `/${key}/${j}`, reason: `unknown agency ${code}` });
      });
    }
    if (t.sharedWith && t.disclosure !== 'restricted') {
      local.push({
        pointer: '/sharedWith',
        reason: 'only a restricted type names agencies it is shared with',
      });
    }
    if (t.polarity === 'negative' && t.disclosure === 'public' && t.publicationPeriod === null) {
      local.push({
        pointer: '/publicationPeriod',
        reason: 'a public negative record needs an end of publication',
      });
    }
    if (t.publicationPeriod !== null && !isDuration(t.publicationPeriod)) {
      local.push({ pointer: '/publicationPeriod', reason: 'is not a duration' });
    }
    if (!isDuration(t.retention)) local.push({ pointer: '/retention', reason: 'is not a duration' });

    const texts: { text: string; pointer: string }[] = [
      { text: t.code, pointer: '/code' },
      { text: t.names.zh, pointer: '/names/zh' },
      { text: t.names.en, pointer: '/names/en' },
      { text: t.domain, pointer: '/domain' },
    ];
    if (t.description) {
      texts.push(
        { text: t.description.zh, pointer: '/description/zh' },
        { text: t.description.en, pointer: '/description/en' },
      );
    }
    schemaTexts(t.fields, '/fields', texts);
    for (const { text, pointer } of texts) {
      for (const hit of scanner.scan(text)) {
        local.push({
          pointer,
          reason: `prohibited data category "${hit.category}" (mentions "${hit.term}")`,
        });
      }
    }

    const open: string[] = [];
    openObjects(t.fields, '/fields', open);
    for (const p of open)
      local.push({ pointer: p, reason: 'an object must set additionalProperties: false' });

    let validator: ValidateFunction | undefined;
    try {
      const checked = schemaWithExample(t.fields, t.example);
      validator = checked.validate;
      for (const e of toFieldErrors(checked.exampleErrors, '/example')) local.push(e);
    } catch (err) {
      local.push({ pointer: '/fields', reason: `is not a valid JSON Schema: ${(err as Error).message}` });
    }

    if (local.length > 0) {
      for (const e of local) problems.push({ where, ...e });
      return;
    }
    recordTypes.push(t);
    validators.set(t.code, validator!);
  });
  return { recordTypes, validators, problems };
}
