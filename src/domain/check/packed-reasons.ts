// Reasons as the decision log keeps them: without their bases, and split into what repeats and what does not. A
// page of a thousand answers holds the same few chains (measure ← memorandum ← list) again and again, each
// reason differing only in its listing and its end: each chain is a "kind" kept once per page, and a reason is
// `[kind, listing, until, …]`. A page is then about half the size (a denial's three reasons were most of it),
// and that is half the bytes the log writes, checkpoints and syncs under load. Written by templates: everything
// but a grade's name (quoted properly) is JSON-safe by construction (see reason-json.ts).
import type { Reason } from './evaluate.js';

/** A reason as the log keeps it: its chain without the basis (which follows from measure and memorandum). */
export type ReasonWithoutBasis = Reason extends infer R
  ? R extends unknown
    ? Omit<R, 'basis'>
    : never
  : never;

/** What repeats in a page's reasons: the fields every reason of the kind shares, and the names of the rest. */
export interface ReasonKind {
  fixed: Record<string, string>;
  vars: string[];
}

/** A reason in a page: its kind's index, then the values of the kind's `vars`, in order. */
export type PackedReason = [kind: number, ...values: unknown[]];

/** A kind as a page knows it: the fields that name it, and its index. */
interface Known {
  effect: string;
  measure: string;
  /** The memorandum, or a grade's scheme. */
  source: string;
  list: string;
  flags: number;
  index: number;
}

/**
 * The kinds of one page, interned as its reasons are packed. Found by the reason's basis, an array each rule of
 * the rule book (and each benefit) has of its own — an identity lookup, where a key made of the chain's codes
 * cost more than the rest of the log's work on the answer — and then compared field by field, so that reasons
 * made some other way are never given a kind that is not theirs.
 */
export class ReasonKinds {
  private readonly byBasis = new Map<object, Known[]>();
  private readonly byText = new Map<string, number>();
  /** Each kind as JSON text, in index order. */
  readonly texts: string[] = [];

  private kind(
    basis: object,
    effect: string,
    measure: string,
    source: string,
    list: string,
    flags: number,
    make: () => ReasonKind,
  ): number {
    let known = this.byBasis.get(basis);
    if (known === undefined) {
      known = [];
      this.byBasis.set(basis, known);
    }
    for (const k of known)
      if (
        k.effect === effect &&
        k.measure === measure &&
        k.source === source &&
        k.list === list &&
        k.flags === flags
      )
        return k.index;
    const text = JSON.stringify(make());
    let index = this.byText.get(text);
    if (index === undefined) {
      index = this.texts.length;
      this.texts.push(text);
      this.byText.set(text, index);
    }
    known.push({ effect, measure, source, list, flags, index });
    return index;
  }

  /** The reasons as the JSON text of a PackedReason[]. */
  pack(reasons: readonly Reason[]): string {
    let out = '[';
    for (let i = 0; i < reasons.length; i++) {
      const r = reasons[i]!;
      if (i > 0) out += ',';
      if ('scheme' in r) {
        const k = this.kind(r.basis, 'reward', r.measure, r.scheme, '', -1, () => ({
          fixed: { effect: 'reward', measure: r.measure, scheme: r.scheme },
          vars: ['grade', 'score'],
        }));
        out += `[${k},${JSON.stringify(r.grade)},${r.score}]`;
        continue;
      }
      const { via, underObjection } = r;
      const flags = (via ? 1 : 0) | (underObjection ? 2 : 0);
      const k = this.kind(r.basis, r.effect, r.measure, r.memorandum, r.list, flags, () => ({
        fixed: { effect: r.effect, measure: r.measure, memorandum: r.memorandum, list: r.list },
        vars: ['listing', 'until', ...(via ? ['via'] : []), ...(underObjection ? ['underObjection'] : [])],
      }));
      out += `[${k},${r.listing},"${r.until}"`;
      if (via) out += `,{"role":"${via.role}","entity":"${via.entity}"}`;
      if (underObjection) out += `,{"objection":${underObjection.objection}}`;
      out += ']';
    }
    return `${out}]`;
  }
}

/** The reasons of a packed entry, with the fields in the order an answer gives them. */
export function unpackReasons(
  kinds: readonly ReasonKind[],
  packed: readonly PackedReason[],
): ReasonWithoutBasis[] {
  return packed.map(([k, ...values]) => {
    const kind = kinds[k];
    if (kind === undefined) throw new Error(`a packed reason names kind ${k}, which its page does not have`);
    const reason: Record<string, unknown> = { ...kind.fixed };
    kind.vars.forEach((name, i) => {
      reason[name] = values[i];
    });
    return reason as ReasonWithoutBasis;
  });
}
