import type { Command } from 'commander';
import { runExpiry } from '../../services/expiry.js';
import { dbOption, out, outJson, withContext } from '../runtime.js';

export function expireCommand(program: Command): void {
  program
    .command('expire')
    .description(
      'record what has ended by the clock: listings past their end (as expired) and objections past their deadline (escalated to the operators); `serve` does this every minute',
    )
    .option(...dbOption)
    .option('--json', 'print one JSON document')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const r = await runExpiry(ctx);
        if (opts.json) outJson(r);
        else
          out(
            `${r.listingsExpired} listings expired, ${r.objectionsEscalated} overdue objections escalated (${r.at})`,
          );
      });
    });
}
