// Credit-file reads over HTTP (GET /api/v1/subjects/{id}, audited) beside a Fastify hello world, measured with
// autocannon from this process against each server running in its own process, in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { CLI, log, round, runCli } from './measure.js';

export interface ReadFigures {
  subjects: number;
  fileReadsPerSec: number;
  helloWorldReqPerSec: number;
  ratio: number;
  fileReadP99Ms: number;
  goal: number;
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (d: Buffer) => {
      buffer += d.toString();
      const m = pattern.exec(buffer);
      if (m) {
        child.stdout!.off('data', onData);
        resolve(m[1] ?? m[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code} before it was ready`)));
  });
}

async function cannon(url: string, paths: string[], token: string | undefined, seconds: number) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: 32,
    pipelining: 1,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    requests: [
      {
        setupRequest: (req) => {
          req.path = paths[i++ % paths.length]!;
          return req;
        },
      },
    ],
  });
  if (result.non2xx > 0) throw new Error(`${result.non2xx} requests failed against ${url}`);
  return result;
}

const HELLO = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log('listening ' + address);`;

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
      env: { ...process.env, XINYONG_LOG_LEVEL: 'warn' },
    });
    children.push(server);
    const serverUrl = await waitForLine(server, /listening on (http:\/\/\S+)/);
    // Evaluated from the project root, so `fastify` resolves to the same copy xinyong runs on.
    const hello = spawn(process.execPath, ['--input-type=module', '-e', HELLO], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(hello);
    const helloUrl = await waitForLine(hello, /listening (http:\/\/\S+)/);

    log('read bench: warm-up …');
    await cannon(
      serverUrl,
      ids.map((id) => `/api/v1/subjects/${id}`),
      token,
      2,
    );
    await cannon(helloUrl, ['/'], undefined, 2);
    log(`read bench: ${options.seconds}s of file reads, then ${options.seconds}s of hello world …`);
    const files = await cannon(
      serverUrl,
      ids.map((id) => `/api/v1/subjects/${id}`),
      token,
      options.seconds,
    );
    const world = await cannon(helloUrl, ['/'], undefined, options.seconds);
    return {
      subjects: options.subjects,
      fileReadsPerSec: round(files.requests.average),
      helloWorldReqPerSec: round(world.requests.average),
      ratio: round(files.requests.average / world.requests.average, 2),
      fileReadP99Ms: files.latency.p99,
      goal: 0.5,
    };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
