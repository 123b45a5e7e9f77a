// Where the shipped catalog is, and how a catalog file is read (YAML, or JSON by its extension).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';

/** The shipped catalog, beside src/ and dist/ alike. */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));

export function readDataFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  return ownStrings(extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text));
}

/**
 * YAML 1.2's core schema (dates stay strings, only true/false are booleans). js-yaml reads the shipped catalog
 * three times as fast as the yaml package did, which every command and every worker thread paid at start.
 */
function parseYaml(text: string): unknown {
  return loadYaml(text, { schema: CORE_SCHEMA });
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
