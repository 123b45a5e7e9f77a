// Measuring tools for `xinyong bench`: wall time, the peak memory of a process tree (from /proc), and running
// the real CLI as a user would.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { PACKAGE_ROOT, packagePath } from '../package-root.js';

export const CLI = packagePath('bin', 'xinyong.js');

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  const out = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const c of children ? children.split(/\s+/) : []) out.push(...descendants(Number(c)));
    }
  } catch {
    // The process ended between two reads.
  }
  return out;
}

export interface RunResult {
  code: number | null;
  seconds: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI, sampling the resident memory of its whole process tree every 100 ms. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child: ChildProcess = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => {
      stdout += d;
    });
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid === undefined) return;
      const total = descendants(child.pid).reduce((sum, p) => sum + rssKb(p), 0);
      peak = Math.max(peak, total);
    }, 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({
        code,
        seconds: (performance.now() - started) / 1000,
        peakRssMb: Math.round(peak / 1024),
        stdout,
        stderr,
      });
    });
  });
}

export function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Resolves with the first match (its first group) of `pattern` in the child's output. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
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

export interface CannonResult {
  requestsPerSec: number;
  p99Ms: number;
}

// autocannon in a process of its own: the bench's process may hold gigabytes (the check bench's populations),
// and the client's garbage collections would be counted against whichever server it happens to be loading.
const CANNON = `import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
const { url, paths, token, seconds, amount } = JSON.parse(readFileSync(0, 'utf8'));
let i = 0;
const r = await autocannon({
  url, connections: 32, pipelining: 1, duration: seconds, ...(amount ? { amount } : {}),
  headers: token ? { authorization: 'Bearer ' + token } : {},
  requests: [{ setupRequest: (req) => { req.path = paths[i++ % paths.length]; return req; } }],
});
process.stdout.write(JSON.stringify({ average: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors }));`;

/**
 * autocannon, 32 connections, over the paths in turn, for `seconds` (or `amount` requests); any answer not 2xx
 * or any error fails the run.
 */
export async function cannon(
  url: string,
  paths: string[],
  token: string | undefined,
  seconds: number,
  amount?: number,
): Promise<CannonResult> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CANNON], {
    cwd: PACKAGE_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  child.stdin.end(JSON.stringify({ url, paths, token, seconds, amount }));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`autocannon failed: ${Buffer.concat(err).toString()}`);
  const r = JSON.parse(Buffer.concat(out).toString()) as {
    average: number;
    p99: number;
    non2xx: number;
    errors: number;
  };
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${r.non2xx} answers not 2xx and ${r.errors} errors from ${url}`);
  return { requestsPerSec: r.average, p99Ms: r.p99 };
}

/**
 * A server beside hello world, in alternating rounds (the machine's speed drifts over a minute; one long run of
 * each would measure the drift as much as the servers). Rates are the mean over the rounds.
 */
export async function besideHelloWorld(
  target: { url: string; paths: string[]; token?: string },
  helloUrl: string,
  seconds: number,
  rounds = 3,
): Promise<{ target: CannonResult; hello: CannonResult; ratio: number }> {
  const each = Math.max(1, Math.round(seconds / rounds));
  const t: CannonResult[] = [];
  const h: CannonResult[] = [];
  for (let r = 0; r < rounds; r++) {
    t.push(await cannon(target.url, target.paths, target.token, each));
    h.push(await cannon(helloUrl, ['/'], undefined, each));
  }
  const mean = (xs: CannonResult[]) => ({
    requestsPerSec: xs.reduce((a, x) => a + x.requestsPerSec, 0) / xs.length,
    p99Ms: Math.max(...xs.map((x) => x.p99Ms)),
  });
  const target_ = mean(t);
  const hello = mean(h);
  return { target: target_, hello, ratio: target_.requestsPerSec / hello.requestsPerSec };
}

/** A Fastify hello world, the yardstick for HTTP figures: run with `node --input-type=module -e`. */
export const HELLO = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log('listening ' + address);`;

/** A fresh PostgreSQL database on the admin connection's server, and how to drop it. */
export async function freshPostgres(admin: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `xinyong_bench_${process.pid}_${Date.now()}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}
