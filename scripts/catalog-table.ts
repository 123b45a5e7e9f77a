// Prints the markdown table of shipped record types that docs/catalog.md embeds between its record-types markers.
// Run: npx tsx scripts/catalog-table.ts — test/catalog/catalog.test.ts fails when the doc and this output differ.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../src/catalog/catalog.js';
import { loadCatalog } from '../src/catalog/load.js';
import type { RecordType } from '../src/domain/catalog/schema.js';

const KINDS = [
  ['person', 'P'],
  ['enterprise', 'E'],
  ['social-organization', 'S'],
  ['government-body', 'G'],
] as const;

function disclosure(t: RecordType): string {
  if (t.disclosure === 'restricted')
    return t.sharedWith?.length ? `restricted (+${t.sharedWith.join(', ')})` : 'restricted';
  if (t.disclosure === 'public' && t.subjectKinds.includes('person')) {
    return t.publishPersons ? 'public, persons shown' : 'public, persons hidden';
  }
  return t.disclosure;
}

function publication(t: RecordType): string {
  if (t.disclosure !== 'public') return '—';
  return t.publicationPeriod ?? 'while valid';
}

/** National submitters by code; local offices of one kind folded as `amr.* (7)`. */
function submitters(codes: readonly string[]): string {
  const prefixCount = new Map<string, number>();
  for (const c of codes) {
    const prefix = c.includes('.') ? c.slice(0, c.indexOf('.')) : undefined;
    if (prefix) prefixCount.set(prefix, (prefixCount.get(prefix) ?? 0) + 1);
  }
  const out: string[] = [];
  const folded = new Set<string>();
  for (const c of codes) {
    const prefix = c.includes('.') ? c.slice(0, c.indexOf('.')) : undefined;
    if (prefix && (prefixCount.get(prefix) ?? 0) > 1) {
      if (!folded.has(prefix)) out.push(`${prefix}.* (${prefixCount.get(prefix)})`);
      folded.add(prefix);
    } else out.push(c);
  }
  return out.join(', ');
}

export function recordTypeTable(catalog: Catalog): string {
  const rows = [...catalog.recordTypes.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((t) =>
      [
        `\`${t.code}\``,
        t.names.zh,
        KINDS.filter(([k]) => t.subjectKinds.includes(k))
          .map(([, letter]) => letter)
          .join(''),
        t.polarity,
        disclosure(t),
        publication(t),
        submitters(t.submitters),
      ].join(' | '),
    );
  return [
    '| code | 名称 | kinds | polarity | disclosure | publication | submitters |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

const invokedDirectly = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.stdout.write(`${recordTypeTable(loadCatalog())}\n`);
