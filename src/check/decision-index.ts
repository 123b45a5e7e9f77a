// The read model enforcers are answered from: for every subject with a consequence not yet ended — its own
// listing, or its role in a listed entity — the consequences, keyed by identifier. Subjects without any cost
// nothing. Built from the store at start, kept current from the change feed.
import type { Consequence } from '../domain/check/evaluate.js';

export class DecisionIndex {
  private readonly bySubject = new Map<string, Consequence[]>();
  /** Which identifiers each listing reaches, so that a change replaces exactly its consequences. */
  private readonly reach = new Map<number, string | string[]>();

  get(identifier: string): readonly Consequence[] | undefined {
    return this.bySubject.get(identifier);
  }

  /** Sets a listing's consequences, replacing what it had (none: the listing left the index). */
  put(listingId: number, entries: { identifier: string; consequence: Consequence }[]): void {
    this.remove(listingId);
    if (entries.length === 0) return;
    for (const { identifier, consequence } of entries) {
      const list = this.bySubject.get(identifier);
      if (list) list.push(consequence);
      else this.bySubject.set(identifier, [consequence]);
    }
    this.reach.set(
      listingId,
      entries.length === 1 ? entries[0]!.identifier : entries.map((e) => e.identifier),
    );
  }

  remove(listingId: number): void {
    const where = this.reach.get(listingId);
    if (where === undefined) return;
    for (const identifier of typeof where === 'string' ? [where] : where) {
      const list = this.bySubject.get(identifier);
      if (!list) continue;
      const kept = list.filter((c) => c.listingId !== listingId);
      if (kept.length) this.bySubject.set(identifier, kept);
      else this.bySubject.delete(identifier);
    }
    this.reach.delete(listingId);
  }

  /** Drops listings whose end has passed (they no longer change any answer). */
  prune(nowMs: number): number {
    let dropped = 0;
    for (const [identifier, list] of this.bySubject) {
      const kept = list.filter((c) => c.endsAt > nowMs);
      if (kept.length === list.length) continue;
      dropped += list.length - kept.length;
      if (kept.length) this.bySubject.set(identifier, kept);
      else this.bySubject.delete(identifier);
    }
    return dropped;
  }

  stats(): { listings: number; subjects: number } {
    return { listings: this.reach.size, subjects: this.bySubject.size };
  }
}
