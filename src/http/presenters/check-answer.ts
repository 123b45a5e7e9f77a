// Check answers as JSON text, the same text JSON.stringify writes. Every string in an answer is JSON-safe by
// construction — a normalized identifier (letters, digits, colons), catalog codes (their patterns), a decision id,
// ISO times, numbers — except the legal bases, which are catalog text: those are shared objects of the rule book,
// serialized once each. So answers are written by templates, several times as fast as JSON.stringify; an answer
// of any other shape (an error in a batch) by JSON.stringify.
import type { CheckAnswer, CheckError } from '../../check/checker.js';
import type { Reason } from '../../domain/check/evaluate.js';

const basisJson = new WeakMap<object, string>();

function reasonJson(r: Reason): string {
  let basis = basisJson.get(r.basis);
  if (basis === undefined) {
    basis = JSON.stringify(r.basis);
    basisJson.set(r.basis, basis);
  }
  if ('scheme' in r)
    return `{"effect":"reward","measure":"${r.measure}","scheme":"${r.scheme}","grade":${JSON.stringify(r.grade)},"score":${r.score},"basis":${basis}}`;
  const via = r.via ? `,"via":{"role":"${r.via.role}","entity":"${r.via.entity}"}` : '';
  const objection = r.underObjection ? `,"underObjection":{"objection":${r.underObjection.objection}}` : '';
  return `{"effect":"${r.effect}","measure":"${r.measure}","memorandum":"${r.memorandum}","list":"${r.list}","listing":${r.listing},"basis":${basis},"until":"${r.until}"${via}${objection}}`;
}

export function checkAnswerJson(a: CheckAnswer | CheckError): string {
  if (!('decision' in a)) return JSON.stringify(a);
  let reasons = '';
  for (let i = 0; i < a.reasons.length; i++)
    reasons += i === 0 ? reasonJson(a.reasons[i]!) : `,${reasonJson(a.reasons[i]!)}`;
  return `{"decision":"${a.decision}","subject":"${a.subject}","action":"${a.action}","reasons":[${reasons}],"decisionId":"${a.decisionId}","at":"${a.at}"}`;
}

/**
 * A batch answer, `{"results":[…]}`, as a Buffer made from pieces of a few hundred results: a single string of
 * a thousand answers (200 kB) would be allocated straight into V8's old generation, and hundreds of those a
 * second make for long garbage collections; the pieces die young and the Buffer lives outside the heap.
 */
export function batchAnswerJson(
  results: { readonly length: number; at(i: number): CheckAnswer | CheckError | undefined },
  per = 200,
): Buffer {
  const parts: Buffer[] = [Buffer.from('{"results":[')];
  for (let i = 0; i < results.length; i += per) {
    let piece = i === 0 ? '' : ',';
    const end = Math.min(results.length, i + per);
    for (let j = i; j < end; j++)
      piece += j === i ? checkAnswerJson(results.at(j)!) : `,${checkAnswerJson(results.at(j)!)}`;
    parts.push(Buffer.from(piece));
  }
  parts.push(Buffer.from(']}'));
  return Buffer.concat(parts);
}
