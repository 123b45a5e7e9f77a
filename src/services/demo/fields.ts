// Field values for demo records, derived from each record type's JSON Schema and its example: enumerations are
// picked from, numbers and dates vary within their bounds, everything else keeps the example's value.
import type { Json } from '../../domain/canonical-json.js';
import type { RecordType } from '../../domain/catalog/schema.js';
import type { Random } from './random.js';

type Schema = Record<string, unknown>;

function dateBefore(rng: Random, before: string, spanDays: number): string {
  const t = Date.parse(before) - rng.int(0, spanDays) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function value(schema: Schema, example: unknown, rng: Random, occurredAt: string): unknown {
  if (Array.isArray(schema.enum)) return rng.pick(schema.enum as unknown[]);
  if ('const' in schema) return schema.const;
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : schema.type;
  if (type === 'string' && schema.format === 'date' && !schema.pattern)
    return dateBefore(rng, occurredAt, 365);
  if (type === 'string' && schema.format === 'date-time' && !schema.pattern)
    return `${dateBefore(rng, occurredAt, 365)}T00:00:00+08:00`;
  if (type === 'number' || type === 'integer') {
    const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
    const max =
      typeof schema.maximum === 'number'
        ? schema.maximum
        : Math.max(min + 1, typeof example === 'number' ? example * 3 : 1000);
    const lo = typeof example === 'number' ? Math.max(min, Math.min(example * 0.2, max)) : min;
    const v = lo + rng.next() * (max - lo);
    return type === 'integer' ? Math.floor(v) : Math.round(v * 100) / 100;
  }
  if (type === 'boolean') return rng.chance(0.5);
  return example;
}

export function demoFields(type: RecordType, rng: Random, occurredAt: string): Json {
  const example = type.example as Record<string, unknown>;
  const props = type.fields.properties as Record<string, Schema>;
  const required = new Set(type.fields.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(props)) {
    const ex = example[name];
    if (!required.has(name) && (ex === undefined || !rng.chance(0.8))) continue;
    const v = value(schema, ex, rng, occurredAt);
    if (v !== undefined) out[name] = v;
  }
  return out as Json;
}
