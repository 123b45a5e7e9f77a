// Every enumerated value of every catalog record type has a Chinese label in the web app, so no catalog code shows
// untranslated on a Chinese page; a value added to the catalog without one fails here.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { ENUMS_ZH } from '../../web/src/i18n/enums-zh.js';

/** Each string enum value in a JSON Schema, with the field path that declares it. */
function* enumValues(schema: unknown, path: string): Generator<[string, string]> {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum)) for (const v of s.enum) if (typeof v === 'string') yield [v, path];
  for (const [k, v] of Object.entries(s)) if (k !== 'enum') yield* enumValues(v, `${path}/${k}`);
}

describe('the web’s enum labels', () => {
  it('name every enum value of every record type in Chinese', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const type of loadCatalog().recordTypes.values())
      for (const [value, path] of enumValues(type.fields, type.code)) {
        seen++;
        if (!ENUMS_ZH[value]) missing.push(`${value} (${path})`);
      }
    expect(seen).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
