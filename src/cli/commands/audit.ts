import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type SignedTreeHead, signedHead } from '../../services/audit.js';
import { loadOrCreateSigningKey } from '../../services/audit-keys.js';
import { verifyLog } from '../../services/verify-log.js';
import { CliError, dbOption, EXIT, err, out, outJson, withContext } from '../runtime.js';

export function auditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit log');
  audit
    .command('head')
    .description('print the current signed tree head (Ed25519)')
    .option(...dbOption)
    .option(
      '--out <file>',
      'also write it to a file (keep it: `verify --against` proves the log only grew since)',
    )
    .action(async (opts: { db?: string; out?: string }) => {
      await withContext(opts.db, async (ctx) => {
        const head = await signedHead(ctx, await loadOrCreateSigningKey(ctx.store));
        if (opts.out) writeFileSync(opts.out, `${JSON.stringify(head, null, 2)}\n`);
        outJson(head);
      });
    });

  program
    .command('verify')
    .description(
      'recompute the whole audit log: entries, covered records and relations, items, tree nodes, root',
    )
    .option(...dbOption)
    .option(
      '--against <head.json>',
      'also prove the log is a consistent extension of this earlier signed head',
    )
    .option('--json', 'print one JSON document')
    .action(async (opts: { db?: string; against?: string; json?: boolean }) => {
      let against: SignedTreeHead | undefined;
      if (opts.against) {
        try {
          against = JSON.parse(readFileSync(opts.against, 'utf8')) as SignedTreeHead;
        } catch (e) {
          throw new CliError(`cannot read the head ${opts.against}: ${(e as Error).message}`);
        }
        if (
          !Number.isInteger(against.treeSize) ||
          typeof against.rootHash !== 'string' ||
          typeof against.signature !== 'string'
        ) {
          throw new CliError(
            `${opts.against} is not a signed tree head (treeSize, rootHash, timestamp, signature)`,
          );
        }
      }
      await withContext(opts.db, async (ctx) => {
        const key = await loadOrCreateSigningKey(ctx.store);
        const report = await verifyLog(ctx, {
          against,
          publicKeyPem: key.publicKeyPem,
          onProgress: process.stderr.isTTY
            ? (done, total) => process.stderr.write(`\rverified ${done}/${total} entries`)
            : undefined,
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (opts.json) outJson(report);
        else if (report.ok) {
          out(`ok: ${report.treeSize} entries verified, root ${report.rootHash}`);
          out(
            `checked ${report.checked.records} records, ${report.checked.relations} relations, ${report.checked.items} items, ${report.checked.nodes} tree nodes`,
          );
          if (report.against)
            out(`consistent with the head of size ${report.against.treeSize} (${report.against.rootHash})`);
        } else {
          if (report.firstFailure)
            out(`FAILED at entry ${report.firstFailure.seq}: ${report.firstFailure.reason}`);
          if (report.against && !report.against.consistent)
            out(`NOT consistent with the earlier head: ${report.against.reason}`);
        }
        if (!report.ok) {
          err('error: the audit log does not verify');
          process.exitCode = EXIT.error;
        }
      });
    });
}
