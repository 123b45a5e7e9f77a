// The decision index's identifier table against a Map, over random sets, deletes and updates of identifiers of
// every shape (identity numbers, codes, all-digit codes, passports, odd strings), through growth and
// backward-shift deletion.
import { describe, expect, it } from 'vitest';
import { IdentifierTable } from '../../src/check/identifier-table.js';
import { company, person } from '../support/identifiers.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('IdentifierTable', () => {
  it('keeps distinct identifiers of every shape apart', () => {
    const t = new IdentifierTable();
    const keys = [
      person(1),
      person(2),
      company(1),
      company(2),
      '11010519800101001X',
      '110105198001010010',
      '911101010049M3020C',
      '91110101004900000C',
      '911101010049000001',
      'passport:USA:X1234567',
      'odd',
      '',
    ];
    keys.forEach((k, i) => {
      t.set(k, i);
    });
    keys.forEach((k, i) => {
      expect(t.get(k)).toBe(i);
    });
    expect(t.size).toBe(keys.length);
    expect(t.get(person(3))).toBe(-1);
    expect(t.get(company(3))).toBe(-1);
  });

  it.each([
    ['growing to thousands of keys', 3000, 0.5],
    ['near its load limit, where runs are long and wrap around the end', 355, 0.7],
  ])('agrees with a Map through random sets, deletes, lookups and updates, %s', (_, n, sets) => {
    const random = rng(42);
    const pool: string[] = [];
    for (let i = 0; i < n; i++) pool.push(person(i), company(i));
    pool.push('passport:CHN:E12345678', 'passport:USA:123456789');
    const table = new IdentifierTable();
    const model = new Map<string, number>();
    for (let step = 0; step < 60_000; step++) {
      const key = pool[Math.floor(random() * pool.length)]!;
      const r = random();
      if (r < sets) {
        const v = Math.floor(random() * 1_000_000);
        table.set(key, v);
        model.set(key, v);
      } else if (r < sets + 0.15) {
        expect(table.delete(key)).toBe(model.delete(key));
      } else {
        expect(table.get(key)).toBe(model.get(key) ?? -1);
      }
      if (step % 20_000 === 19_999) {
        // Drop the odd values, halve the rest: the way prune drops ended chains and moves heads.
        table.update((v) => (v % 2 === 1 ? -1 : v / 2));
        for (const [k, v] of model) {
          if (v % 2 === 1) model.delete(k);
          else model.set(k, v / 2);
        }
      }
    }
    expect(table.size).toBe(model.size);
    for (const key of pool) expect(table.get(key)).toBe(model.get(key) ?? -1);
  });
});
