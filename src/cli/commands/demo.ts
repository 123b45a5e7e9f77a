import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { type Context, systemClock } from '../../services/context.js';
import { listDemoExamples } from '../../services/demo/due-process-examples.js';
import { demoPendingFilings } from '../../services/demo/pending-filings.js';
import { DEMO_ACTOR, demoExamples, runDemo } from '../../services/demo/run-demo.js';
import { openContext } from '../../services/open-context.js';
import { createToken, type IssuedToken } from '../../services/tokens.js';
import { CliError, dbOption, dbUrl, err, exitIfOrphaned, outJson } from '../runtime.js';

export const DEFAULT_SEED = 20260101;

async function load(ctx: Context, subjects: number, seed: number) {
  const started = Date.now();
  const bar = process.stderr.isTTY
    ? new SingleBar({
        format:
          'demo data [{bar}] {value}/{total} subjects | {records} records | {relations} relations | {listings} listings | {eta_formatted} left',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  bar?.start(subjects, 0, { records: 0, relations: 0, listings: 0 });
  let lastLog = 0;
  const counts = await runDemo(ctx, {
    subjects,
    seed,
    onProgress: (done, total, c) => {
      exitIfOrphaned();
      bar?.update(done, c);
      if (!bar && (Date.now() - lastLog > 5000 || done === total)) {
        lastLog = Date.now();
        err(
          `demo data: ${done}/${total} subjects, ${c.records} records, ${c.relations} relations, ${c.listings} listings`,
        );
      }
    },
  });
  bar?.stop();
  const ex = demoExamples(seed);
  // Pending objections and repairs for the agency queues, and refused checks for the statistics (a fixed few).
  const filings = await demoPendingFilings(ctx, [ex.enterprise.identifier, ex.person.identifier]);
  return { ...counts, filings, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('load deterministic demo data (same seed, same data; running it again stores nothing twice)')
    .option(...dbOption)
    .option('--subjects <n>', 'number of subjects', (v) => Number(v), 2000)
    .option('--seed <s>', 'seed', (v) => Number(v), DEFAULT_SEED)
    .action(async (opts: { db?: string; subjects: number; seed: number }) => {
      if (!Number.isInteger(opts.subjects) || opts.subjects < 1)
        throw new CliError('--subjects must be a positive whole number');
      if (!Number.isInteger(opts.seed)) throw new CliError('--seed must be a whole number');
      const ctx = await openContext(dbUrl(opts.db), systemClock, { bulk: true });
      try {
        const result = await load(ctx, opts.subjects, opts.seed);
        outJson({ ...result, seed: opts.seed, examples: demoExamples(opts.seed) });
      } finally {
        await ctx.store.close();
      }
    });
}

export interface DemoToken extends IssuedToken {
  label: string;
}

/** For `serve --demo`: loads the demo data into an empty store and issues one token per role. */
export async function ensureDemo(db: string, subjects: number): Promise<DemoToken[]> {
  const ctx = await openContext(dbUrl(db));
  try {
    const any = await ctx.store.db.selectFrom('subjects').select('id').limit(1).executeTakeFirst();
    if (!any) {
      err(`loading demo data (${subjects} subjects) into ${ctx.store.location} …`);
      const r = await load(ctx, subjects, DEFAULT_SEED);
      err(
        `demo data: ${r.subjects} subjects, ${r.records} records, ${r.relations} relations, ${r.listings} listings, ${r.filings.objections} pending objections, ${r.filings.repairs} repair applications, ${r.filings.checks} checks in ${r.seconds}s`,
      );
      await listDemoExamples(ctx, DEFAULT_SEED);
      err('demo: the example person and company are listed today, with notices in their inboxes');
    }
    const ex = demoExamples(DEFAULT_SEED);
    const by = { role: 'operator' as const, actor: DEMO_ACTOR };
    const specs = [
      { label: 'operator', role: 'operator' },
      { label: 'agency samr (market reg.)', role: 'agency', agency: 'samr' },
      { label: 'agency spc (Supreme Court)', role: 'agency', agency: 'spc' },
      { label: 'agency sta (taxation)', role: 'agency', agency: 'sta' },
      { label: 'enforcer', role: 'enforcer' },
      { label: `subject ${ex.enterprise.name}`, role: 'subject', subject: ex.enterprise.identifier },
      { label: `subject ${ex.person.name}`, role: 'subject', subject: ex.person.identifier },
    ];
    const tokens: DemoToken[] = [];
    for (const s of specs)
      tokens.push({
        ...(await createToken(ctx, by, { ...s, label: `demo: ${s.label}`, expiresDays: 30 })),
        label: s.label,
      });
    return tokens;
  } finally {
    await ctx.store.close();
  }
}
