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

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

function typesOf(schema: Record<string, unknown> | undefined): JsonType[] {
  const t = schema?.type;
  if (Array.isArray(t)) return t as JsonType[];
  if (typeof t === 'string') return [t as JsonType];
  return ['string'];
}

const TRUE = new Set(['true', '1', 'yes', '是', 'y']);
const FALSE = new Set(['false', '0', 'no', '否', 'n']);

function convert(
  cell: string,
  schema: Record<string, unknown> | undefined,
): { value?: unknown; reason?: string } {
  const types = typesOf(schema);
  const text = cell.trim();
  if (types.includes('array') || types.includes('object')) {
    try {
      return { value: JSON.parse(text) };
    } catch {
      return { reason: 'must be JSON text (an array or object)' };
    }
  }
  if (types.includes('integer') || types.includes('number')) {
    const n = Number(text.replace(/,/g, ''));
    if (text !== '' && Number.isFinite(n)) return { value: n };
    if (!types.includes('string')) return { reason: `${JSON.stringify(cell)} is not a number` };
  }
  if (types.includes('boolean')) {
    if (TRUE.has(text.toLowerCase())) return { value: true };
    if (FALSE.has(text.toLowerCase())) return { value: false };
    if (!types.includes('string')) return { reason: `${JSON.stringify(cell)} is not true/false` };
  }
  return { value: cell };
}

export interface CellRow {
  body: Record<string, unknown>;
  errors: FieldError[];
}

/** Builds the API body of one data row. Empty cells are absent fields. */
export function rowToSubmission(type: RecordType, header: string[], cells: string[]): CellRow {
  const errors: FieldError[] = [];
  if (cells.length > header.length)
    errors.push({ pointer: '/', reason: `row has ${cells.length} cells, the header ${header.length}` });
  const at = (i: number) => (cells[i] ?? '').trim();
  const fields: Record<string, unknown> = {};
  for (let i = FIXED_COLUMNS.length; i < header.length; i++) {
    const raw = cells[i];
    if (raw === undefined || raw.trim() === '') continue;
    const name = header[i]!.trim();
    const { value, reason } = convert(
      raw,
      type.fields.properties[name] as Record<string, unknown> | undefined,
    );
    if (reason) errors.push({ pointer: `/fields/${name}`, reason });
    else fields[name] = value;
  }
  const subject: Record<string, unknown> = { id: at(0) };
  if (at(1)) subject.name = at(1);
  return { body: { type: type.code, subject, externalId: at(2), occurredAt: at(3), fields }, errors };
}
