import type { Command } from 'commander';
import { Checker } from '../../check/checker.js';
import { cliOperator, dbOption, out, outJson, withContext } from '../runtime.js';

export function checkCommand(program: Command): void {
  program
    .command('check <subject> <action>')
    .description(
      'may the subject do the action? prints the decision and its chain of reasons (logged as a decision)',
    )
    .option(...dbOption)
    .option('--json', 'print one JSON document')
    .action(async (subject: string, action: string, opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const checker = new Checker(ctx);
        await checker.start({ follow: false });
        try {
          const a = checker.check(cliOperator(), subject, action);
          if (opts.json) {
            outJson(a);
            return;
          }
          out(`${a.decision}: ${a.action} for ${a.subject}  (decision ${a.decisionId})`);
          for (const r of a.reasons) {
            const basis = r.basis.map((b) => `${b.title} ${b.article}`).join('; ');
            if ('scheme' in r) {
              out(`  reward by measure ${r.measure} ← grade ${r.grade} (${r.score}) in scheme ${r.scheme}`);
              out(`    basis: ${basis}`);
              continue;
            }
            out(
              `  ${r.effect} by measure ${r.measure} ← memorandum ${r.memorandum} ← listing ${r.listing} on ${r.list}, until ${r.until}`,
            );
            if (r.via) out(`    as ${r.via.role} of ${r.via.entity} (held at the time of the conduct)`);
            out(`    basis: ${basis}`);
          }
          if (a.reasons.length === 0)
            out('  no listing in effect and no grade benefit reaches this subject for this action');
        } finally {
          await checker.stop();
        }
      });
    });
}
