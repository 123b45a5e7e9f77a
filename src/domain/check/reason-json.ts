// A reason as JSON text around its basis, written by templates: everything in a reason but its basis is codes,
// numbers, times and identifiers, JSON-safe by construction (catalog codes follow their patterns, identifiers
// are normalized), except a grade's name (优, A), which is quoted properly. The answer writes head, basis, tail
// (the decision log keeps reasons packed: packed-reasons.ts).
import type { Reason } from './evaluate.js';

export interface ReasonJson {
  /** `{"effect":…` up to the field before the basis, without a trailing comma. */
  head: string;
  /** From the comma after the basis to the closing brace. */
  tail: string;
  /** Whether head and tail are ASCII (a grade's name may not be). */
  ascii: boolean;
}

export function reasonJson(r: Reason): ReasonJson {
  if ('scheme' in r)
    return {
      head: `{"effect":"reward","measure":"${r.measure}","scheme":"${r.scheme}","grade":${JSON.stringify(r.grade)},"score":${r.score}`,
      tail: '}',
      ascii: false,
    };
  const via = r.via ? `,"via":{"role":"${r.via.role}","entity":"${r.via.entity}"}` : '';
  const objection = r.underObjection ? `,"underObjection":{"objection":${r.underObjection.objection}}` : '';
  return {
    head: `{"effect":"${r.effect}","measure":"${r.measure}","memorandum":"${r.memorandum}","list":"${r.list}","listing":${r.listing}`,
    tail: `,"until":"${r.until}"${via}${objection}}`,
    ascii: true,
  };
}
