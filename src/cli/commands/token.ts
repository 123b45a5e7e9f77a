import type { Command } from 'commander';
import { createToken, revokeToken } from '../../services/tokens.js';
import { cliOperator, dbOption, err, out, withContext } from '../runtime.js';

export function tokenCommands(program: Command): void {
  const token = program.command('token').description('bearer tokens (stored hashed)');
  token
    .command('create')
    .description('issue a token; prints the token alone on stdout, valid at once on running servers')
    .requiredOption('--role <role>', 'operator | agency | enforcer | subject')
    .option('--agency <code>', 'the agency of an agency token')
    .option('--subject <id>', 'the subject (identifier or internal id) of a subject token')
    .option('--expires <days>', 'days until it expires', (v) => Number(v))
    .option('--label <text>', 'a note on what it is for')
    .option(...dbOption)
    .action(
      async (opts: {
        role: string;
        agency?: string;
        subject?: string;
        expires?: number;
        label?: string;
        db?: string;
      }) => {
        await withContext(opts.db, async (ctx) => {
          const t = await createToken(ctx, cliOperator(), {
            role: opts.role,
            agency: opts.agency,
            subject: opts.subject,
            label: opts.label,
            expiresDays: opts.expires,
          });
          err(
            `token ${t.id} (${t.role}${t.agency ? ` ${t.agency}` : ''}${t.subjectId !== null ? ` subject ${t.subjectId}` : ''})${t.expiresAt ? `, expires ${t.expiresAt}` : ''}`,
          );
          out(t.token);
        });
      },
    );
  token
    .command('revoke <token-id>')
    .description('revoke a token by its id (the part after xy_)')
    .option(...dbOption)
    .action(async (id: string, opts: { db?: string }) => {
      await withContext(opts.db, async (ctx) => {
        await revokeToken(ctx, cliOperator(), id.replace(/^xy_/, '').split('_')[0]!);
        err(`revoked ${id}`);
      });
    });
}
