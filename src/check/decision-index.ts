// The read model enforcers are answered from: for every subject with a consequence not yet ended — its own
// listing, or its role in a listed entity — the consequences, keyed by identifier. Subjects without any cost
// nothing. Built from the store at start, kept current from the change feed.
//
// At national scale (millions of listings) objects per consequence would cost more than the data, so the
// consequences live in parallel typed arrays (one slot each, chained per subject, freed slots reused); the
// subjects are keys of an open-addressing table of packed identifiers (no object per subject). Answers are made
// into objects when read.
import type { Consequence } from '../domain/check/evaluate.js';
import { type Reach, ruleKey } from '../domain/check/rule-book.js';
import { IdentifierTable } from './identifier-table.js';

/** A listing as the index takes it: its subject, and the officers its memoranda reach. */
export interface IndexedListing {
  listingId: number;
  /** The listed subject's identifier. */
  identifier: string;
  list: string;
  severity: string;
  effectiveAt: number;
  endsAt: number;
  officers: readonly { identifier: string; role: Reach }[];
  /** The pending objection to the listing, if any: answers say the listing is under objection. */
  objectionId?: number | null;
}

interface Kind {
  list: string;
  severity: string;
  reach: Reach;
  rule: string;
}

const NONE = -1;

export class DecisionIndex {
  /** Identifier → its first consequence slot. */
  private readonly heads = new IdentifierTable();
  /** (list, severity, reach) combinations, interned: a slot stores the number. */
  private readonly kinds: Kind[] = [];
  private readonly kindCodes = new Map<string, number>();
  private capacity = 0;
  private listingIds = new Uint32Array(0);
  private kindOf = new Uint16Array(0);
  private effectiveAt = new Float64Array(0);
  private endsAt = new Float64Array(0);
  /** The next slot of the same subject (or of the free list). */
  private next = new Int32Array(0);
  /** Slots in use; slots ever handed out (the rest of the arrays is spare). */
  private used = 0;
  private top = 0;
  private free = NONE;
  /** For a slot reaching an officer: the listed entity's identifier. Few slots have one. */
  private readonly via = new Map<number, string>();
  /** The officers a listing reaches (only listings that reach any), so that a change removes exactly those. */
  private readonly officersOf = new Map<number, string[]>();
  /** Listing → its pending objection. Few listings are under objection at a time. */
  private readonly objections = new Map<number, number>();
  private listings = 0;

  get(identifier: string): readonly Consequence[] | undefined {
    let slot = this.heads.get(identifier);
    if (slot === NONE) return undefined;
    const out: Consequence[] = [];
    for (; slot !== NONE; slot = this.next[slot]!) {
      const kind = this.kinds[this.kindOf[slot]!]!;
      const c: Consequence = {
        listingId: this.listingIds[slot]!,
        list: kind.list,
        severity: kind.severity,
        effectiveAt: this.effectiveAt[slot]!,
        endsAt: this.endsAt[slot]!,
        reach: kind.reach,
        rule: kind.rule,
      };
      const via = kind.reach === 'self' ? undefined : this.via.get(slot);
      if (via !== undefined) c.via = via;
      if (this.objections.size > 0) {
        const objection = this.objections.get(c.listingId);
        if (objection !== undefined) c.objection = objection;
      }
      out.push(c);
    }
    return out;
  }

  /** Sets a listing's consequences, replacing what it had. */
  put(listing: IndexedListing): void {
    this.remove(listing.listingId, listing.identifier);
    const { listingId, list, severity, effectiveAt, endsAt } = listing;
    if (listing.objectionId != null) this.objections.set(listingId, listing.objectionId);
    this.add(listing.identifier, listingId, this.kindCode(list, severity, 'self'), effectiveAt, endsAt);
    this.listings++;
    if (listing.officers.length === 0) return;
    for (const o of listing.officers) {
      const slot = this.add(
        o.identifier,
        listingId,
        this.kindCode(list, severity, o.role),
        effectiveAt,
        endsAt,
      );
      this.via.set(slot, listing.identifier);
    }
    this.officersOf.set(
      listingId,
      listing.officers.map((o) => o.identifier),
    );
  }

