// The rejects file: one CSV row per rejected input row — its row number, the reason, then the row as it was —
// so an agency can fix the rows and send just those again.
import Papa from 'papaparse';
import type { RejectedRow } from './checked-batches.js';

export const REJECTS_HEADER = ['rowNumber', 'reason', 'row'];

const line = (cells: string[]) => `${Papa.unparse([cells], { newline: '\n' })}\n`;

export function rejectsCsvHeader(): string {
  return line(REJECTS_HEADER);
}

export function rejectsCsvLine(r: RejectedRow): string {
  return line([String(r.rowNumber), r.reason, ...r.raw]);
}
