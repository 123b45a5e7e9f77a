// Check answers as JSON text, the same text JSON.stringify writes. Most answers are an allow with no reasons, and
// every string in one is JSON-safe by construction — a normalized identifier (letters, digits, colons), an
// action code (the catalog's pattern), a decision id and an ISO time — so those are written by a template, three
// times as fast as JSON.stringify; anything else by JSON.stringify.
import type { CheckAnswer, CheckError } from '../../check/checker.js';

export function checkAnswerJson(a: CheckAnswer | CheckError): string {
  if ('decision' in a && a.reasons.length === 0)
    return `{"decision":"${a.decision}","subject":"${a.subject}","action":"${a.action}","reasons":[],"decisionId":"${a.decisionId}","at":"${a.at}"}`;
  return JSON.stringify(a);
}

/**
 * A batch answer, `{"results":[…]}`, as a Buffer made from pieces of a few hundred results: a single string of
 * a thousand answers (200 kB) would be allocated straight into V8's old generation, and hundreds of those a
 * second make for long garbage collections; the pieces die young and the Buffer lives outside the heap.
 */
export function batchAnswerJson(results: readonly (CheckAnswer | CheckError)[], per = 200): Buffer {
  const parts: Buffer[] = [Buffer.from('{"results":[')];
  for (let i = 0; i < results.length; i += per) {
    let piece = i === 0 ? '' : ',';
    const end = Math.min(results.length, i + per);
    for (let j = i; j < end; j++)
      piece += j === i ? checkAnswerJson(results[j]!) : `,${checkAnswerJson(results[j]!)}`;
    parts.push(Buffer.from(piece));
  }
  parts.push(Buffer.from(']}'));
  return Buffer.concat(parts);
}
