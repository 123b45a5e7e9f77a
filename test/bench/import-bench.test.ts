// The import bench at a tiny size: each dialect's figures are the best of its runs, and every run reports its own
// pair (raw insert and import, measured back to back) so the drift between runs can be seen.
import { describe, expect, it } from 'vitest';
import { importBench } from '../../src/bench/import-bench.js';
import { ADMIN_PG, DIALECTS } from '../support/stores.js';

describe('xinyong bench import', () => {
  it('reports the best of each and every run’s own ratio', async () => {
    const figures = await importBench({ rows: 3000, dialects: DIALECTS, pgAdmin: ADMIN_PG, repeat: 2 });
    expect(figures.map((f) => f.dialect)).toEqual(DIALECTS);
    for (const f of figures) {
      expect(f.rows).toBe(3000);
      expect(f.runs).toHaveLength(2);
      for (const r of f.runs) {
        expect(r.rawRowsPerSec).toBeGreaterThan(0);
        expect(r.importRowsPerSec).toBeGreaterThan(0);
        expect(r.ratio).toBeCloseTo(r.importRowsPerSec / r.rawRowsPerSec, 1);
      }
      expect(f.rawRowsPerSec).toBe(Math.max(...f.runs.map((r) => r.rawRowsPerSec)));
      expect(f.importRowsPerSec).toBe(Math.max(...f.runs.map((r) => r.importRowsPerSec)));
      expect(f.ratio).toBeCloseTo(f.importRowsPerSec / f.rawRowsPerSec, 1);
    }
  }, 120_000);
});
