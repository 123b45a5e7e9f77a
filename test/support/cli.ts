// Runs the real command line (`node bin/xinyong.js …`), compiled by the global setup, as a user would.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/xinyong.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.XINYONG_FROM_SOURCE;
  delete env.XINYONG_DB;
  return env;
}

/**
 * Starts the CLI; the caller owns the process. With `group`, it leads a process group of its own, so that
 * `process.kill(-child.pid, signal)` reaches it and every process it started (bulk commands run in a worker).
 */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  options: { group?: boolean } = {},
): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false,
  });
}

/** Runs the CLI to its end and collects its output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
