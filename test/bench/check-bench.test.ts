// The check bench at a tiny size: every figure comes out as a positive number, and a listed subject (and a listed
// company's legal representative) is denied by the index, by the SQL baseline and over HTTP.
import { describe, expect, it } from 'vitest';
import { checkBench, Population } from '../../src/bench/check-bench.js';
import { ADMIN_PG, DIALECTS } from '../support/stores.js';

describe('the population', () => {
  it('lists M distinct subjects and knows which', () => {
    const pop = new Population(10_000);
    const listed = new Set(Array.from({ length: 1000 }, (_, k) => pop.listed(k)));
    expect(listed.size).toBe(1000);
    for (const i of listed) expect(pop.rank(i)).toBeLessThan(1000);
    // A tenth of the checks are about listed subjects, the rest about subjects drawn from all.
    const listedIds = new Set([...listed].map((i) => pop.identifier(i)));
    const queries = pop.queries(5000, 1000);
    const share = queries.filter((q) => listedIds.has(q.toUpperCase())).length / queries.length;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
  });
});

describe('xinyong bench check', () => {
  it('measures every figure with 50,000 subjects and 5,000 listings', async () => {
    const figures = await checkBench({
      subjects: 50_000,
      // Not fewer: the store's index is measured as a difference of heaps, and at 1,000 listings (53 KB) what
      // else the process allocated meanwhile could outweigh it (a CI run measured -7 bytes per listing).
      listings: 5000,
      storeListings: 5000,
      seconds: 1,
      repeat: 1,
      runMs: 200,
      pgAdmin: DIALECTS.includes('postgres') ? ADMIN_PG : undefined,
      propagationTrials: 3,
    });
    for (const key of [
      'inProcessChecksPerSec',
      'evaluateChecksPerSec',
      'parseIdentifiersPerSec',
      'indexBytesPerListing',
      'storeIndexBytesPerListing',
      'sqlChecksPerSec',
      'inProcessVsSql',
      'httpChecksPerSec',
      'helloWorldReqPerSec',
      'batch1000P50Ms',
      'batch1000P99Ms',
      ...(DIALECTS.includes('postgres') ? (['propagationMs'] as const) : []),
    ] as const) {
      expect(figures[key], key).toBeTypeOf('number');
      expect(figures[key], key).toBeGreaterThan(0);
    }
    expect(figures.listedDecision).toBe('deny');
    expect(figures.officerDecision).toBe('deny');
    expect(figures.sqlListedDecision).toBe('deny');
    expect(figures.httpListedDecision).toBe('deny');
    // A tenth of the checks are about listed subjects; a few more reach officers of listed companies.
    expect(figures.deniedShare).toBeGreaterThan(0.08);
    expect(figures.deniedShare).toBeLessThan(0.2);
    // Every listing of the store came with those derived from it.
    expect(figures.storeListingRows).toBeGreaterThan(figures.storeListings);
    if (DIALECTS.includes('postgres')) expect(figures.propagationMs).toBeLessThan(10_000);
  });
});
