import type { Command } from 'commander';
import { demoBench } from '../../bench/demo-bench.js';
import { importBench } from '../../bench/import-bench.js';
import { readBench } from '../../bench/read-bench.js';
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
      'measure the figures the issues name: import (vs raw inserts / COPY), demo (1M subjects), read (vs hello world)',
    )
    .option('--rows <n>', 'rows for the import bench', (v) => Number(v), 200_000)
    .option('--subjects <n>', 'subjects for the demo bench', (v) => Number(v), 1_000_000)
    .option('--read-subjects <n>', 'demo size behind the read bench', (v) => Number(v), 20_000)
    .option('--seconds <n>', 'duration of each HTTP measurement', (v) => Number(v), 10)
    .option('--dialects <list>', 'sqlite,postgres', 'sqlite,postgres')
    .option('--repeat <n>', 'runs of each import measurement; the best counts', (v) => Number(v), 3)
    .option('--json', 'print one JSON document')
    .action(
      async (
        what: string[],
        opts: {
          rows: number;
          subjects: number;
          readSubjects: number;
          seconds: number;
          dialects: string;
          repeat: number;
          json?: boolean;
        },
      ) => {
        const parts = what.length ? what : ['import', 'demo', 'read'];
        for (const p of parts)
          if (!['import', 'demo', 'read'].includes(p))
            throw new CliError(`unknown bench ${p}: import, demo or read`);
        const results: Record<string, unknown> = {};
        if (parts.includes('import')) {
          results.import = await importBench({
            rows: opts.rows,
            dialects: opts.dialects.split(',') as Dialect[],
            pgAdmin: PG_ADMIN,
            repeat: opts.repeat,
          });
        }
        if (parts.includes('demo')) results.demo = await demoBench(opts.subjects);
        if (parts.includes('read'))
          results.read = await readBench({ subjects: opts.readSubjects, seconds: opts.seconds });
        if (opts.json) {
          outJson(results);
          return;
        }
        for (const f of (results.import as Awaited<ReturnType<typeof importBench>>) ?? []) {
          out(
            `import ${f.dialect}: ${f.importRowsPerSec} rows/s through xinyong import, raw ${f.rawRowsPerSec} rows/s → ${f.ratio} of raw (goal ≥ ${f.goal})`,
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
      },
    );
}
