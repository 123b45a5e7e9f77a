// The rejects file: one CSV row per rejected input row — its row number, the reason, then the row as it was —
// so an agency can fix the rows and send just those again.
import { stringify } from 'csv-stringify/sync';
import type { RejectedRow } from './run-import.js';

export const REJECTS_HEADER = ['rowNumber', 'reason', 'row'];

export function rejectsCsvHeader(): string {
  return stringify([REJECTS_HEADER]);
}

export function rejectsCsvLine(r: RejectedRow): string {
  return stringify([[String(r.rowNumber), r.reason, ...r.raw]]);
}
