// A row of a spreadsheet or CSV file as a record submission: the four fixed columns, then one column per field of
// the record type, each cell converted to the type its JSON Schema asks for (a non-scalar value as JSON text).
import type { RecordType } from '../catalog/schema.js';
import type { FieldError } from '../errors.js';

export const FIXED_COLUMNS = ['subjectId', 'subjectName', 'externalId', 'occurredAt'] as const;

export interface HeaderProblem {
  reason: string;
}

/** Checks a header row against the type; a wrong header is fatal, before any row is read. */
export function checkHeader(type: RecordType, header: string[]): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  const names = header.map((h) => h.trim());
  FIXED_COLUMNS.forEach((col, i) => {
    if (names[i] !== col)
      problems.push({
        reason: `column ${i + 1} must be ${col}, found ${names[i] === undefined ? 'nothing' : JSON.stringify(names[i])}`,
      });
  });
  const known = new Set(Object.keys(type.fields.properties));
  const seen = new Set<string>();
  names.slice(FIXED_COLUMNS.length).forEach((name, i) => {
    if (!known.has(name))
      problems.push({
        reason: `column ${i + FIXED_COLUMNS.length + 1} (${JSON.stringify(name)}) is not a field of ${type.code}; its fields are ${[...known].join(', ')}`,
      });
    if (seen.has(name)) problems.push({ reason: `column ${JSON.stringify(name)} appears twice` });
    seen.add(name);
  });
  return problems;
}

/** Orders strings by UTF-16 code units, as Array.prototype.sort does without a comparator. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

function typesOf(schema: Record<string, unknown> | undefined): JsonType[] {
  const t = schema?.type;
  if (Array.isArray(t)) return t as JsonType[];
  if (typeof t === 'string') return [t as JsonType];
  return ['string'];
}

const TRUE = new Set(['true', '1', 'yes', '是', 'y']);
const FALSE = new Set(['false', '0', 'no', '否', 'n']);

/** A cell that does not convert: the reason. */
class Refused {
  constructor(readonly reason: string) {}
}

type Converter = (cell: string) => unknown;

/** How one column's cells become field values, decided once per file from the field's schema. */
function converterFor(schema: Record<string, unknown> | undefined): Converter {
  const types = typesOf(schema);
  if (types.includes('array') || types.includes('object')) {
    return (cell) => {
      try {
        return JSON.parse(cell.trim());
      } catch {
        return new Refused('must be JSON text (an array or object)');
      }
    };
  }
  const numeric = types.includes('integer') || types.includes('number');
  const boolean = types.includes('boolean');
  const string = types.includes('string');
  if (!numeric && !boolean) return (cell) => cell;
  return (cell) => {
    const text = cell.trim();
    if (numeric) {
      const n = Number(text.replace(/,/g, ''));
      if (text !== '' && Number.isFinite(n)) return n;
      if (!string && !boolean) return new Refused(`${JSON.stringify(cell)} is not a number`);
    }
    if (boolean) {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      if (!string)
        return new Refused(`${JSON.stringify(cell)} is not ${numeric ? 'a number or ' : ''}true/false`);
    }
    return cell;
  };
}

export interface CellRow {
  body: Record<string, unknown>;
  errors: FieldError[];
}

/**
 * Reads data rows under a header (already checked): returns the API body of each row. Empty cells are absent
 * fields. The per-column conversions are worked out once, here, not once per cell.
 */
export function rowReader(type: RecordType, header: string[]): (cells: string[]) => CellRow {
  const columns = header.slice(FIXED_COLUMNS.length).map((h) => {
    const name = h.trim();
    return {
      name,
      pointer: `/fields/${name}`,
      convert: converterFor(type.fields.properties[name] as Record<string, unknown> | undefined),
    };
  });
  const width = header.length;
  const first = FIXED_COLUMNS.length;
  // Fields are filled in the sorted order of their names, the order canonical JSON writes them in: an object
  // already in that order is serialized without a key list, twice as fast, and every row is serialized.
  const order = columns.map((_, c) => c).sort((a, b) => compareText(columns[a]!.name, columns[b]!.name));
  return (cells) => {
    const errors: FieldError[] = [];
    if (cells.length > width)
      errors.push({ pointer: '/', reason: `row has ${cells.length} cells, the header ${width}` });
    const fields: Record<string, unknown> = {};
    const refused: { c: number; error: FieldError }[] = [];
    for (const c of order) {
      const raw = cells[first + c];
      if (raw === undefined || raw.trim() === '') continue;
      const col = columns[c]!;
      const value = col.convert(raw);
      if (value instanceof Refused)
        refused.push({ c, error: { pointer: col.pointer, reason: value.reason } });
      else fields[col.name] = value;
    }
    // Reasons in the order of the columns, as the agency reads its file.
    if (refused.length > 0) for (const r of refused.sort((a, b) => a.c - b.c)) errors.push(r.error);
    const at = (i: number) => (cells[i] ?? '').trim();
    const subject: Record<string, unknown> = { id: at(0) };
    const name = at(1);
    if (name) subject.name = name;
    return { body: { type: type.code, subject, externalId: at(2), occurredAt: at(3), fields }, errors };
  };
}
