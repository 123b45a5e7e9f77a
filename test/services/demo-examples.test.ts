// `serve --demo` lists its example person and company the day it loads, so their tokens find a notice to act on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED } from '../../src/cli/commands/demo.js';
import { listDemoExamples } from '../../src/services/demo/due-process-examples.js';
import { demoPendingFilings } from '../../src/services/demo/pending-filings.js';
import { DEMO_ACTOR, demoExamples, runDemo } from '../../src/services/demo/run-demo.js';
import { inbox } from '../../src/services/notices.js';
import { stats } from '../../src/services/stats.js';
import { findSubject } from '../../src/store/subjects.js';
import { type TestContext, testContext } from '../support/stores.js';

describe('the demo’s examples', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await testContext('sqlite');
  });
  afterAll(async () => t?.close());

  it('are listed today with a notice each, in their notice period', async () => {
    const [personListing, companyListing] = await listDemoExamples(t.ctx, DEFAULT_SEED);
    const ex = demoExamples(DEFAULT_SEED);
    for (const [who, listing] of [
      [ex.person.identifier, personListing],
      [ex.enterprise.identifier, companyListing],
    ] as const) {
      const subject = await findSubject(t.ctx.store.db, { identifier: who });
      const box = await inbox(t.ctx, subject!.id, { limit: 10, offset: 0 });
      expect(box.items.map((n) => [n.kind, n.listing_id])).toEqual([['listing', listing]]);
      expect(JSON.parse(box.items[0]!.content).effectiveAt > t.ctx.clock.now()).toBe(true);
    }
  });

  it('leave a few objections and repairs pending, some overdue, and refusals in the decision log — once', async () => {
    await runDemo(t.ctx, { subjects: 1000, seed: DEFAULT_SEED });
    const ex = demoExamples(DEFAULT_SEED);
    const filed = await demoPendingFilings(t.ctx, [ex.enterprise.identifier, ex.person.identifier]);
    expect(filed.objections).toBe(4);
    expect(filed.repairs).toBeGreaterThan(0);
    const now = t.ctx.clock.now();
    for (const table of ['objections', 'repairs'] as const) {
      const rows = await t.ctx.store.db
        .selectFrom(table)
        .select(['state', 'due_at'])
        .where('filed_by', '=', DEMO_ACTOR)
        .execute();
      expect(rows.every((r) => r.state === 'pending')).toBe(true);
      expect(rows.some((r) => r.due_at <= now)).toBe(true);
      expect(rows.some((r) => r.due_at > now)).toBe(true);
    }
    const refused = (await stats(t.ctx)).refusedByMonth.reduce((n, r) => n + r.refused, 0);
    expect(refused).toBeGreaterThan(0);
    // A second run files nothing and checks nobody again.
    expect(await demoPendingFilings(t.ctx)).toEqual({ objections: 0, repairs: 0, checks: 0 });
    expect((await stats(t.ctx)).refusedByMonth.reduce((n, r) => n + r.refused, 0)).toBe(refused);
  });
});
