// Recorded reads are indexed by subject behind the log, in bulk (migration 0010): a subject's access log still
// shows every committed read, newest first, however far behind the index was, and indexing twice adds nothing.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/principal.js';
import { accessLog } from '../../src/services/access-log.js';
import { AccessRecorder } from '../../src/services/access-recorder.js';
import { verifyLog } from '../../src/services/verify-log.js';
import { catchUpReadIndex } from '../../src/store/read-index.js';
import { DIALECTS, type TestContext, testContext } from '../support/stores.js';

const reader: Principal = { role: 'agency', agency: 'sta', actor: 'token:0123456789ab' };

describe.each(DIALECTS)('the read index on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await testContext(dialect);
  });
  afterEach(async () => t.close());

  /** Five entries of reads (three at once, then one by one), subjects 7 and 8 alternating. */
  async function readSome(access: AccessRecorder, from: number): Promise<void> {
    await Promise.all(
      [0, 1, 2].map((i) => access.record(reader, { subjectId: 7 + (i % 2), purpose: `r${from + i}` })),
    );
    for (let i = 3; i < 7; i++)
      await access.record(reader, { subjectId: 7 + (i % 2), purpose: `r${from + i}` });
  }

  const purposes = async (subjectId: number) =>
    (await accessLog(t.ctx, subjectId, { limit: 100, offset: 0 })).items.map((i) => i.purpose);

  it('answers every committed read, newest first, catching the index up before it is asked', async () => {
    const access = new AccessRecorder(t.ctx);
    await readSome(access, 0);
    expect(await purposes(7)).toEqual(['r6', 'r4', 'r2', 'r0']);
    // Reads after a catch-up are found too: the next question catches up again.
    await readSome(access, 10);
    expect(await purposes(8)).toEqual(['r15', 'r13', 'r11', 'r5', 'r3', 'r1']);
    const page = await accessLog(t.ctx, 7, { limit: 2, offset: 2 });
    expect(page.total).toBe(8);
    expect(page.items.map((i) => i.purpose)).toEqual(['r12', 'r10']);
    expect(page.items[0]).toMatchObject({ role: 'agency', agency: 'sta', reader: 'token:0123456789ab' });
    expect(await catchUpReadIndex(t.ctx.store.db)).toBe(0);
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });

  it('indexes in passes of a few entries, each read once, and rebuilds from nothing', async () => {
    const access = new AccessRecorder(t.ctx);
    await readSome(access, 0);
    expect(await catchUpReadIndex(t.ctx.store.db, 2)).toBe(7);
    expect(await catchUpReadIndex(t.ctx.store.db, 2)).toBe(0);
    const before = await purposes(8);
    await sql`delete from read_index`.execute(t.ctx.store.db);
    await sql`update read_index_state set indexed_through = -1`.execute(t.ctx.store.db);
    expect(await catchUpReadIndex(t.ctx.store.db, 1)).toBe(7);
    expect(await purposes(8)).toEqual(before);
    const rows = await t.ctx.store.db.selectFrom('read_index').select('subject_id').execute();
    expect(rows).toHaveLength(7);
  });

  it('two catch-ups at once index each read once', async () => {
    const access = new AccessRecorder(t.ctx);
    await readSome(access, 0);
    await readSome(access, 10);
    const added = await Promise.all([
      catchUpReadIndex(t.ctx.store.db, 1),
      catchUpReadIndex(t.ctx.store.db, 1),
    ]);
    expect(added[0]! + added[1]!).toBe(14);
    expect(await t.ctx.store.db.selectFrom('read_index').select('idx').execute()).toHaveLength(14);
  });
});
