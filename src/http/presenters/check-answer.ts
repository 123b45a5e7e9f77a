// Check answers as JSON text, the same text JSON.stringify writes. Every string in an answer is JSON-safe by
// construction — a normalized identifier (letters, digits, colons), catalog codes (their patterns), a decision id,
// ISO times, numbers — except the legal bases, which are catalog text: those are shared objects of the rule book,
// serialized once each. So answers are written by templates, several times as fast as JSON.stringify; an answer
// of any other shape (an error in a batch) by JSON.stringify.
import type { CheckAnswer, CheckError } from '../../check/checker.js';
import type { Reason } from '../../domain/check/evaluate.js';
import { reasonJson } from '../../domain/check/reason-json.js';
import { memo } from '../../domain/memo.js';

const basisJson = new WeakMap<object, { text: string; bytes: Buffer }>();

/** A basis as JSON text and as UTF-8 bytes, each made once per basis object. */
function basisOf(r: Reason): { text: string; bytes: Buffer } {
  let basis = basisJson.get(r.basis);
  if (basis === undefined) {
    const text = JSON.stringify(r.basis);
    basis = { text, bytes: Buffer.from(text) };
    basisJson.set(r.basis, basis);
  }
  return basis;
}

function reasonText(r: Reason): string {
  const { head, tail } = reasonJson(r);
  return `${head},"basis":${basisOf(r).text}${tail}`;
}

export function checkAnswerJson(a: CheckAnswer | CheckError): string {
  if (!('decision' in a)) return JSON.stringify(a);
  let reasons = '';
  for (let i = 0; i < a.reasons.length; i++)
    reasons += i === 0 ? reasonText(a.reasons[i]!) : `,${reasonText(a.reasons[i]!)}`;
  return `{"decision":"${a.decision}","subject":"${a.subject}","action":"${a.action}","reasons":[${reasons}],"decisionId":"${a.decisionId}","at":"${a.at}"}`;
}

/** Bytes appended to one Buffer that doubles when full: ASCII written as Latin-1 (a copy), each basis copied. */
class ByteWriter {
  private buf: Buffer;
  private len = 0;

  constructor(expected: number) {
    this.buf = Buffer.allocUnsafe(Math.max(4096, expected));
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    if (n > 64) {
      this.len += this.buf.write(s, this.len, 'latin1');
      return;
    }
    // Short pieces byte by byte: no call into the runtime, and no string made for the piece.
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    this.len = at;
  }

  utf8(s: string): void {
    this.room(s.length * 3);
    this.len += this.buf.write(s, this.len, 'utf8');
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  done(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/**
 * The constant runs of an answer's text as bytes, made once each: `{"decision":"deny","subject":"` by decision,
 * `","action":"air.ticket.purchase","reasons":[` by action, `","at":"…"}` by time (a batch's answers share
 * it). Between them only the subject, the reasons and the decision id are written per answer.
 */
class Pieces {
  // Keyed by the code itself (its hash is kept with the string), not by the text made from it. Decisions and
  // actions are catalog codes, and few; bounded all the same.
  readonly head = memo(
    (decision: string) => Buffer.from(`{"decision":"${decision}","subject":"`, 'latin1'),
    1024,
  );
  readonly action = memo(
    (action: string) => Buffer.from(`","action":"${action}","reasons":[`, 'latin1'),
    1024,
  );
  private lastAt = '';
  private lastAtBytes = Buffer.alloc(0);

  end(at: string): Buffer {
    if (at !== this.lastAt) {
      this.lastAt = at;
      this.lastAtBytes = Buffer.from(`","at":"${at}"}`, 'latin1');
    }
    return this.lastAtBytes;
  }
}

const pieces = new Pieces();
const ID_OPEN = Buffer.from('],"decisionId":"', 'latin1');

function writeAnswer(out: ByteWriter, a: CheckAnswer | CheckError): void {
  if (!('decision' in a)) {
    out.utf8(JSON.stringify(a));
    return;
  }
  // Piece by piece: a template would make a string per answer only to copy it out.
  out.bytes(pieces.head(a.decision));
  out.ascii(a.subject);
  out.bytes(pieces.action(a.action));
  for (let i = 0; i < a.reasons.length; i++) {
    const r = a.reasons[i]!;
    const { head, tail, ascii } = reasonJson(r);
    if (i > 0) out.ascii(',');
    if (ascii) out.ascii(head);
    else out.utf8(head);
    out.ascii(',"basis":');
    out.bytes(basisOf(r).bytes);
    out.ascii(tail);
  }
  out.bytes(ID_OPEN);
  out.ascii(a.decisionId);
  out.bytes(pieces.end(a.at));
}

/**
 * A batch answer, `{"results":[…]}`, written into one Buffer as each answer is made: the answers are mostly
 * ASCII, written as such, and each legal basis (the bulk of a denial, and the only text beyond ASCII) is encoded
 * once and copied. A string of a thousand answers would cost its concatenation, a two-byte flattening (the
 * Chinese of the bases) and a UTF-8 encoding of the whole, and land in V8's old generation.
 */
export function batchAnswerJson(results: {
  readonly length: number;
  at(i: number): CheckAnswer | CheckError | undefined;
}): Buffer {
  // Room for an allowed answer each, and some denials with their bases, before the first growth.
  const out = new ByteWriter(results.length * 400);
  out.ascii('{"results":[');
  for (let i = 0; i < results.length; i++) {
    if (i > 0) out.ascii(',');
    writeAnswer(out, results.at(i)!);
  }
  out.ascii(']}');
  return out.done();
}
