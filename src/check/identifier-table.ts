// Identifier → a non-negative int, for the decision index's millions of keys. A Map keyed by strings costs a
// string and an entry per key and several dependent memory reads per lookup (bucket, entry, key string); most
// checks are misses, and at ten million subjects those reads are the check's cost. Here an 18-character
// identifier is packed losslessly into three 32-bit words, and the table is open addressing over one typed
// array (four words a key: the packed identifier and its value), so a lookup reads one or two cache lines and
// a key costs 16 bytes plus free space. Anything else (passport keys) lives in a small Map beside it.

import { usccCharValue } from '../domain/identifiers/uscc.js';

const EMPTY = 0;
/** Grow past this share of slots in use: linear probing stays short. */
const MAX_LOAD = 0.7;

/** Packed words of the last identifier packed (no allocation per lookup). */
const packed = new Uint32Array(3);

/**
 * Packs an 18-character identifier into `packed`: seventeen digits and a digit or X as two numbers and the last
 * character's code (below 256); otherwise eighteen USCC characters as three base-31 numbers of six (each below
 * 2^30), the last with bit 31 set. Distinct strings pack differently. False when the string is neither shape.
 */
function pack(s: string): boolean {
  if (s.length !== 18) return false;
  let a = 0;
  let digits = true;
  for (let i = 0; i < 9; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) {
      digits = false;
      break;
    }
    a = a * 10 + d;
  }
  if (digits) {
    let b = 0;
    for (let i = 9; i < 17; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) {
        digits = false;
        break;
      }
      b = b * 10 + d;
    }
    const last = s.charCodeAt(17);
    if (digits && ((last >= 48 && last <= 57) || last === 88)) {
      packed[0] = a;
      packed[1] = b;
      packed[2] = last;
      return true;
    }
  }
  for (let w = 0; w < 3; w++) {
    let v = 0;
    for (let i = w * 6; i < w * 6 + 6; i++) {
      const x = usccCharValue(s.charCodeAt(i));
      if (x < 0) return false;
      v = v * 31 + x;
    }
    packed[w] = w === 2 ? (v | 0x80000000) >>> 0 : v;
  }
  return true;
}

function hash(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ b ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 13), 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}

export class IdentifierTable {
  /** Four words a slot: the packed identifier, then value + 1 (0: empty). */
  private cells: Uint32Array;
  private mask: number;
  private count = 0;
  private readonly others = new Map<string, number>();

  constructor(initialSlots = 1024) {
    let slots = 1024;
    while (slots < initialSlots) slots *= 2;
    this.cells = new Uint32Array(slots * 4);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count + this.others.size;
  }

  /** Bytes held by the table itself. */
  get bytes(): number {
    return this.cells.byteLength;
  }

  /** The value for an identifier, or -1. */
  get(identifier: string): number {
    if (!pack(identifier)) return this.others.get(identifier) ?? -1;
    const a = packed[0]!;
    const b = packed[1]!;
    const c = packed[2]!;
    const cells = this.cells;
    for (let slot = hash(a, b, c) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 4;
      const v = cells[at + 3]!;
      if (v === EMPTY) return -1;
      if (cells[at] === a && cells[at + 1] === b && cells[at + 2] === c) return v - 1;
    }
  }

  set(identifier: string, value: number): void {
    if (value < 0 || value > 0xfffffffe) throw new RangeError(`value ${value} out of range`);
    if (!pack(identifier)) {
      this.others.set(identifier, value);
      return;
    }
    if ((this.count + 1) / (this.mask + 1) > MAX_LOAD) this.grow();
    this.place(packed[0]!, packed[1]!, packed[2]!, value);
  }

  delete(identifier: string): boolean {
    if (!pack(identifier)) return this.others.delete(identifier);
    return this.deletePacked(packed[0]!, packed[1]!, packed[2]!);
  }

  /**
   * Visits every entry; `visit` returns the entry's new value, or -1 to delete it. Deletions are applied after
   * the walk, so each entry is visited once.
   */
  update(visit: (value: number) => number): void {
    const cells = this.cells;
    const doomed: number[] = [];
    for (let slot = 0; slot <= this.mask; slot++) {
      const at = slot * 4;
      const v = cells[at + 3]!;
      if (v === EMPTY) continue;
      const next = visit(v - 1);
      if (next < 0) doomed.push(cells[at]!, cells[at + 1]!, cells[at + 2]!);
      else cells[at + 3] = next + 1;
    }
    for (let i = 0; i < doomed.length; i += 3) this.deletePacked(doomed[i]!, doomed[i + 1]!, doomed[i + 2]!);
    for (const [key, v] of this.others) {
      const next = visit(v);
      if (next < 0) this.others.delete(key);
      else this.others.set(key, next);
    }
  }

  private deletePacked(a: number, b: number, c: number): boolean {
    const cells = this.cells;
    const mask = this.mask;
    let hole = hash(a, b, c) & mask;
    for (; ; hole = (hole + 1) & mask) {
      const at = hole * 4;
      if (cells[at + 3] === EMPTY) return false;
      if (cells[at] === a && cells[at + 1] === b && cells[at + 2] === c) break;
    }
    // Backward-shift deletion: later keys of the same run move up, so lookups never meet tombstones.
    for (let next = (hole + 1) & mask; cells[next * 4 + 3] !== EMPTY; next = (next + 1) & mask) {
      const at = next * 4;
      const home = hash(cells[at]!, cells[at + 1]!, cells[at + 2]!) & mask;
      // The key at `next` may fill the hole unless its home lies cyclically within (hole, next].
      if (hole <= next ? home <= hole || home > next : home <= hole && home > next) {
        cells.copyWithin(hole * 4, at, at + 4);
        hole = next;
      }
    }
    cells.fill(0, hole * 4, hole * 4 + 4);
    this.count--;
    return true;
  }

  private place(a: number, b: number, c: number, value: number): void {
    const cells = this.cells;
    for (let slot = hash(a, b, c) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 4;
      if (cells[at + 3] === EMPTY) {
        cells[at] = a;
        cells[at + 1] = b;
        cells[at + 2] = c;
        cells[at + 3] = value + 1;
        this.count++;
        return;
      }
      if (cells[at] === a && cells[at + 1] === b && cells[at + 2] === c) {
        cells[at + 3] = value + 1;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.cells;
    this.cells = new Uint32Array(old.length * 2);
    this.mask = old.length / 2 - 1;
    this.count = 0;
    for (let at = 0; at < old.length; at += 4)
      if (old[at + 3] !== EMPTY) this.place(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]! - 1);
  }
}
