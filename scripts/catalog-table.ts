// Prints the markdown tables of the shipped catalog that docs/catalog.md embeds between its markers: record types,
// lists and memoranda. Run: npx tsx scripts/catalog-table.ts — prints each table between its markers; with --write
// it replaces them in docs/catalog.md. test/catalog/catalog.test.ts and lists.test.ts fail when the doc and this
// output differ.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../src/catalog/catalog.js';
import { loadCatalog } from '../src/catalog/load.js';
import type { CreditList, Memorandum, RecordType } from '../src/domain/catalog/schema.js';

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
    .map((t) => [
      `\`${t.code}\``,
      t.names.zh,
      kindLetters(t.subjectKinds),
      t.polarity,
      disclosure(t),
      publication(t),
      submitters(t.submitters),
    ]);
  return table(['code', '名称', 'kinds', 'polarity', 'disclosure', 'publication', 'submitters'], rows);
}

const kindLetters = (kinds: readonly string[]) =>
  KINDS.filter(([k]) => kinds.includes(k))
    .map(([, letter]) => letter)
    .join('');

/** `general P2Y*`: the class and its duration; `*` when the duration cites its own basis. */
const severities = (l: CreditList) =>
  l.severities.map((s) => `${s.code} ${s.duration}${s.legalBasis ? '*' : ''}`).join(', ');

function listPublication(l: CreditList): string {
  if (!l.publication.public) return 'not public';
  if (!l.subjectKinds.includes('person')) return 'public';
  return l.publication.persons ? 'public, persons shown' : 'public, persons hidden';
}

export function listTable(catalog: Catalog): string {
  const rows = [...catalog.lists.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((l) => [
      `\`${l.code}\``,
      l.names.zh,
      l.owner,
      l.kind,
      kindLetters(l.subjectKinds),
      severities(l),
      l.noticePeriod,
      listPublication(l),
      l.repair.allowed ? `after ${l.repair.minimumPeriod ?? 'P0D'}` : 'no',
      (l.derivedFrom ?? []).map((d) => d.list).join(', ') || '—',
    ]);
  return table(
    [
      'code',
      '名称',
      'owner',
      'kind',
      'kinds',
      'severities',
      'notice',
      'publication',
      'repair',
      'derived from',
    ],
    rows,
  );
}

/** `12: deny 6, review 4, restrict 2` — how many measures, by effect. */
function measureSummary(catalog: Catalog, m: Memorandum): string {
  const byEffect = new Map<string, number>();
  for (const code of m.measures) {
    const effect = catalog.measures.get(code)?.effect ?? '?';
    byEffect.set(effect, (byEffect.get(effect) ?? 0) + 1);
  }
  const parts = ['deny', 'restrict', 'review', 'reward']
    .filter((e) => byEffect.has(e))
    .map((e) => `${e} ${byEffect.get(e)}`);
  return `${m.measures.length}: ${parts.join(', ')}`;
}

export function memorandumTable(catalog: Catalog): string {
  const rows = [...catalog.memoranda.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((m) => [
      `\`${m.code}\``,
      m.documentNumber ?? '—',
      m.triggers.map((t) => (t.severities ? `${t.list} (${t.severities.join(', ')})` : t.list)).join(', '),
      measureSummary(catalog, m),
      String(m.signatories.length),
      m.extendsTo.join(', ') || '—',
      m.effectiveFrom,
    ]);
  return table(['code', 'document', 'triggered by', 'measures', 'signatories', 'extends to', 'from'], rows);
}

/** Display width: CJK and full-width characters take two columns, as a terminal and most editors show them. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

/** A markdown table with aligned columns. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** Each table of the doc, by the name of its markers (`<!-- lists:begin -->` … `<!-- lists:end -->`). */
export const DOC_TABLES: Record<string, (catalog: Catalog) => string> = {
  'record-types': recordTypeTable,
  lists: listTable,
  memoranda: memorandumTable,
};

export const CATALOG_DOC = fileURLToPath(new URL('../docs/catalog.md', import.meta.url));

/** The doc with every table between its markers replaced by the catalog's. */
export function withTables(doc: string, catalog: Catalog): string {
  let out = doc;
  for (const [name, make] of Object.entries(DOC_TABLES)) {
    const re = new RegExp(`(<!-- ${name}:begin -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`docs/catalog.md has no ${name} markers`);
    out = out.replace(re, (_, begin: string, end: string) => `${begin}\n${make(catalog)}\n${end}`);
  }
  return out;
}

const invokedDirectly = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const catalog = loadCatalog();
  if (process.argv.includes('--write')) {
    writeFileSync(CATALOG_DOC, withTables(readFileSync(CATALOG_DOC, 'utf8'), catalog));
    process.stderr.write(`updated ${CATALOG_DOC}\n`);
  } else {
    for (const [name, make] of Object.entries(DOC_TABLES))
      process.stdout.write(`<!-- ${name}:begin -->\n${make(catalog)}\n<!-- ${name}:end -->\n\n`);
  }
}
