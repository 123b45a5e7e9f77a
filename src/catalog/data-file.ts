// Where the shipped catalog is, and how a catalog file is read (YAML, or JSON by its extension).

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { sha256Hex } from '../domain/canonical-json.js';
import type { ValidationMemo } from '../domain/json-schema.js';
import { packagePath } from '../package-root.js';

/** The shipped catalog, at the package's root. */
export const DEFAULT_CATALOG_DIR = `${packagePath('catalog')}/`;

export function readDataFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  return ownStrings(extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text));
}

/**
 * The shipped catalog's YAML files as parsed, by the SHA-256 of each file's text, written by the build (npm run
 * build): every command and worker thread reads the catalog at start, and JSON parses in a fraction of YAML's
 * time. A file whose text is not in it (edited since the build, or not shipped) is parsed as YAML. A change to
 * how YAML is read needs a build: test/catalog/catalog.test.ts compares the copy with the YAML read, and fails
 * until then.
 */
const PARSED = packagePath('dist', 'catalog-parsed.json');

interface ParsedCache {
  /** The YAML parser that made it: another version's values are not used. */
  parser: string;
  files: Record<string, unknown>;
  /** Keys of the shipped catalog's validations that passed at build (see ValidationMemo). */
  passed?: string[];
}

const versionOf = (pkg: string) =>
  (createRequire(import.meta.url)(`${pkg}/package.json`) as { version: string }).version;
const yamlVersion = () => versionOf('js-yaml');

let cache: ParsedCache | null | undefined;

function readCache(): ParsedCache | null {
  if (cache === undefined) {
    try {
      cache = JSON.parse(readFileSync(PARSED, 'utf8')) as ParsedCache;
    } catch {
      cache = null; // no build, or a damaged file: every file is parsed as YAML, every validation run
    }
  }
  return cache;
}

let parsed: Map<string, unknown> | undefined;

function fromBuild(text: string): { value: unknown } | undefined {
  if (parsed === undefined) {
    const c = readCache();
    parsed = c && c.parser === `js-yaml ${yamlVersion()}` ? new Map(Object.entries(c.files)) : new Map();
  }
  if (parsed.size === 0) return undefined;
  const key = sha256Hex(text);
  return parsed.has(key) ? { value: parsed.get(key) } : undefined;
}

/** What a validation memo's keys are salted with: the validator's versions. */
export const validationSalt = () => `ajv ${versionOf('ajv')}; ajv-formats ${versionOf('ajv-formats')}`;

/** The validations the build recorded as passed, and any passed since in this process. */
export function builtValidationMemo(): ValidationMemo {
  const passed = new Set(readCache()?.passed ?? []);
  return { salt: validationSalt(), has: (key) => passed.has(key), add: (key) => passed.add(key) };
}

/**
 * Writes the parsed cache for every YAML file under the catalog folder (see PARSED), with the keys of the
 * validations that passed (see ValidationMemo); returns how many files.
 */
export function writeParsedCatalog(dir = DEFAULT_CATALOG_DIR, out = PARSED, passed: string[] = []): number {
  const files: Record<string, unknown> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.ya?ml$/i.test(e.name)) {
        const text = readFileSync(path, 'utf8');
        const value = loadYaml(text, { schema: CORE_SCHEMA });
        // Only what JSON carries exactly (not .inf, .nan or -0): anything else is parsed as YAML each time.
        if (isDeepStrictEqual(JSON.parse(JSON.stringify(value) ?? 'null'), value))
          files[sha256Hex(text)] = value;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  writeFileSync(
    out,
    JSON.stringify({
      parser: `js-yaml ${yamlVersion()}`,
      files,
      passed: [...passed].sort(),
    } satisfies ParsedCache),
  );
  return Object.keys(files).length;
}

/**
 * YAML 1.2's core schema (dates stay strings, only true/false are booleans). js-yaml reads the shipped catalog
 * three times as fast as the yaml package did, which every command and every worker thread paid at start.
 */
function parseYaml(text: string): unknown {
  // The cached value is shared: readDataFile hands out a copy of it (ownStrings builds every object anew).
  const built = fromBuild(text);
  return built ? built.value : loadYaml(text, { schema: CORE_SCHEMA });
}

/**
 * The value with every string (and key) copied out of the file's text. A parser hands out slices of the text,
 * and a file with any Chinese in it is held as two bytes a character: each code sliced from it is too, and so
 * is every string it is joined into — answers, log pages, files — which then cost twice the bytes to encode and
 * copy (a log page's hand-over to its writer thread ten times as long). A slice also keeps the whole text alive.
 * Decoded afresh, an ASCII string is one byte a character and stands alone.
 */
function ownStrings(value: unknown): unknown {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('utf8');
  if (Array.isArray(value)) return value.map(ownStrings);
  // fromEntries defines own properties: a key named __proto__ stays a key (a validated file may hold one).
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [ownStrings(k), ownStrings(v)]));
  return value;
}
