// What every command shares: where the database is, who the CLI acts as, and how results and errors leave
// (stdout carries only the result; messages and progress go to stderr; exit 0 success, 1 error, 2 partial).
import { userInfo } from 'node:os';
import { type Catalog, CatalogError } from '../catalog/catalog.js';
import { settings } from '../config.js';
import { ProblemError } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import { type Context, systemClock } from '../services/context.js';
import type { OpenOptions } from '../store/database.js';

export const EXIT = { ok: 0, error: 1, partial: 2 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
  }
}

export const dbOption = [
  '--db <url>',
  'SQLite file path or postgres:// URL (default $XINYONG_DB or ./data/xinyong.db)',
] as const;

export function dbUrl(opt: string | undefined): string {
  return opt ?? settings.db;
}

export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

export const cliOperator = (): Principal => ({ role: 'operator', actor: cliActor() });

export async function withContext<T>(
  db: string | undefined,
  fn: (ctx: Context) => Promise<T>,
  options: OpenOptions & { catalog?: Catalog } = {},
): Promise<T> {
  // Loaded here, not above: commands without a store (id check, catalog validate) skip the catalog's start-up.
  const { openContext } = await import('../services/open-context.js');
  const ctx = await openContext(dbUrl(db), systemClock, options);
  try {
    return await fn(ctx);
  } finally {
    await ctx.store.close();
  }
}

/**
 * Bulk commands run in a child of the `xinyong` process (bin/xinyong.js). If that parent is gone — killed with
 * SIGKILL, say — the work stops at the next batch instead of running on unseen.
 */
export function exitIfOrphaned(): void {
  if (startedByParent && !process.connected) process.exit(130);
}

const startedByParent = Boolean(process.env.XINYONG_CHILD) && process.connected;

// A reader that stops early (`xinyong … | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Turns any error into a message on stderr and an exit code. */
export function reportError(e: unknown): number {
  if (e instanceof CliError) {
    err(`error: ${e.message}`);
    return e.exitCode;
  }
  if (e instanceof ProblemError) {
    err(`error: ${e.detail ?? e.title}`);
    for (const f of e.errors) err(`  ${f.pointer}: ${f.reason}`);
    return EXIT.error;
  }
  if (e instanceof CatalogError) {
    err(`error: ${e.message}`);
    return EXIT.error;
  }
  err(`error: ${(e as Error)?.stack ?? String(e)}`);
  return EXIT.error;
}
