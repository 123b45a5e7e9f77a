// `xinyong demo --subjects N` on SQLite: wall time and the peak resident memory of the command.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, round, runCli } from './measure.js';

export interface DemoFigures {
  subjects: number;
  records: number;
  relations: number;
  seconds: number;
  peakRssMb: number;
  goal: { seconds: number; peakRssMb: number };
}

export async function demoBench(subjects: number): Promise<DemoFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-bench-demo-'));
  try {
    log(`demo bench: xinyong demo --subjects ${subjects} …`);
    const run = await runCli(['demo', '--subjects', String(subjects), '--db', join(dir, 'demo.db')]);
    if (run.code !== 0) throw new Error(`xinyong demo exited ${run.code}: ${run.stderr}`);
    const result = JSON.parse(run.stdout) as { records: number; relations: number };
    return {
      subjects,
      records: result.records,
      relations: result.relations,
      seconds: round(run.seconds, 1),
      peakRssMb: run.peakRssMb,
      goal: { seconds: 120, peakRssMb: 1024 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
