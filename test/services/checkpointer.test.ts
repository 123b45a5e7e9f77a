// A server's SQLite connection leaves WAL checkpoints to a worker thread: its own commits no longer checkpoint,
// the worker copies the WAL into the database file and lets it start over, and stopping it (or losing it) gives
// the connection its own checkpoints back. On PostgreSQL there is nothing to do.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/principal.js';
import { AccessRecorder } from '../../src/services/access-recorder.js';
import { startCheckpointer } from '../../src/services/checkpointer.js';
import { BACKGROUND_NICE } from '../../src/services/workers.js';
import { openSqliteConnection } from '../../src/store/database.js';
import { DIALECTS, type TestContext, testContext } from '../support/stores.js';
import { until } from '../support/until.js';

const reader: Principal = { role: 'operator', actor: 'cli:test' };

describe.each(DIALECTS)('the checkpointer on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await testContext(dialect);
  });
  afterEach(async () => t.close());

  it.runIf(dialect === 'sqlite')(
    'checkpoints the WAL from its own thread and hands back on stop',
    async () => {
      const sqlite = t.ctx.store.raw.sqlite!;
      const autocheckpoint = () => sqlite.pragma('wal_autocheckpoint', { simple: true });
      expect(autocheckpoint()).toBe(1000);
      const checkpoints = startCheckpointer(t.ctx.store, { intervalMs: 30 });
      expect(autocheckpoint()).toBe(0);
      const access = new AccessRecorder(t.ctx);
      // More than SQLite's 1,000 pages between checkpoints, one commit at a time.
      for (let i = 0; i < 1500; i++) await access.record(reader, { subjectId: i, purpose: 'p'.repeat(3000) });
      const report = await until(async () => {
        const r = checkpoints.last;
        return r && r.log > 1000 && r.checkpointed === r.log ? r : undefined;
      });
      expect(report.checkpointed).toBe(report.log);
      // Everything copied: the next commit writes the WAL from its start, so it does not grow past what it holds.
      const walBytes = statSync(`${t.ctx.store.location}-wal`).size;
      for (let i = 0; i < 50; i++) await access.record(reader, { subjectId: i, purpose: 'after' });
      expect(statSync(`${t.ctx.store.location}-wal`).size).toBe(walBytes);
      await checkpoints.stop();
      expect(autocheckpoint()).toBe(1000);
    },
  );

  it.runIf(dialect === 'sqlite' && process.platform === 'linux')(
    'runs at a lower priority than the thread that serves requests',
    async () => {
      // Linux keeps a nice value per thread: field 19 of /proc/self/task/<tid>/stat (after the command's parens).
      const niceOfThreads = () =>
        readdirSync('/proc/self/task').map((tid) =>
          Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]),
        );
      const before = niceOfThreads().filter((n) => n === BACKGROUND_NICE).length;
      const checkpoints = startCheckpointer(t.ctx.store, { intervalMs: 10 });
      try {
        await until(async () =>
          niceOfThreads().filter((n) => n === BACKGROUND_NICE).length > before ? true : undefined,
        );
        expect(getPriority()).toBe(0);
      } finally {
        await checkpoints.stop();
      }
    },
  );

  it.runIf(dialect === 'sqlite')(
    'does not hold writers up behind a reader still on the old WAL',
    async () => {
      const access = new AccessRecorder(t.ctx);
      for (let i = 0; i < 20; i++) await access.record(reader, { subjectId: i, purpose: 'before' });
      // Another connection in a read transaction keeps its snapshot of the WAL as it stands.
      const other = openSqliteConnection(t.ctx.store.location);
      other.prepare('begin').run();
      other.prepare('select count(*) from audit_entries').get();
      try {
        for (let i = 0; i < 20; i++) await access.record(reader, { subjectId: i, purpose: 'after' });
        const checkpoints = startCheckpointer(t.ctx.store, { intervalMs: 10 });
        // RESTART cannot finish while that reader stays: writers still get their turn within moments.
        let slowest = 0;
        for (let i = 0; i < 100; i++) {
          const started = performance.now();
          await access.record(reader, { subjectId: i, purpose: 'during' });
          slowest = Math.max(slowest, performance.now() - started);
        }
        expect(slowest).toBeLessThan(1000);
        await checkpoints.stop();
      } finally {
        other.prepare('commit').run();
        other.close();
      }
    },
  );

  it.runIf(dialect === 'postgres')('does nothing', async () => {
    const checkpoints = startCheckpointer(t.ctx.store);
    expect(checkpoints.last).toBeUndefined();
    await checkpoints.stop();
  });
});