  /** Takes a listing out (its subject's identifier says where its own consequence is). */
  remove(listingId: number, identifier: string): void {
    if (this.unlink(identifier, listingId, true) > 0) this.listings--;
    this.objections.delete(listingId);
    const officers = this.officersOf.get(listingId);
    if (officers === undefined) return;
    for (const o of officers) this.unlink(o, listingId, false);
    this.officersOf.delete(listingId);
  }

  /** Drops consequences whose end has passed (they no longer change any answer). */
  prune(nowMs: number): number {
    let dropped = 0;
    this.heads.update((head) => {
      let prev = NONE;
      let first = head;
      for (let slot = head; slot !== NONE; ) {
        const after = this.next[slot]!;
        if (this.endsAt[slot]! <= nowMs) {
          if (prev === NONE) first = after;
          else this.next[prev] = after;
          if (this.kinds[this.kindOf[slot]!]!.reach === 'self') {
            this.listings--;
            this.officersOf.delete(this.listingIds[slot]!);
            this.objections.delete(this.listingIds[slot]!);
          }
          this.release(slot);
          dropped++;
        } else prev = slot;
        slot = after;
      }
      return first;
    });
    return dropped;
  }

  stats(): { listings: number; subjects: number; consequences: number } {
    return { listings: this.listings, subjects: this.heads.size, consequences: this.used };
  }

  private kindCode(list: string, severity: string, reach: Reach): number {
    const rule = ruleKey(list, severity, reach);
    let code = this.kindCodes.get(rule);
    if (code === undefined) {
      code = this.kinds.length;
      if (code > 0xffff) throw new Error('more than 65,536 list, severity and role combinations');
      this.kinds.push({ list, severity, reach, rule });
      this.kindCodes.set(rule, code);
    }
    return code;
  }

  private add(
    identifier: string,
    listingId: number,
    kind: number,
    effectiveAt: number,
    endsAt: number,
  ): number {
    const slot = this.allocate();
    this.listingIds[slot] = listingId;
    this.kindOf[slot] = kind;
    this.effectiveAt[slot] = effectiveAt;
    this.endsAt[slot] = endsAt;
    this.next[slot] = this.heads.get(identifier);
    this.heads.set(identifier, slot);
    return slot;
  }

  /** Removes the listing's slots (its own or an officer's) from the identifier's chain; returns how many. */
  private unlink(identifier: string, listingId: number, self: boolean): number {
    const head = this.heads.get(identifier);
    if (head === NONE) return 0;
    let removed = 0;
    let prev = NONE;
    let first = head;
    for (let slot = head; slot !== NONE; ) {
      const after = this.next[slot]!;
      if (
        this.listingIds[slot] === listingId &&
        (this.kinds[this.kindOf[slot]!]!.reach === 'self') === self
      ) {
        if (prev === NONE) first = after;
        else this.next[prev] = after;
        this.release(slot);
        removed++;
      } else prev = slot;
      slot = after;
    }
    if (first === NONE) this.heads.delete(identifier);
    else if (first !== head) this.heads.set(identifier, first);
    return removed;
  }

  private allocate(): number {
    this.used++;
    if (this.free !== NONE) {
      const slot = this.free;
      this.free = this.next[slot]!;
      return slot;
    }
    if (this.top === this.capacity) this.grow();
    return this.top++;
  }

  private release(slot: number): void {
    this.via.delete(slot);
    this.next[slot] = this.free;
    this.free = slot;
    this.used--;
  }

  /** Grows by half: at a million listings, doubling would leave up to half the arrays unused. */
  private grow(): void {
    const capacity = Math.max(1024, Math.ceil(this.capacity * 1.5));
    const copy = <T extends Float64Array | Uint32Array | Uint16Array | Int32Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.listingIds = copy(this.listingIds, (n) => new Uint32Array(n));
    this.kindOf = copy(this.kindOf, (n) => new Uint16Array(n));
    this.effectiveAt = copy(this.effectiveAt, (n) => new Float64Array(n));
    this.endsAt = copy(this.endsAt, (n) => new Float64Array(n));
    this.next = copy(this.next, (n) => new Int32Array(n));
    this.capacity = capacity;
  }
}
