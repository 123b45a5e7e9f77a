import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { validateCatalogFile } from '../../catalog/load.js';
import { CliError, EXIT, out, outJson } from '../runtime.js';

export function catalogCommand(program: Command): void {
  const catalog = program.command('catalog').description('the credit information catalog');
  catalog
    .command('validate <file>')
    .description(
      'check a record-type file (YAML or JSON; one type or a list) and print every reason it is refused',
    )
    .option('--json', 'print one JSON document')
    .action((file: string, opts: { json?: boolean }) => {
      if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
      let result: ReturnType<typeof validateCatalogFile>;
      try {
        result = validateCatalogFile(file);
      } catch (e) {
        throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
      }
      const ok = result.problems.length === 0;
      if (opts.json)
        outJson({ ok, recordTypes: result.recordTypes.map((t) => t.code), problems: result.problems });
      else if (ok)
        out(
          `ok: ${result.recordTypes.length} record type(s): ${result.recordTypes.map((t) => t.code).join(', ')}`,
        );
      else {
        out(`refused: ${result.problems.length} problem(s)`);
        for (const p of result.problems)
          out(`  ${p.where}${p.pointer === '/' ? '' : p.pointer}: ${p.reason}`);
      }
      if (!ok) process.exitCode = EXIT.error;
    });
}
