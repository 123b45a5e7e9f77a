// Reasons packed against a page's kinds come back as they were given (without their bases), whatever shares what.
import { describe, expect, it } from 'vitest';
import type { Reason } from '../../src/domain/check/evaluate.js';
import {
  type PackedReason,
  type ReasonKind,
  ReasonKinds,
  unpackReasons,
} from '../../src/domain/check/packed-reasons.js';

const basis = [{ title: '最高人民法院关于公布失信被执行人名单信息的若干规定', article: '第一条' }];
const deny: Reason = {
  effect: 'deny',
  measure: 'caac.air-travel-ban',
  memorandum: 'spc.defaulters-joint-discipline',
  list: 'spc.defaulters',
  listing: 7,
  basis,
  until: '2028-01-01T00:00:00.000Z',
};

function roundTrip(kinds: ReasonKinds, reasons: Reason[]) {
  const packed = JSON.parse(kinds.pack(reasons)) as PackedReason[];
  const table = kinds.texts.map((t) => JSON.parse(t) as ReasonKind);
  return unpackReasons(table, packed);
}

const withoutBasis = (reasons: Reason[]) => reasons.map(({ basis: _basis, ...chain }) => chain);

describe('packed reasons', () => {
  it('keeps a chain once and each reason as its listing and end, in the order answers give the fields', () => {
    const kinds = new ReasonKinds();
    const reasons = [deny, { ...deny, listing: 8, until: '2029-01-01T00:00:00.000Z' }];
    const back = roundTrip(kinds, reasons);
    expect(back).toEqual(withoutBasis(reasons));
    expect(JSON.stringify(back[0])).toBe(JSON.stringify(withoutBasis([deny])[0]));
    expect(kinds.texts).toHaveLength(1);
    expect(kinds.pack([deny])).toBe('[[0,7,"2028-01-01T00:00:00.000Z"]]');
  });

  it('never gives a reason the kind of another that shares its basis', () => {
    const kinds = new ReasonKinds();
    const reasons: Reason[] = [
      deny,
      { ...deny, measure: 'rail.hsr-ban' },
      { ...deny, list: 'spc.restricted-consumption' },
      { ...deny, via: { role: 'legal-representative', entity: '91110000100000000A' } },
      { ...deny, underObjection: { objection: 3 } },
      {
        effect: 'reward',
        measure: 'library.deposit-free',
        scheme: 'fuzhou.points',
        grade: '优',
        score: 880,
        basis,
      },
    ];
    expect(roundTrip(kinds, reasons)).toEqual(withoutBasis(reasons));
    expect(kinds.texts).toHaveLength(6);
  });

  it('gives one kind to the same chain from different bases', () => {
    const kinds = new ReasonKinds();
    const reasons = [deny, { ...deny, basis: [...basis] }];
    expect(roundTrip(kinds, reasons)).toEqual(withoutBasis(reasons));
    expect(kinds.texts).toHaveLength(1);
  });

  it('refuses a reason whose kind the page does not have', () => {
    expect(() => unpackReasons([], [[0, 7, '2028-01-01T00:00:00.000Z']])).toThrow(/kind 0/);
  });
});
