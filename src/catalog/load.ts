// Reads the catalog from disk (YAML or JSON) and validates it; refuses to start on any problem.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { ProhibitedScanner } from '../domain/catalog/prohibited.js';
import type { Agency, ProhibitedCatalog, RecordType } from '../domain/catalog/schema.js';
import {
  type CatalogProblem,
  validateAgencies,
  validateProhibited,
  validateRecordTypes,
} from '../domain/catalog/validate.js';
import {
  type ListsCatalog,
  type ListsCatalogInput,
  validateListsCatalog,
} from '../domain/catalog/validate-lists.js';
import { setValidationMemo } from '../domain/json-schema.js';
import type { Scheme } from '../domain/scoring/scheme.js';
import { type SchemeScanners, validateSchemes } from '../domain/scoring/validate-schemes.js';
import { Catalog, CatalogError } from './catalog.js';
import { builtValidationMemo, DEFAULT_CATALOG_DIR, readDataFile, validationSalt } from './data-file.js';
import { loadWorkingCalendar } from './working-calendar.js';

export { DEFAULT_CATALOG_DIR, readDataFile };

// Validations the build ran on the shipped catalog are not run again at every start (see ValidationMemo).
setValidationMemo(builtValidationMemo());

/**
 * Loads the catalog with every validation run, and returns the keys of those that passed: what the build records
 * (scripts/parse-catalog.mjs). A catalog refused is not the build's to report: the commands that load it refuse
 * it, with every reason.
 */
export function recordCatalogValidations(dir = DEFAULT_CATALOG_DIR): string[] {
  const passed = new Set<string>();
  setValidationMemo({ salt: validationSalt(), has: () => false, add: (key) => passed.add(key) });
  try {
    loadCatalog(dir);
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err;
  } finally {
    setValidationMemo(builtValidationMemo());
  }
  return [...passed];
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]);

function dataFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export function loadAgencies(dir = DEFAULT_CATALOG_DIR): Agency[] {
  const file = join(dir, 'agencies.yaml');
  const { agencies, problems } = validateAgencies(asList(readDataFile(file)));
  if (problems.length) throw new CatalogError(file, problems);
  return agencies;
}

export function loadProhibited(dir = DEFAULT_CATALOG_DIR): ProhibitedCatalog {
  const file = join(dir, 'prohibited.yaml');
  const { prohibited, problems } = validateProhibited(readDataFile(file));
  if (!prohibited) throw new CatalogError(file, problems);
  return prohibited;
}

/** The YAML/JSON items of every file in a catalog folder (none if the folder does not exist). */
function folderItems(dir: string): unknown[] {
  return existsSync(dir) ? dataFiles(dir).flatMap((f) => asList(readDataFile(f))) : [];
}

export function loadConsequenceScanner(dir = DEFAULT_CATALOG_DIR): ProhibitedScanner {
  const file = join(dir, 'prohibited-consequences.yaml');
  const { prohibited, problems } = validateProhibited(readDataFile(file));
  if (!prohibited) throw new CatalogError(file, problems);
  return new ProhibitedScanner(prohibited);
}

/** Lists, measures, actions and memoranda (catalog/lists, measures, memoranda, actions.yaml). */
export function loadListsCatalog(dir: string, agencies: Agency[], prohibited: ProhibitedCatalog) {
  return validateListsCatalog(
    {
      actions: existsSync(join(dir, 'actions.yaml')) ? asList(readDataFile(join(dir, 'actions.yaml'))) : [],
      measures: folderItems(join(dir, 'measures')),
      lists: folderItems(join(dir, 'lists')),
      memoranda: folderItems(join(dir, 'memoranda')),
    },
    new Map(agencies.map((a) => [a.code, a])),
    { data: new ProhibitedScanner(prohibited), consequences: loadConsequenceScanner(dir) },
  );
}

/** What scheme rules may not score: the data categories, the refused consequences, and scoring's own. */
export function loadSchemeScanners(dir: string, prohibited: ProhibitedCatalog): SchemeScanners {
  const categories = [join(dir, 'prohibited-consequences.yaml'), join(dir, 'prohibited-scoring.yaml')]
    .filter((f) => existsSync(f))
    .flatMap((file) => {
      const { prohibited: p, problems } = validateProhibited(readDataFile(file));
      if (!p) throw new CatalogError(file, problems);
      return p.categories;
    });
  return {
    data: new ProhibitedScanner(prohibited),
    consequences: new ProhibitedScanner({ legalBasis: prohibited.legalBasis, categories }),
  };
}

