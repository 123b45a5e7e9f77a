import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { readDataFile } from '../../catalog/load.js';
import { simulate } from '../../services/simulate.js';
import { CliError, cliOperator, dbOption, out, outJson, withContext } from '../runtime.js';

export function simulateCommand(program: Command): void {
  program
    .command('simulate <proposal>')
    .description(
      'apply a proposed scheme, list or memorandum (a catalog file, YAML or JSON) to the current data without changing it: subjects affected, grades before and after, measures triggered, cascade depth, fairness',
    )
    .option(...dbOption)
    .option('--json', 'print the report as one JSON document')
    .action(async (file: string, opts: { db?: string; json?: boolean }) => {
      if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
      let proposal: unknown;
      try {
        proposal = readDataFile(file);
      } catch (e) {
        throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
      }
      await withContext(opts.db, async (ctx) => {
        const report = await simulate(ctx, cliOperator(), proposal);
        if (opts.json) {
          outJson(report);
          return;
        }
        out(`simulation as of ${report.asOf}; nothing was changed`);
        for (const s of report.schemes) {
          out(
            `scheme ${s.scheme}${s.replaces ? ' (replacing the shipped one)' : ' (new)'}: ${s.subjects} subjects scored, ${s.affected} affected`,
          );
          out(`  grades before: ${s.grades.before ? JSON.stringify(s.grades.before) : 'none'}`);
          out(`  grades after:  ${JSON.stringify(s.grades.after)}`);
          out(`  mean score ${s.meanScore.before ?? '—'} → ${s.meanScore.after}`);
          for (const b of s.benefits)
            out(`  benefit ${b.measure} (${b.grades.join('/')}): ${b.before} → ${b.after} subjects`);
          const f = s.fairness;
          out(
            `  fairness: ${f.noOpenWay} subjects (${(f.noOpenWayShare * 100).toFixed(1)}%) have no way anyone may take to earn points; adding rules ${f.rules.open} open / ${f.rules.circumstantial} circumstantial (${(f.openPointsShare * 100).toFixed(1)}% of the points open); ${f.earnedAny} earned any; ${f.pinned} pinned`,
          );
        }
        const x = report.sanctions;
        if (x) {
          out(
            `sanctions over ${x.listings} listings in effect: subjects reached ${x.subjects.before} → ${x.subjects.after} (officers ${x.officers.before} → ${x.officers.after})`,
          );
          for (const m of x.measures.filter((m) => m.before !== m.after))
            out(`  ${m.measure} (${m.effect}): ${m.before} → ${m.after}`);
          for (const c of x.cascade)
            out(
              `  cascade from ${c.list}: depth ${c.depth}; derived ${c.derived.map((d) => d.list).join(', ') || 'none'}; roles ${c.roles.join(', ') || 'none'}; ${c.memoranda.length} memoranda, ${c.measures.length} measures, ${c.actions.length} actions`,
            );
          out(`  deepest cascade: ${x.maxDepth}`);
        }
      });
    });
}
