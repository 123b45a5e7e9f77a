import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import {
  CATALOG_ITEM_KINDS,
  type CatalogFileResult,
  type CatalogItemKind,
  validateCatalogFile,
} from '../../catalog/load.js';
import { CliError, EXIT, out, outJson } from '../runtime.js';

/** `--kind` accepts each kind in the singular or plural: list, lists, record-type, memorandum, … */
const KIND_NAMES: Record<string, CatalogItemKind> = {
  'record-type': 'record-types',
  'record-types': 'record-types',
  action: 'actions',
  actions: 'actions',
  measure: 'measures',
  measures: 'measures',
  list: 'lists',
  lists: 'lists',
  memorandum: 'memoranda',
  memoranda: 'memoranda',
  scheme: 'schemes',
  schemes: 'schemes',
};

/** How the summary and the JSON document name each kind. */
const LABELS: Record<CatalogItemKind, { text: string; json: string }> = {
  'record-types': { text: 'record type(s)', json: 'recordTypes' },
  actions: { text: 'action(s)', json: 'actions' },
  measures: { text: 'measure(s)', json: 'measures' },
  lists: { text: 'list(s)', json: 'lists' },
  memoranda: { text: 'memorandum(s)', json: 'memoranda' },
  schemes: { text: 'scheme(s)', json: 'schemes' },
};

const accepted = (result: CatalogFileResult, kind: CatalogItemKind): string[] =>
  (kind === 'record-types' ? result.recordTypes : result[kind]).map((item) => item.code);

export function catalogCommand(program: Command): void {
  const catalog = program.command('catalog').description('the credit information catalog');
  catalog
    .command('validate <file>')
    .description(
      'check a catalog file (YAML or JSON; one item or a list) of record types, actions, measures, lists, memoranda or scoring schemes against the shipped catalog, and print every reason it is refused',
    )
    .option(
      '--kind <kind>',
      'what the file holds (record-type, action, measure, list, memorandum, scheme); by default told by each item’s shape',
    )
    .option('--json', 'print one JSON document')
    .action((file: string, opts: { json?: boolean; kind?: string }) => {
      if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
      const kind = opts.kind === undefined ? undefined : KIND_NAMES[opts.kind];
      if (opts.kind !== undefined && !kind) {
        throw new CliError(`--kind must be one of: ${Object.keys(KIND_NAMES).join(', ')}`);
      }
      let result: CatalogFileResult;
      try {
        result = validateCatalogFile(file, undefined, { kind });
      } catch (e) {
        throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
      }
      const ok = result.problems.length === 0;
      // Record types are always reported, as before; the other kinds when the file holds any.
      const kinds = CATALOG_ITEM_KINDS.filter((k) => k === 'record-types' || result.counts[k] > 0);
      const shown =
        kinds.length > 1 && result.counts['record-types'] === 0
          ? kinds.filter((k) => k !== 'record-types')
          : kinds;
      if (opts.json) {
        outJson({
          ok,
          ...Object.fromEntries(shown.map((k) => [LABELS[k].json, accepted(result, k)])),
          problems: result.problems,
        });
      } else if (ok) {
        out(
          `ok: ${shown.map((k) => `${accepted(result, k).length} ${LABELS[k].text}: ${accepted(result, k).join(', ')}`).join('; ')}`,
        );
      } else {
        out(`refused: ${result.problems.length} problem(s)`);
        for (const p of result.problems)
          out(`  ${p.where}${p.pointer === '/' ? '' : p.pointer}: ${p.reason}`);
      }
      if (!ok) process.exitCode = EXIT.error;
    });
}
