import { describe, expect, it } from 'vitest';
import { DecisionIndex, type IndexedListing } from '../../src/check/decision-index.js';
import type { Consequence } from '../../src/domain/check/evaluate.js';
import type { Reach } from '../../src/domain/check/rule-book.js';

// A plain model of what the index must answer: every live listing's consequences, by identifier.
function expected(live: Map<number, IndexedListing>, identifier: string): Consequence[] {
  const out: Consequence[] = [];
  for (const l of live.values()) {
    const base = {
      listingId: l.listingId,
      list: l.list,
      severity: l.severity,
      effectiveAt: l.effectiveAt,
      endsAt: l.endsAt,
    };
    if (l.identifier === identifier)
      out.push({ ...base, reach: 'self', rule: `${l.list}|${l.severity}|self` });
    for (const o of l.officers)
      if (o.identifier === identifier)
        out.push({ ...base, reach: o.role, via: l.identifier, rule: `${l.list}|${l.severity}|${o.role}` });
  }
  return out;
}

const byListing = (a: Consequence, b: Consequence) =>
  a.listingId - b.listingId || a.reach.localeCompare(b.reach);

describe('DecisionIndex', () => {
  it('answers like a plain model through puts, replacements, removals and pruning, reusing freed slots', () => {
    const index = new DecisionIndex();
    const live = new Map<number, IndexedListing>();
    const people = Array.from({ length: 40 }, (_, i) => `P${i}`);
    const firms = Array.from({ length: 15 }, (_, i) => `F${i}`);
    const roles: Reach[] = ['legal-representative', 'director'];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const subjectOf = new Map<number, string>();
    for (let step = 0; step < 5000; step++) {
      const id = 1 + rnd(300);
      const op = rnd(10);
      if (op < 6) {
        // Put (or replace) the listing; a listing's subject never changes.
        const identifier = subjectOf.get(id) ?? (rnd(2) ? people[rnd(40)]! : firms[rnd(15)]!);
        subjectOf.set(id, identifier);
        const officers = identifier.startsWith('F')
          ? Array.from({ length: rnd(3) }, () => ({ identifier: people[rnd(40)]!, role: roles[rnd(2)]! }))
          : [];
        const listing: IndexedListing = {
          listingId: id,
          identifier,
          list: rnd(2) ? 'spc.defaulters' : 'customs.untrustworthy',
          severity: rnd(2) ? 'general' : 'serious',
          effectiveAt: 1000 + rnd(100),
          endsAt: 2000 + rnd(1000),
          officers,
        };
        index.put(listing);
        live.set(id, listing);
      } else if (op < 9) {
        const identifier = subjectOf.get(id);
        if (identifier) index.remove(id, identifier);
        live.delete(id);
      } else if (rnd(20) === 0) {
        const now = 2000 + rnd(300);
        index.prune(now);
        for (const [k, l] of live) if (l.endsAt <= now) live.delete(k);
      }
      if (step % 100 === 0 || step === 4999) {
        for (const who of [...people, ...firms]) {
          const want = expected(live, who).sort(byListing);
          const got = [...(index.get(who) ?? [])].sort(byListing);
          expect(got, `${who} at step ${step}`).toEqual(want);
          if (want.length === 0) expect(index.get(who)).toBeUndefined();
        }
        const stats = index.stats();
        expect(stats.listings).toBe(live.size);
        expect(stats.consequences).toBe([...live.values()].reduce((n, l) => n + 1 + l.officers.length, 0));
      }
    }
  });
});
