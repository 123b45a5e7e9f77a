import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { settings } from '../../config.js';
import { AccessRecorder } from '../../services/access-recorder.js';
import { loadOrCreateSigningKey } from '../../services/audit-keys.js';
import { issueReport } from '../../services/credit-reports.js';
import { reportPdf } from '../../services/report-pdf.js';
import { cliOperator, dbOption, out, outJson, withContext } from '../runtime.js';

export function reportCommand(program: Command): void {
  program
    .command('report <subject>')
    .description(
      'issue a credit report (as an operator; the read is logged): a PDF with --out, else its number and sections; --json prints the report',
    )
    .option(...dbOption)
    .option('--out <file>', 'write the printable PDF here')
    .option('--json', 'print the report as one JSON document')
    .action(async (subject: string, opts: { db?: string; out?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const access = new AccessRecorder(ctx);
        const signingKey = await loadOrCreateSigningKey(ctx.store);
        const publicUrl = settings.publicUrl ?? `http://${settings.host}:${settings.port}`;
        const report = await issueReport(ctx, { access, signingKey, publicUrl }, cliOperator(), subject);
        await access.idle();
        if (opts.out) await writeFile(opts.out, await reportPdf(report));
        if (opts.json) {
          outJson(report);
          return;
        }
        out(`credit report ${report.number} for ${report.subject.name ?? ''} ${report.subject.identifier}`);
        for (const [name, items] of Object.entries(report.sections))
          if (Array.isArray(items) && items.length > 0) out(`  ${name}: ${items.length}`);
        out(`  content SHA-256 ${report.contentHash}; verify at ${report.verifyUrl}`);
        if (opts.out) out(`  PDF written to ${opts.out}`);
      });
    });
}