export function loadCatalog(dir = DEFAULT_CATALOG_DIR): Catalog {
  const agencies = loadAgencies(dir);
  const prohibited = loadProhibited(dir);
  const raw = dataFiles(join(dir, 'record-types')).flatMap((f) => asList(readDataFile(f)));
  const result = validateRecordTypes(raw, new Map(agencies.map((a) => [a.code, a])), prohibited);
  if (result.problems.length) throw new CatalogError(join(dir, 'record-types'), result.problems);
  const sanctions = loadListsCatalog(dir, agencies, prohibited);
  if (sanctions.problems.length) throw new CatalogError(dir, sanctions.problems);
  const schemes = validateSchemes(
    folderItems(join(dir, 'schemes')),
    {
      agencies: new Map(agencies.map((a) => [a.code, a])),
      recordTypes: new Map(result.recordTypes.map((t) => [t.code, t])),
      measures: new Map(sanctions.measures.map((m) => [m.code, m])),
    },
    loadSchemeScanners(dir, prohibited),
  );
  if (schemes.problems.length) throw new CatalogError(join(dir, 'schemes'), schemes.problems);
  return new Catalog(
    agencies,
    result.recordTypes,
    result.validators,
    prohibited,
    sanctions,
    loadWorkingCalendar(dir),
    schemes.schemes,
  );
}

/** The kinds of item a catalog file may hold, by the folder (or file) each lives in. */
export const CATALOG_ITEM_KINDS = [
  'record-types',
  'actions',
  'measures',
  'lists',
  'memoranda',
  'schemes',
] as const;
export type CatalogItemKind = (typeof CATALOG_ITEM_KINDS)[number];

const SANCTION_KINDS = ['actions', 'measures', 'lists', 'memoranda'] as const;

/**
 * What a catalog item is, told by its shape: `fields` → a record type, `rules` with `bands` → a scheme, `owner`
 * with `severities` → a list, `triggers` → a memorandum, `effect` → a measure, `askedBy` → an action. Undefined
 * when none fits.
 */
export function catalogItemKind(item: unknown): CatalogItemKind | undefined {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const has = (key: string) => Object.hasOwn(item, key);
  if (has('fields')) return 'record-types';
  if (has('rules') && has('bands')) return 'schemes';
  if (has('owner') && has('severities')) return 'lists';
  if (has('triggers')) return 'memoranda';
  if (has('effect')) return 'measures';
  if (has('askedBy')) return 'actions';
  return undefined;
}

export interface CatalogFileResult extends ListsCatalog {
  recordTypes: RecordType[];
  schemes: Scheme[];
  validators: Map<string, ValidateFunction>;
  /** How many items of each kind the file holds, accepted or not. */
  counts: Record<CatalogItemKind, number>;
  problems: CatalogProblem[];
}

