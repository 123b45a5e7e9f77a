#!/usr/bin/env node
// Runs the compiled CLI, bundled (built by `npm ci` through the prepare script); falls back to the TypeScript sources
// through tsx in a development checkout that has not been built (or with XINYONG_FROM_SOURCE=1, as the tests do).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

// Bulk commands run with a bounded heap: V8 otherwise lets garbage from millions of short-lived rows pile up to
// gigabytes, and a small heap is also faster here. They run in a child node with those flags; the child exits
// if this process dies, so killing the command stops the work.
const BULK = new Set(['demo', 'import']);
const heapMb = process.env.XINYONG_MAX_HEAP_MB ?? '384';
// An import into PostgreSQL is paced by its writer taking turns with the database; V8's garbage collection helper
// threads (four, on two cores) otherwise keep the writer waiting for a core. Each isolate then collects on its own
// thread, and the check worker's collections run at its lower priority (services/workers.ts): about 7% off the
// import's time. Not on SQLite, where the writer is the busy thread and the helpers' work would move onto it.
const dbArg = process.argv.findIndex((a) => a === '--db' || a.startsWith('--db='));
const db =
  dbArg < 0
    ? process.env.XINYONG_DB
    : process.argv[dbArg].startsWith('--db=')
      ? process.argv[dbArg].slice(5)
      : process.argv[dbArg + 1];
// The same test as isPostgresUrl in src/store/database.ts, written out: importing it here would load the store's
// modules in this launcher too.
const ownGc =
  process.argv[2] === 'import' && /^postgres(ql)?:\/\//i.test(db ?? '') ? ['--single-threaded-gc'] : [];
// Under a cap this small V8 lets the old generation grow only ~1.3× between full collections, and an import's
// batches in flight are promoted and die there: a full collection every few batches on both threads. Growing it
// 3× (still within the cap) takes PostgreSQL imports from ~30 full collections to ~10 and ~2 s off node's CPU.
const growth = process.argv[2] === 'import' ? ['--heap-growing-percent=200'] : [];

if (BULK.has(process.argv[2]) && !process.env.XINYONG_CHILD) {
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${heapMb}`,
      '--max-semi-space-size=64',
      ...ownGc,
      ...growth,
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, XINYONG_CHILD: '1' } },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
} else {
  const orphaned = () => process.exit(130);
  if (process.env.XINYONG_CHILD && process.connected) process.on('disconnect', orphaned);
  // The bundle loads fastest (scripts/bundle.mjs); dist/cli is what tsc alone leaves, and is run when it is newer
  // than the bundle (compiled again without bundling), so a stale bundle never runs.
  const bundled = new URL('../dist/bundle/cli/main.js', import.meta.url);
  const unbundled = new URL('../dist/cli/main.js', import.meta.url);
  const compiled = existsSync(bundled)
    ? existsSync(unbundled) && statSync(unbundled).mtimeMs > statSync(bundled).mtimeMs
      ? unbundled
      : bundled
    : existsSync(unbundled)
      ? unbundled
      : undefined;
  if (compiled && !process.env.XINYONG_FROM_SOURCE) {
    const { main } = await import(compiled.href);
    await main(process.argv);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
    await main(process.argv);
  }
  if (process.env.XINYONG_CHILD && process.connected) {
    process.off('disconnect', orphaned);
    process.disconnect();
  }
}
