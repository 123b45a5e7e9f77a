import type { Command } from 'commander';
import { checkBench, GOALS } from '../../bench/check-bench.js';
import { demoBench } from '../../bench/demo-bench.js';
import { dueProcessBench } from '../../bench/due-process-bench.js';
import { importBench } from '../../bench/import-bench.js';
import { readBench } from '../../bench/read-bench.js';
import { scoreBench } from '../../bench/score-bench.js';
import type { Dialect } from '../../store/database.js';
import { CliError, out, outJson } from '../runtime.js';

const PG_ADMIN =
  process.env.XINYONG_BENCH_PG ??
  process.env.XINYONG_TEST_PG ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export function benchCommand(program: Command): void {
  program
    .command('bench [what...]')
    .description(
      'measure the figures the issues name: import (vs raw inserts / COPY), demo (1M subjects), read (vs hello world), check (10M subjects, 1M listings; `bench check --json` prints its figures alone), due-process (notices delivered per second, credit reports per second), score (full recomputation of 1M subjects × 10 records; new record → score latency)',
    )
    .option('--rows <n>', 'rows for the import bench', (v) => Number(v), 200_000)
    .option(
      '--subjects <n>',
      'subjects for the demo bench (1,000,000), the check bench (10,000,000) and the score bench (1,000,000)',
      (v) => Number(v),
    )
    .option(
      '--listings <n>',
      'active listings in the check bench’s decision index',
      (v) => Number(v),
      1_000_000,
    )
    .option(
      '--store-listings <n>',
      'listings in the store behind the SQL and HTTP figures of the check bench (at most --listings)',
      (v) => Number(v),
      100_000,
    )
    .option('--read-subjects <n>', 'demo size behind the read bench', (v) => Number(v), 20_000)
    .option('--notices <n>', 'notices the due-process bench delivers', (v) => Number(v), 20_000)
    .option('--seconds <n>', 'duration of each HTTP measurement', (v) => Number(v), 10)
    .option('--dialects <list>', 'sqlite,postgres', 'sqlite,postgres')
    .option(
      '--repeat <n>',
      'runs of each import and in-process check measurement; the best counts',
      (v) => Number(v),
      3,
    )
    .option('--json', 'print one JSON document')
    .action(
      async (
        what: string[],
        opts: {
          rows: number;
          subjects?: number;
          listings: number;
          storeListings: number;
          readSubjects: number;
          notices: number;
          seconds: number;
          dialects: string;
          repeat: number;
          json?: boolean;
        },
      ) => {
        const all = ['import', 'demo', 'read', 'check', 'due-process', 'score'];
        const parts = what.length ? what : all;
        for (const p of parts)
          if (!all.includes(p)) throw new CliError(`unknown bench ${p}: ${all.join(', ')}`);
        const dialects = opts.dialects.split(',') as Dialect[];
        const results: Record<string, unknown> = {};
        if (parts.includes('import')) {
          results.import = await importBench({
            rows: opts.rows,
            dialects,
            pgAdmin: PG_ADMIN,
            repeat: opts.repeat,
          });
        }
        if (parts.includes('demo')) results.demo = await demoBench(opts.subjects ?? 1_000_000);
        if (parts.includes('read'))
          results.read = await readBench({ subjects: opts.readSubjects, seconds: opts.seconds });
        if (parts.includes('check'))
          results.check = await checkBench({
            subjects: opts.subjects ?? 10_000_000,
            listings: opts.listings,
            storeListings: opts.storeListings,
            seconds: opts.seconds,
            repeat: opts.repeat,
            pgAdmin: dialects.includes('postgres') ? PG_ADMIN : undefined,
          });
        if (parts.includes('due-process'))
          results.dueProcess = await dueProcessBench({
            notices: opts.notices,
            seconds: Math.min(opts.seconds, 5),
          });
        if (parts.includes('score'))
          results.score = await scoreBench({ subjects: opts.subjects ?? 1_000_000 });
        if (opts.json) {
          // `bench check --json` is the check's figures alone, as the issue names them.
          outJson(parts.length === 1 && parts[0] === 'check' ? results.check : results);
          return;
        }
        for (const f of (results.import as Awaited<ReturnType<typeof importBench>>) ?? []) {
          out(
            `import ${f.dialect}: ${f.importRowsPerSec} rows/s through xinyong import, raw ${f.rawRowsPerSec} rows/s → ${f.ratio} of raw (goal ≥ ${f.goal}; best of each; run by run ${f.runs.map((r) => r.ratio).join(', ')})`,
          );
        }
        const d = results.demo as Awaited<ReturnType<typeof demoBench>> | undefined;
        if (d)
          out(
            `demo ${d.subjects} subjects (${d.records} records, ${d.relations} relations): ${d.seconds}s, peak ${d.peakRssMb} MiB (goal < 120s, < 1024 MiB)`,
          );
        const r = results.read as Awaited<ReturnType<typeof readBench>> | undefined;
        if (r)
          out(
            `file reads: ${r.fileReadsPerSec} req/s (p99 ${r.fileReadP99Ms} ms) vs hello world ${r.helloWorldReqPerSec} req/s → ${r.ratio} (goal ≥ ${r.goal})`,
          );
        const c = results.check as Awaited<ReturnType<typeof checkBench>> | undefined;
        if (c) {
          const n = (x: number) => x.toLocaleString('en-US');
          out(
            `check in process: ${n(c.inProcessChecksPerSec)} checks/s (index and evaluator alone ${n(c.evaluateChecksPerSec)}/s, identifier parsing alone ${n(c.parseIdentifiersPerSec)}/s; ${n(c.subjects)} subjects, ${n(c.listings)} listings, ${n(c.queries)} identifiers, 10% listed; goal ≥ ${n(GOALS.inProcessChecksPerSec)})`,
          );
          out(
            `check index memory: ${c.indexBytesPerListing} bytes/listing (goal ≤ ${GOALS.indexBytesPerListing}); loaded from the store: ${c.storeIndexBytesPerListing} bytes/listing over ${n(c.storeListingRows)} listings`,
          );
          out(
            `check SQL baseline: ${n(c.sqlChecksPerSec)} checks/s on SQLite with ${n(c.storeListings)} listings (${n(c.storeListingRows)} with derived, loaded in ${c.storeLoadSeconds}s) → in process ${c.inProcessVsSql}× (goal ≥ ${GOALS.inProcessVsSql}×)`,
          );
          out(
            `check HTTP: ${n(c.httpChecksPerSec)} checks/s (p99 ${c.httpP99Ms} ms) vs hello world ${n(c.helloWorldReqPerSec)} req/s → ${c.httpVsHelloWorld} (goal ≥ ${GOALS.httpVsHelloWorld}; same store of ${n(c.storeListings)} listings)`,
          );
          out(
            `check batch of 1,000: p50 ${c.batch1000P50Ms} ms, p99 ${c.batch1000P99Ms} ms over ${c.batch1000Requests} requests (goal p99 ≤ ${GOALS.batch1000P99Ms} ms)`,
          );
          out(
            c.propagationMs === undefined
              ? 'check propagation: not measured (no postgres in --dialects)'
              : `check propagation between two processes on PostgreSQL: median ${c.propagationMs} ms, best ${c.propagationBestMs} ms, worst ${c.propagationWorstMs} ms over ${c.propagationTrials} listings (goal ≤ ${GOALS.propagationMs} ms)`,
          );
        }
        const dp = results.dueProcess as Awaited<ReturnType<typeof dueProcessBench>> | undefined;
        if (dp) {
          out(
            `notices: ${dp.noticesPerSec.toLocaleString('en-US')} delivered/s through the outbox to a local webhook receiver (${dp.notices.toLocaleString('en-US')} notices, signed POSTs, SQLite)`,
          );
          out(
            `credit reports: ${dp.reportsIssuedAndRenderedPerSec}/s issued (read logged, numbered, audited) and rendered to PDF; ${dp.pdfRendersPerSec}/s PDF rendering alone (${Math.round(dp.pdfBytes / 1024)} KiB each)`,
          );
        }
        const sc = results.score as Awaited<ReturnType<typeof scoreBench>> | undefined;
        if (sc) {
          const n = (x: number) => x.toLocaleString('en-US');
          out(
            `scores: full recomputation of ${n(sc.subjects)} subjects × 10 records in ${sc.scheme} (${sc.rules} rules) in ${sc.seconds}s on one core: ${n(sc.recordsPerSec)} records/s, ${n(sc.testsPerSec)} rule × record tests/s (each record against the rules that read its type; ${n(sc.nominalRulesTimesRecordsPerSec)}/s counting every rule × record) (goal ≥ ${n(sc.goal.rulesTimesRecordsPerSec)})`,
          );
          out(
            `score latency, new record → score written back: p50 ${sc.latency.p50Ms} ms, p99 ${sc.latency.p99Ms} ms, max ${sc.latency.maxMs} ms over ${sc.latency.samples} records (goal ≤ ${sc.goal.latencyMs} ms)`,
          );
        }
      },
    );
}
