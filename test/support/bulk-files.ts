// Bulk files as agencies send them: CSV (a header of subjectId, subjectName, externalId, occurredAt and the type's
// fields; non-scalar cells as JSON text), NDJSON (API bodies, one a line) and XLSX (the CSV's layout on the first
// sheet). Rows are administrative penalties from the catalog example unless told otherwise.
import ExcelJS from 'exceljs';
import { company } from './identifiers.js';
import { testCatalog } from './stores.js';

export interface BulkRow {
  subjectId: string;
  subjectName?: string;
  externalId: string;
  occurredAt: string;
  fields: Record<string, unknown>;
}

export function exampleOf(type: string): Record<string, unknown> {
  return structuredClone(testCatalog().recordTypes.get(type)!.example) as Record<string, unknown>;
}

export function fieldNames(type: string): string[] {
  return Object.keys(testCatalog().recordTypes.get(type)!.fields.properties);
}

/** Penalty rows for companies n0 … n0+count-1, external ids `${prefix}-n`. */
export function penaltyRows(n0: number, count: number, prefix = 'B'): BulkRow[] {
  const fields = exampleOf('administrative.penalty');
  return Array.from({ length: count }, (_, i) => ({
    subjectId: company(n0 + i),
    subjectName: `测试${n0 + i}号商贸有限公司`,
    externalId: `${prefix}-${n0 + i}`,
    occurredAt: '2025-03-01',
    fields: { ...fields, decisionNumber: `威市监处罚〔2025〕${n0 + i}号` },
  }));
}

/** Breaks the identifier's check character (a reason `/subject/id: check character is …`). */
export function withBadId(row: BulkRow): BulkRow {
  const last = row.subjectId[17] === '0' ? '1' : '0';
  return { ...row, subjectId: row.subjectId.slice(0, 17) + last };
}

const cellText = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tableOf(type: string, rows: BulkRow[]): string[][] {
  const names = fieldNames(type);
  return [
    ['subjectId', 'subjectName', 'externalId', 'occurredAt', ...names],
    ...rows.map((r) => [
      r.subjectId,
      r.subjectName ?? '',
      r.externalId,
      r.occurredAt,
      ...names.map((n) => cellText(r.fields[n])),
    ]),
  ];
}

export function toCsv(type: string, rows: BulkRow[]): string {
  return `${tableOf(type, rows)
    .map((cells) => cells.map(csvCell).join(','))
    .join('\n')}\n`;
}

export function toNdjson(type: string, rows: BulkRow[]): string {
  return rows
    .map((r) =>
      JSON.stringify({
        type,
        subject: { id: r.subjectId, ...(r.subjectName ? { name: r.subjectName } : {}) },
        externalId: r.externalId,
        occurredAt: r.occurredAt,
        fields: r.fields,
      }),
    )
    .map((l) => `${l}\n`)
    .join('');
}

export async function toXlsx(type: string, rows: BulkRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('records');
  for (const cells of tableOf(type, rows)) sheet.addRow(cells);
  // A second sheet is ignored: only the first is read.
  wb.addWorksheet('notes').addRow(['this sheet is not data']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