const codeOf = (value: unknown): string | undefined => {
  const code = (value as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Validates a user's catalog file — record types, actions, measures, lists or memoranda, one item or a list of
 * them, in the shape the API returns — against the shipped catalog. Each item's kind is told by its shape
 * (`catalogItemKind`) unless `kind` says it. Agencies, actions, measures and lists it names resolve against the
 * shipped catalog and the file together, an item of the file replacing a shipped one with the same code (so a
 * shipped file validates as it is, and a user's memorandum may trigger shipped lists and apply shipped measures).
 * Returns every problem of the file's own items; none means they would load.
 */
export function validateCatalogFile(
  path: string,
  dir = DEFAULT_CATALOG_DIR,
  options: { kind?: CatalogItemKind } = {},
): CatalogFileResult {
  return validateCatalogItems(asList(readDataFile(path)), dir, options);
}

/** The same for items already read (a proposal sent to the API). */
export function validateCatalogItems(
  items: unknown[],
  dir = DEFAULT_CATALOG_DIR,
  options: { kind?: CatalogItemKind } = {},
): CatalogFileResult {
  const agencies = loadAgencies(dir);
  const agencyMap = new Map(agencies.map((a) => [a.code, a]));
  const prohibited = loadProhibited(dir);
  const problems: CatalogProblem[] = [];

  // Sort the file's items by kind, remembering where each stood in the file.
  const mine = Object.fromEntries(
    CATALOG_ITEM_KINDS.map((k) => [k, [] as { value: unknown; at: number }[]]),
  ) as Record<CatalogItemKind, { value: unknown; at: number }[]>;
  items.forEach((value, at) => {
    const kind = options.kind ?? catalogItemKind(value);
    if (kind) mine[kind].push({ value, at });
    else {
      problems.push({
        where: `items/${codeOf(value) ?? `#${at}`}`,
        pointer: '/',
        reason:
          'cannot tell what this is: a record type has fields, a scheme rules and bands, a list owner and severities, a memorandum triggers, a measure effect, an action askedBy (or pass --kind)',
      });
    }
  });
  // A validator names an item without a code by its place among the items it was given; name it by its place in the file.
  const filePlace = (kind: CatalogItemKind, p: CatalogProblem): CatalogProblem => {
    const m = new RegExp(`^${kind}/#(\\d+)$`).exec(p.where);
    const item = m ? mine[kind][Number(m[1])] : undefined;
    return item ? { ...p, where: `${kind}/#${item.at}` } : p;
  };

  const rt = validateRecordTypes(
    mine['record-types'].map((i) => i.value),
    agencyMap,
    prohibited,
  );
  problems.push(...rt.problems.map((p) => filePlace('record-types', p)));

  // The shipped lists catalog, with the file's items in place of shipped ones of the same code. The file's items
  // come first, so that an item without a code keeps its index.
  const shipped = shippedListsInput(dir);
  const input = {} as ListsCatalogInput;
  const ours = new Set<string>();
  for (const kind of SANCTION_KINDS) {
    const values = mine[kind].map((i) => i.value);
    const codes = new Set(values.map(codeOf).filter((c): c is string => c !== undefined));
    input[kind] = [...values, ...shipped[kind].filter((v) => !codes.has(codeOf(v) ?? ''))];
    values.forEach((v, i) => {
      ours.add(`${kind}/${codeOf(v) ?? `#${i}`}`);
    });
  }
  const sanctions = validateListsCatalog(input, agencyMap, {
    data: new ProhibitedScanner(prohibited),
    consequences: loadConsequenceScanner(dir),
  });
  for (const p of sanctions.problems) {
    const kind = SANCTION_KINDS.find((k) => p.where.startsWith(`${k}/`));
    if (kind && ours.has(p.where)) problems.push(filePlace(kind, p));
  }
  const accepted = <T extends { code: string }>(kind: (typeof SANCTION_KINDS)[number], items: T[]): T[] => {
    const codes = new Set(mine[kind].map((i) => codeOf(i.value)));
    return items.filter((item) => codes.has(item.code));
  };

  // Schemes, against the shipped record types and measures with the file's own in place of shipped ones.
  const shippedTypes = validateRecordTypes(
    dataFiles(join(dir, 'record-types')).flatMap((f) => asList(readDataFile(f))),
    agencyMap,
    prohibited,
  ).recordTypes;
  const schemeResult = validateSchemes(
    mine.schemes.map((i) => i.value),
    {
      agencies: agencyMap,
      recordTypes: new Map([...shippedTypes, ...rt.recordTypes].map((t) => [t.code, t])),
      measures: new Map(sanctions.measures.map((m) => [m.code, m])),
    },
    loadSchemeScanners(dir, prohibited),
  );
  problems.push(...schemeResult.problems.map((p) => filePlace('schemes', p)));

  return {
    schemes: schemeResult.schemes,
    recordTypes: rt.recordTypes,
    validators: rt.validators,
    actions: accepted('actions', sanctions.actions),
    measures: accepted('measures', sanctions.measures),
    lists: accepted('lists', sanctions.lists),
    memoranda: accepted('memoranda', sanctions.memoranda),
    counts: Object.fromEntries(CATALOG_ITEM_KINDS.map((k) => [k, mine[k].length])) as Record<
      CatalogItemKind,
      number
    >,
    problems,
  };
}

/** The shipped actions, measures, lists and memoranda as read, before validation. */
function shippedListsInput(dir: string): ListsCatalogInput {
  return {
    actions: existsSync(join(dir, 'actions.yaml')) ? asList(readDataFile(join(dir, 'actions.yaml'))) : [],
    measures: folderItems(join(dir, 'measures')),
    lists: folderItems(join(dir, 'lists')),
    memoranda: folderItems(join(dir, 'memoranda')),
  };
}
