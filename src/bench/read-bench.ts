// Credit-file reads over HTTP (GET /api/v1/subjects/{id}, audited) beside a Fastify hello world, measured with
// autocannon from this process against each server running in its own process, in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { besideHelloWorld, CLI, cannon, HELLO, log, round, runCli, waitForLine } from './measure.js';

export interface ReadFigures {
  subjects: number;
  fileReadsPerSec: number;
  helloWorldReqPerSec: number;
  ratio: number;
  fileReadP99Ms: number;
  goal: number;
}

export async function readBench(options: { subjects: number; seconds: number }): Promise<ReadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-bench-read-'));
  const children: ChildProcess[] = [];
  try {
    const db = join(dir, 'read.db');
    log(`read bench: demo data (${options.subjects} subjects) …`);
    const demo = await runCli(['demo', '--subjects', String(options.subjects), '--db', db]);
    if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
    const token = (await runCli(['token', 'create', '--role', 'operator', '--db', db])).stdout.trim();
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const sqlite = new BetterSqlite3(db, { readonly: true });
    const ids = (
      sqlite.prepare("select id from subjects where kind != 'person' order by id limit 5000").all() as {
        id: number;
      }[]
    ).map((r) => r.id);
    sqlite.close();

    const server = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      // The score keeper's first full recomputation would run under the measured load.
      env: { ...process.env, XINYONG_LOG_LEVEL: 'warn', XINYONG_SCORE_KEEPER: 'off' },
    });
    children.push(server);
    const serverUrl = await waitForLine(server, /listening on (http:\/\/\S+)/);
    // Evaluated from the project root, so `fastify` resolves to the same copy xinyong runs on.
    const hello = spawn(process.execPath, ['--input-type=module', '-e', HELLO], {
      cwd: PACKAGE_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(hello);
    const helloUrl = await waitForLine(hello, /listening (http:\/\/\S+)/);

    // Every file read once first: the measured rounds compare steady reads, not the read model filling.
    log('read bench: warm-up (each file once) …');
    await cannon(
      serverUrl,
      ids.map((id) => `/api/v1/subjects/${id}`),
      token,
      60,
      ids.length,
    );
    await cannon(helloUrl, ['/'], undefined, 2);
    log(`read bench: ${options.seconds}s of file reads and of hello world, in alternating rounds …`);
    const {
      target: files,
      hello: world,
      ratio,
    } = await besideHelloWorld(
      { url: serverUrl, paths: ids.map((id) => `/api/v1/subjects/${id}`), token },
      helloUrl,
      options.seconds,
    );
    return {
      subjects: options.subjects,
      fileReadsPerSec: round(files.requestsPerSec),
      helloWorldReqPerSec: round(world.requestsPerSec),
      ratio: round(ratio, 2),
      fileReadP99Ms: files.p99Ms,
      goal: 0.5,
    };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
