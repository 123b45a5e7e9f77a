// The working-day calendar: the State Council's yearly holiday arrangements (国务院办公厅关于部分节假日安排的通知)
// as the `chinese-days` package keeps them (2004 on), and `catalog/calendar.yaml` for what an operator adds — a
// year published after the package, or a regional arrangement — each entry with its source. A year neither
// covers is counted by weekends alone (see src/domain/working-days.ts) and reported by `uncoveredYears`.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CatalogProblem } from '../domain/catalog/validate.js';
import type { WorkingCalendar } from '../domain/working-days.js';
import { CatalogError } from './catalog.js';
import { DEFAULT_CATALOG_DIR, readDataFile } from './data-file.js';

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const PACKAGE_SOURCE =
  'chinese-days (npm), transcribing 国务院办公厅关于部分节假日安排的通知 for each year it covers';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `catalog/calendar.yaml`: years, each with its source, days off and adjusted working days. */
interface CalendarFileYear {
  year: number;
  source: string;
  holidays: string[];
  workdays: string[];
}

function checkYear(raw: unknown, i: number): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const problem = (pointer: string, reason: string) =>
    problems.push({ where: `calendar/#${i}`, pointer, reason });
  const y = (raw ?? {}) as Record<string, unknown>;
  if (!Number.isInteger(y.year)) problem('/year', 'is required: the year');
  if (typeof y.source !== 'string' || y.source.trim() === '')
    problem('/source', 'is required: the notice the dates come from');
  for (const key of ['holidays', 'workdays'] as const) {
    const days = y[key] ?? [];
    if (!Array.isArray(days) || !days.every((d) => typeof d === 'string' && DATE.test(d)))
      problem(`/${key}`, 'must be a list of YYYY-MM-DD dates');
    else if (days.some((d: string) => Number(d.slice(0, 4)) !== y.year))
      problem(`/${key}`, `every date must fall in ${String(y.year)}`);
  }
  return problems;
}

export function loadWorkingCalendar(dir = DEFAULT_CATALOG_DIR): WorkingCalendar {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as PackageData;
  const holidays = new Set(Object.keys(data.holidays));
  const workdays = new Set(Object.keys(data.workdays));
  const years = new Set([...holidays].map((d) => Number(d.slice(0, 4))));
  const sources = [PACKAGE_SOURCE];
  const file = join(dir, 'calendar.yaml');
  if (existsSync(file)) {
    const raw = readDataFile(file);
    const items = Array.isArray(raw) ? raw : [];
    const problems = items.flatMap((item, i) => checkYear(item, i));
    if (!Array.isArray(raw))
      problems.push({ where: 'calendar', pointer: '', reason: 'must be a list of years' });
    if (problems.length) throw new CatalogError(file, problems);
    for (const item of items as CalendarFileYear[]) {
      // The file's arrangement for a year replaces the package's.
      for (const d of [...holidays]) if (d.startsWith(`${item.year}-`)) holidays.delete(d);
      for (const d of [...workdays]) if (d.startsWith(`${item.year}-`)) workdays.delete(d);
      for (const d of item.holidays) holidays.add(d);
      for (const d of item.workdays) workdays.add(d);
      years.add(item.year);
      sources.push(`${item.year}: ${item.source}`);
    }
  }
  return { holidays, workdays, years, source: sources.join('; ') };
}
