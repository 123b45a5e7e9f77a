import { describe, expect, it } from 'vitest';
import { identifierKey, identifySubject, parseIdentifier } from '../../src/domain/identifiers/identifier.js';
import { maskIdentifier } from '../../src/domain/identifiers/mask.js';
import { usccCheckCharacter } from '../../src/domain/identifiers/uscc.js';
import { company, person, residentId, uscc } from '../support/identifiers.js';

const TODAY = '2026-11-23';

describe('Unified Social Credit Code (GB 32100-2015)', () => {
  it('accepts a published example and says what it encodes', () => {
    const r = parseIdentifier('91350100M000100Y43', TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok || r.info.scheme !== 'uscc') throw new Error('expected a USCC');
    expect(r.info.kind).toBe('enterprise');
    expect(r.info.authority).toMatchObject({ code: '9', zh: '工商' });
    expect(r.info.category).toMatchObject({ code: '1', zh: '企业' });
    expect(r.info.region).toMatchObject({ code: '350100', province: '福建省', name: '福建省 福州市' });
  });

  it('computes the check character with weights 3^i mod 31', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('ignores spaces (also full-width) and lower case', () => {
    const r = parseIdentifier(' 9135 0100m000100y43\u3000', TODAY);
    expect(r.ok && r.info.value).toBe('91350100M000100Y43');
  });

  it('names the reason: length, a character at a position, the check character, the province', () => {
    expect(parseIdentifier('91350100M000100Y4', TODAY)).toEqual({
      ok: false,
      reason: 'length is 17, expected 18',
    });
    expect(parseIdentifier('91350100M0001O0Y43', TODAY)).toEqual({
      ok: false,
      reason: "character at position 14 ('O') is not allowed in a USCC",
    });
    expect(parseIdentifier('91350100M000100Y42', TODAY)).toEqual({
      ok: false,
      reason: 'check character is 2, expected 3',
    });
    const noProvince = uscc('91990100M000100Y4');
    expect(parseIdentifier(noProvince, TODAY)).toEqual({
      ok: false,
      reason: 'region code 990100 has no province 99',
    });
  });

  it('keeps codes issued under a former region code valid (only the province is checked)', () => {
    // 320583 was not a current county code when this was written; its province 32 (Jiangsu) is.
    const r = parseIdentifier(uscc('91329999MA1NNNNN1'), TODAY);
    expect(r.ok).toBe(true);
    if (r.ok && r.info.scheme === 'uscc') expect(r.info.region.current).toBe(false);
  });

  it('does not refuse a code over its embedded organization-code check', () => {
    // The 9-character organization code here has a wrong GB 11714 check digit; the USCC is still valid.
    expect(parseIdentifier(uscc('91110105000000001'), TODAY).ok).toBe(true);
  });

  it('derives the subject kind from authority and category', () => {
    const kind = (v: string) => {
      const r = parseIdentifier(v, TODAY);
      return r.ok ? r.info.kind : r.reason;
    };
    expect(kind(uscc('11100000000013127'))).toBe('government-body');
    expect(kind(uscc('51110105MJ0000001'))).toBe('social-organization');
    expect(kind(company(1))).toBe('enterprise');
  });
});

describe('resident identity number (GB 11643-1999)', () => {
  it('accepts a valid number, x as X, and gives region, birth date and sex', () => {
    const r = parseIdentifier('11010519491231002x', TODAY);
    expect(r).toMatchObject({
      ok: true,
      info: {
        scheme: 'resident-id',
        kind: 'person',
        value: '11010519491231002X',
        birthDate: '1949-12-31',
        sex: 'female',
      },
    });
    if (r.ok && r.info.scheme === 'resident-id') expect(r.info.region.name).toBe('北京市 朝阳区');
    expect(parseIdentifier(person(1), TODAY)).toMatchObject({ ok: true, info: { sex: 'male' } });
  });

  it('refuses a wrong check character, a bad or future birth date, an unknown province', () => {
    expect(parseIdentifier('110105194912310021', TODAY)).toEqual({
      ok: false,
      reason: 'check character is 1, expected X',
    });
    expect(parseIdentifier(residentId('11010519490231002'), TODAY)).toEqual({
      ok: false,
      reason: 'birth date 19490231 is not a valid date',
    });
    expect(parseIdentifier(residentId('11010520301231002'), TODAY)).toEqual({
      ok: false,
      reason: 'birth date 2030-12-31 is in the future',
    });
    expect(parseIdentifier(residentId('99010519491231002'), TODAY)).toEqual({
      ok: false,
      reason: 'region code 990105 has no province 99',
    });
  });

  it('masks an identity number for public display', () => {
    expect(maskIdentifier('11010519491231002X')).toBe('1101**********002X');
  });
});

describe('typed fallback', () => {
  it('accepts passport:<country>:<number> for people without a resident identity number', () => {
    expect(parseIdentifier('passport:usa:X1234567', TODAY)).toMatchObject({
      ok: true,
      info: { kind: 'person', value: 'passport:USA:X1234567' },
    });
    expect(parseIdentifier('passport:US:1', TODAY).ok).toBe(false);
  });
});

describe('identifierKey (the check API fast path) and identifySubject (the bulk import’s)', () => {
  it('agree with parseIdentifier on valid identifiers and on every single-character corruption of them', () => {
    const valid = [
      '91350100M000100Y43',
      company(7),
      company(42, '440305'),
      uscc('12100000400000000'), // all digits: a code that reads like an identity number
      person(1),
      person(12, '440305', '20000229'),
      residentId('11010519491231002'),
      'passport:USA:X1234567',
    ];
    const inputs = new Set<string>(valid);
    for (const v of valid) {
      inputs.add(v.toLowerCase());
      inputs.add(` ${v.slice(0, 6)}\u3000${v.slice(6)} `);
      for (let i = 0; i < v.length; i++) {
        for (const c of ['0', '9', 'X', 'I', 'A', '']) inputs.add(v.slice(0, i) + c + v.slice(i + 1));
      }
    }
    inputs.add('');
    inputs.add('   ');
    inputs.add('11010520301231002X'); // born in the future
    let refused = 0;
    for (const raw of inputs) {
      const parsed = parseIdentifier(raw, TODAY);
      expect(identifierKey(raw, TODAY), raw).toBe(parsed.ok ? parsed.info.value : undefined);
      expect(identifySubject(raw, TODAY), raw).toEqual(
        parsed.ok
          ? {
              ok: true,
              identity: {
                value: parsed.info.value,
                scheme: parsed.info.scheme,
                kind: parsed.info.kind,
                region: 'region' in parsed.info ? parsed.info.region.code : null,
              },
            }
          : parsed,
      );
      if (!parsed.ok) refused++;
    }
    expect(refused).toBeGreaterThan(inputs.size / 2);
  });
});
