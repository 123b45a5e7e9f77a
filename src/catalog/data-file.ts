// Where the shipped catalog is, and how a catalog file is read (YAML, or JSON by its extension).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** The shipped catalog, beside src/ and dist/ alike. */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));

export function readDataFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  return extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
}
