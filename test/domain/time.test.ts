import { describe, expect, it } from 'vitest';
import { addDuration, parseInstant, shanghaiDate } from '../../src/domain/time.js';

describe('time', () => {
  it('reads YYYY-MM-DD as midnight in Asia/Shanghai and RFC 3339 with its offset', () => {
    expect(parseInstant('2024-03-01')).toBe('2024-02-29T16:00:00.000Z');
    expect(parseInstant('2024-03-01T08:30:00+08:00')).toBe('2024-03-01T00:30:00.000Z');
    expect(parseInstant('2024-03-01T00:30:00Z')).toBe('2024-03-01T00:30:00.000Z');
  });

  it('refuses what is neither', () => {
    for (const bad of [
      '2024-02-30',
      '2024/03/01',
      '2024-03-01T25:00:00Z',
      'tomorrow',
      '2024-03-01T08:30:00',
    ]) {
      expect(parseInstant(bad)).toBeUndefined();
    }
  });

  it('counts calendar durations on the Shanghai calendar', () => {
    expect(addDuration(parseInstant('2024-02-29')!, 'P1Y')).toBe(parseInstant('2025-02-28'));
    expect(addDuration(parseInstant('2024-01-31')!, 'P1M')).toBe(parseInstant('2024-02-29'));
    expect(addDuration(parseInstant('2024-12-31')!, 'P30D')).toBe(parseInstant('2025-01-30'));
    expect(shanghaiDate('2024-02-29T16:00:00.000Z')).toBe('2024-03-01');
  });
});
