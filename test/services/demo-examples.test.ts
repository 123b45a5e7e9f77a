// `serve --demo` lists its example person and company the day it loads, so their tokens find a notice to act on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED } from '../../src/cli/commands/demo.js';
import { listDemoExamples } from '../../src/services/demo/due-process-examples.js';
import { demoExamples } from '../../src/services/demo/run-demo.js';
import { inbox } from '../../src/services/notices.js';
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
});
