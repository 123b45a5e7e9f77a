// PostgreSQL's COPY text format for new records, in two parts: the head, which only the writing transaction knows
// (id, subject, version, time, audit entry), and the tail, which follows from the checked record alone. Split so
// that an import's check worker can encode the tails on its own thread, and the writer only puts heads in front.
import type { NormalizedRecord } from '../domain/records/submission.js';

/** The COPY's columns: the head's, then the tail's. */
export const RECORD_COPY_COLUMNS = [
  'id',
  'subject_id',
  'version',
  'submitted_at',
  'superseded_at',
  'audit_seq',
  'type',
  'agency',
  'external_id',
  'occurred_at',
  'fields',
  'content_hash',
  'publication_ends_at',
  'retention_ends_at',
  'correction_reason',
] as const;

/** A value in COPY's text format: `\N` for null, backslash escapes for the characters the format reserves. */
export function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
}

/** The tail's fields of a record, as the check gives them or as a row to insert has them. */
export type RecordTail = Pick<
  NormalizedRecord,
  | 'type'
  | 'agency'
  | 'externalId'
  | 'occurredAt'
  | 'fields'
  | 'contentHash'
  | 'publicationEndsAt'
  | 'retentionEndsAt'
  | 'correctionReason'
>;

/** A record's tail as text: a tab before each value, a newline at the end. */
function recordCopyTail(r: RecordTail): string {
  // Codes, instants and hashes are checked before they get here and cannot hold a tab or a newline.
  return `\t${r.type}\t${r.agency}\t${copyText(r.externalId)}\t${r.occurredAt}\t${copyText(r.fields)}\t${
    r.contentHash
  }\t${r.publicationEndsAt ?? '\\N'}\t${r.retentionEndsAt}\t${copyText(r.correctionReason)}\n`;
}

/** Tails encoded as UTF-8 into one buffer of their own (it may be transferred to another thread). */
export interface EncodedTails {
  bytes: Uint8Array<ArrayBuffer>;
  /** Where each tail ends in `bytes`; tail i starts where tail i-1 ends. */
  ends: Uint32Array<ArrayBuffer>;
}

export function encodeTails(rows: readonly RecordTail[]): EncodedTails {
  const lines = rows.map(recordCopyTail);
  // UTF-8 takes at most three bytes for a UTF-16 code unit.
  const buffer = Buffer.from(new ArrayBuffer(lines.reduce((n, l) => n + l.length * 3, 0)));
  const ends = new Uint32Array(lines.length);
  let length = 0;
  lines.forEach((line, i) => {
    length += buffer.write(line, length, 'utf8');
    ends[i] = length;
  });
  return { bytes: new Uint8Array(buffer.buffer, 0, length), ends };
}

/** Tail i of an encoding, without copying. */
export function tailAt(t: EncodedTails, i: number): Uint8Array {
  return t.bytes.subarray(i === 0 ? 0 : t.ends[i - 1]!, t.ends[i]!);
}

/** What the head needs of a row to insert. */
export interface RecordHead {
  subject_id: number;
  version: number;
  submitted_at: string;
  superseded_at?: string | null;
  audit_seq: number;
}

/** The COPY data: each row's head in front of its tail. */
export function withHeads(
  heads: readonly RecordHead[],
  ids: readonly number[],
  tails: readonly Uint8Array[],
): Buffer {
  let bound = 0;
  for (const t of tails) bound += t.length + 128; // a head is ASCII: numbers, two instants, five tabs
  const out = Buffer.allocUnsafe(bound);
  let at = 0;
  for (let i = 0; i < heads.length; i++) {
    const h = heads[i]!;
    at += out.write(
      `${ids[i]}\t${h.subject_id}\t${h.version}\t${h.submitted_at}\t${copyText(h.superseded_at)}\t${h.audit_seq}`,
      at,
      'latin1',
    );
    out.set(tails[i]!, at);
    at += tails[i]!.length;
  }
  return out.subarray(0, at);
}
