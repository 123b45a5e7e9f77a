// `xinyong score` and `xinyong simulate` on demo data: a resident's ledger printed, and a proposed change to a
// shipped scheme simulated over the demo's residents — nothing written, the figures consistent.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCatalog } from '../../src/catalog/load.js';
import { runCli } from '../support/cli.js';

describe('xinyong score and simulate on demo data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-simulate-'));
  const db = join(dir, 'demo.db');
  const count = (sql: string) => {
    const d = new BetterSqlite3(db, { readonly: true });
    try {
      return (d.prepare(sql).get() as { n: number }).n;
    } finally {
      d.close();
    }
  };

  beforeAll(async () => {
    const demo = await runCli(['demo', '--db', db, '--subjects', '600', '--seed', '11']);
    expect(demo.code, demo.stderr).toBe(0);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a resident’s scores with every point’s rule and records', async () => {
    const d = new BetterSqlite3(db, { readonly: true });
    const resident = d
      .prepare("select identifier from subjects where kind = 'person' and region like '3610%' limit 1")
      .get() as { identifier: string };
    d.close();
    const res = await runCli(['score', resident.identifier, '--db', db, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const body = JSON.parse(res.stdout) as {
      items: {
        scheme: string;
        score: number;
        start: number;
        ledger: { points: number; inputs: string[] }[];
      }[];
    };
    const fuzhou = body.items.find((i) => i.scheme === 'fuzhou.points')!;
    expect(fuzhou).toBeDefined();
    // The ledger explains the score: the start plus every point counted (within the range).
    const sum = fuzhou.start + fuzhou.ledger.reduce((s, e) => s + e.points, 0);
    expect(fuzhou.score).toBe(Math.min(1000, Math.max(0, sum)));
    for (const e of fuzhou.ledger) expect(e.inputs.length).toBeGreaterThan(0);
    const text = await runCli(['score', resident.identifier, '--db', db]);
    expect(text.stdout).toMatch(/抚州市个人信用积分/);
  });

  it('simulates a proposed scheme over the demo’s residents and changes nothing', async () => {
    const shipped = loadCatalog().schemes.get('fuzhou.points')!;
    // The proposal: no points for volunteering any more, and a higher start.
    const proposal = {
      ...shipped,
      start: 850,
      rules: shipped.rules.filter((r) => r.reads !== 'civic.volunteering'),
    };
    const file = join(dir, 'proposal.yaml');
    writeFileSync(file, stringify(proposal));
    const records = count('select count(*) n from records');
    const res = await runCli(['simulate', file, '--db', db, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as {
      schemes: {
        subjects: number;
        affected: number;
        grades: { before: Record<string, number>; after: Record<string, number> };
        fairness: { noOpenWay: number; rules: { open: number } };
      }[];
    };
    const [s] = report.schemes;
    const residents = count("select count(*) n from subjects where kind = 'person' and region like '3610%'");
    expect(residents).toBeGreaterThan(0);
    expect(s!.subjects).toBe(residents);
    const total = (g: Record<string, number>) => Object.values(g).reduce((a, b) => a + b, 0);
    expect(total(s!.grades.before)).toBe(residents);
    expect(total(s!.grades.after)).toBe(residents);
    expect(s!.affected).toBeGreaterThan(0);
    // Left open: the two donation rules and a commended good deed.
    expect(s!.fairness.rules.open).toBe(3);
    expect(count('select count(*) n from records')).toBe(records);
    const text = await runCli(['simulate', file, '--db', db]);
    expect(text.stdout).toMatch(/fairness: \d+ subjects/);
  });

  it('refuses a proposal the loader would refuse, naming why', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      stringify({
        ...loadCatalog().schemes.get('fuzhou.points')!,
        benefits: [{ measure: 'caac.air-travel-ban', grades: ['C'] }],
      }),
    );
    const res = await runCli(['simulate', file, '--db', db]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/never denies/);
  });
});
