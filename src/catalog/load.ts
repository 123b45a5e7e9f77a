// Reads the catalog from disk (YAML or JSON) and validates it; refuses to start on any problem.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { Agency, ProhibitedCatalog } from '../domain/catalog/schema.js';
import { validateAgencies, validateProhibited, validateRecordTypes } from '../domain/catalog/validate.js';
import { Catalog, CatalogError } from './catalog.js';

/** The shipped catalog, beside src/ and dist/ alike. */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));

export function readDataFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  return extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
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

export function loadCatalog(dir = DEFAULT_CATALOG_DIR): Catalog {
  const agencies = loadAgencies(dir);
  const prohibited = loadProhibited(dir);
  const raw = dataFiles(join(dir, 'record-types')).flatMap((f) => asList(readDataFile(f)));
  const result = validateRecordTypes(raw, new Map(agencies.map((a) => [a.code, a])), prohibited);
  if (result.problems.length) throw new CatalogError(join(dir, 'record-types'), result.problems);
  return new Catalog(agencies, result.recordTypes, result.validators, prohibited);
}

/**
 * Validates a user's catalog file (one record type or a list of them, in the shape the API returns), resolving
 * agencies against the shipped set. Returns every problem; none means it would load.
 */
export function validateCatalogFile(path: string, dir = DEFAULT_CATALOG_DIR) {
  const agencies = loadAgencies(dir);
  const prohibited = loadProhibited(dir);
  return validateRecordTypes(
    asList(readDataFile(path)),
    new Map(agencies.map((a) => [a.code, a])),
    prohibited,
  );
}
