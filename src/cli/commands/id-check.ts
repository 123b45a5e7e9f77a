import type { Command } from 'commander';
import { parseIdentifier } from '../../domain/identifiers/identifier.js';
import { shanghaiDate } from '../../domain/time.js';
import { EXIT, err, out, outJson } from '../runtime.js';

export function idCommand(program: Command): void {
  const id = program
    .command('id')
    .description('identifiers: Unified Social Credit Codes and resident identity numbers');
  id.command('check <value>')
    .description(
      'validate a USCC (GB 32100-2015) or resident identity number (GB 11643-1999) and show what it encodes',
    )
    .option('--json', 'print one JSON document')
    .action((value: string, opts: { json?: boolean }) => {
      const result = parseIdentifier(value, shanghaiDate(new Date().toISOString()));
      if (!result.ok) {
        if (opts.json) outJson({ valid: false, input: value, reason: result.reason });
        else out(`invalid: ${result.reason}`);
        err(`error: ${value.trim()} is not a valid identifier: ${result.reason}`);
        process.exitCode = EXIT.error;
        return;
      }
      const info = result.info;
      if (opts.json) {
        outJson({ valid: true, ...info });
        return;
      }
      const lines = [
        `valid ${info.scheme === 'uscc' ? 'Unified Social Credit Code' : info.scheme === 'resident-id' ? 'resident identity number' : 'passport identifier'}`,
      ];
      lines.push(`kind: ${info.kind}`, `value: ${info.value}`);
      if (info.scheme === 'uscc') {
        lines.push(
          `registration authority: ${info.authority.code} ${info.authority.zh} (${info.authority.en})`,
          `entity category: ${info.category.code} ${info.category.zh} (${info.category.en})`,
          `region: ${info.region.code} ${info.region.name}${info.region.current ? '' : ' (former or unlisted code, still valid)'}`,
          `organization code: ${info.organizationCode}`,
        );
      } else if (info.scheme === 'resident-id') {
        lines.push(
          `region: ${info.region.code} ${info.region.name}${info.region.current ? '' : ' (former or unlisted code, still valid)'}`,
          `birth date: ${info.birthDate}`,
          `sex: ${info.sex}`,
        );
      } else {
        lines.push(`country: ${info.country}`, `number: ${info.number}`);
      }
      out(lines.join('\n'));
    });
}
