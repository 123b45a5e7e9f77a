// Deadlines in working days on the real Chinese calendar: holidays and adjusted working days (调休) from the
// shipped data, the filing day not counted, and years without data counted by weekends alone — and said so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/catalog.js';
import { loadWorkingCalendar } from '../../src/catalog/working-calendar.js';
import { addWorkingDays, isWorkingDay, workingDaysLeft } from '../../src/domain/working-days.js';

const calendar = loadWorkingCalendar();

describe('working days', () => {
  it('knows the 2026 National Day and Mid-Autumn arrangement', () => {
    expect(isWorkingDay(calendar, '2026-09-20')).toBe(true); // a Sunday worked in exchange
    expect(isWorkingDay(calendar, '2026-09-25')).toBe(false); // Mid-Autumn, a Friday
    expect(isWorkingDay(calendar, '2026-10-05')).toBe(false); // a Monday in the Golden Week
    expect(isWorkingDay(calendar, '2026-10-10')).toBe(true); // a Saturday worked in exchange
    expect(isWorkingDay(calendar, '2026-11-21')).toBe(false); // an ordinary Saturday
    expect(isWorkingDay(calendar, '2026-11-23')).toBe(true);
    expect(calendar.source).toContain('国务院办公厅');
  });

  it('counts ten working days from the day after a filing, across the holidays', () => {
    // Filed on Friday 18 September 2026 at 10:00 in Shanghai.
    const d = addWorkingDays(calendar, '2026-09-18T02:00:00.000Z', 10);
    expect(d.lastDay).toBe('2026-10-09');
    expect(d.due).toBe('2026-10-09T16:00:00.000Z'); // midnight in Shanghai after the last day
    expect(d.uncoveredYears).toEqual([]);
    // Filed at 23:30 Shanghai time on the 18th: still the 18th, the same deadline.
    expect(addWorkingDays(calendar, '2026-09-18T15:30:00.000Z', 10).due).toBe(d.due);
    expect(addWorkingDays(calendar, '2026-11-20T02:00:00.000Z', 3).lastDay).toBe('2026-11-25');
  });

  it('counts a year without data by weekends alone and names it', () => {
    const d = addWorkingDays(calendar, '2026-12-20T02:00:00.000Z', 10);
    expect(d.uncoveredYears).toEqual([2027]);
    expect(d.lastDay).toBe('2027-01-01');
  });

  it('tells the whole working days left before a deadline after today', () => {
    const due = '2026-10-09T16:00:00.000Z';
    expect(workingDaysLeft(calendar, '2026-09-18T02:00:00.000Z', due)).toBe(10); // the day of filing
    expect(workingDaysLeft(calendar, '2026-09-30T02:00:00.000Z', due)).toBe(2);
    expect(workingDaysLeft(calendar, '2026-10-09T15:59:00.000Z', due)).toBe(0); // the last day
    expect(workingDaysLeft(calendar, due, due)).toBe(0);
  });

  it('takes a year the package lacks from catalog/calendar.yaml, with its source, and refuses a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xinyong-calendar-'));
    try {
      writeFileSync(
        join(dir, 'calendar.yaml'),
        `- year: 2027
  source: 国务院办公厅关于2027年部分节假日安排的通知 (an operator's transcription, for this test)
  holidays: [2027-01-01]
  workdays: []
`,
      );
      const withFile = loadWorkingCalendar(dir);
      expect(isWorkingDay(withFile, '2027-01-01')).toBe(false);
      const d = addWorkingDays(withFile, '2026-12-20T02:00:00.000Z', 10);
      expect(d).toMatchObject({ lastDay: '2027-01-04', uncoveredYears: [] });
      expect(withFile.source).toContain('2027: 国务院办公厅关于2027年部分节假日安排的通知');

      writeFileSync(join(dir, 'calendar.yaml'), '- year: 2027\n  holidays: [2028-01-01]\n');
      expect(() => loadWorkingCalendar(dir)).toThrow(CatalogError);
      try {
        loadWorkingCalendar(dir);
      } catch (err) {
        expect((err as CatalogError).problems.map((p) => p.pointer)).toEqual(['/source', '/holidays']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
