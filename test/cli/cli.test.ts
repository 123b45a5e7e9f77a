// The command line end to end, spawned as a user runs it: identifiers, catalog files, bulk imports in every
// format (with rejects, reruns and a kill -9 mid-way), audit verification against tampering and truncation,
// tokens, help, and deterministic demo data. Import and verify run on both databases.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { exampleOf, penaltyRows, toCsv, toNdjson, toXlsx, withBadId } from '../support/bulk-files.js';
import { runCli, spawnCli } from '../support/cli.js';
import { company, person, residentId, uscc } from '../support/identifiers.js';
import { DIALECTS, freshDatabase, type TestStore, testCatalog } from '../support/stores.js';

const PENALTY = 'administrative.penalty';
const dir = mkdtempSync(join(tmpdir(), 'xinyong-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);

function csvRejects(file: string): { rowNumber: number; reason: string; cells: string[] }[] {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('rowNumber,reason,row');
  return lines.slice(1).map((l) => {
    const m = /^(\d+),("(?:[^"]|"")*"|[^,]*),(.*)$/.exec(l)!;
    const reason = m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/""/g, '"') : m[2]!;
    return { rowNumber: Number(m[1]), reason, cells: m[3]!.split(',') };
  });
}

describe('xinyong --help', () => {
  it('lists the commands, and each group its subcommands', async () => {
    const [main, id, audit, token, catalog] = await Promise.all([
      runCli(['--help']),
      runCli(['id', '--help']),
      runCli(['audit', '--help']),
      runCli(['token', '--help']),
      runCli(['catalog', '--help']),
    ]);
    expect(main.code).toBe(0);
    for (const c of ['serve', 'demo', 'import', 'id', 'catalog', 'verify', 'audit', 'token'])
      expect(main.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(id.stdout).toMatch(/check/);
    expect(audit.stdout).toMatch(/head/);
    expect(token.stdout).toMatch(/create/);
    expect(token.stdout).toMatch(/revoke/);
    expect(catalog.stdout).toMatch(/validate/);
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
  });
});

describe('xinyong id check', () => {
  it('prints what a valid USCC encodes and exits 0', async () => {
    const code = company(1, '370982');
    const r = await runCli(['id', 'check', code]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Unified Social Credit Code/);
    expect(r.stdout).toContain('kind: enterprise');
    expect(r.stdout).toContain(`value: ${code}`);
    expect(r.stdout).toMatch(/registration authority: 9 /);
    expect(r.stdout).toMatch(/entity category: 1 /);
    expect(r.stdout).toMatch(/region: 370982 /);
    expect(r.stderr).toBe('');
  });

  it('prints what a valid identity number encodes, accepting spaces and a lower-case x', async () => {
    let withX = '';
    for (let n = 1; !withX; n++) {
      const id = person(n, '110105', '19850315');
      if (id.endsWith('X')) withX = id;
    }
    const spaced = `${withX.slice(0, 6)} ${withX.slice(6, 14)} ${withX.slice(14).toLowerCase()}`;
    const female = residentId('11010519900707002');
    const [a, b] = await Promise.all([
      runCli(['id', 'check', spaced]),
      runCli(['id', 'check', female, '--json']),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('kind: person');
    expect(a.stdout).toContain(`value: ${withX}`);
    expect(a.stdout).toContain('birth date: 1985-03-15');
    expect(a.stdout).toMatch(/region: 110105 /);
    expect(a.stdout).toMatch(/sex: (male|female)/);
    expect(b.code).toBe(0);
    const json = JSON.parse(b.stdout);
    expect(json).toMatchObject({
      valid: true,
      kind: 'person',
      value: female,
      birthDate: '1990-07-07',
      sex: 'female',
    });
  });

  it('keeps codes issued under a former region code valid', async () => {
    // 110103 (Chongwen district) merged into Dongcheng in 2010; its numbers stay valid for life.
    const [p, c] = await Promise.all([
      runCli(['id', 'check', residentId('11010319800101001')]),
      runCli(['id', 'check', uscc('91110103000000011')]),
    ]);
    expect(p.code, p.stdout).toBe(0);
    expect(p.stdout).toMatch(/region: 110103/);
    expect(c.code, c.stdout).toBe(0);
  });

  it('prints the reason and exits 1 for every kind of invalid value', async () => {
    const good = company(2);
    const wrongCheck = good.slice(0, 17) + (good[17] === 'A' ? 'B' : 'A');
    const goodId = residentId('11010519800101001');
    const wrongIdCheck = goodId.slice(0, 17) + (goodId[17] === '0' ? '1' : '0');
    const cases: [string, RegExp][] = [
      [wrongCheck, new RegExp(`check character is ${wrongCheck[17]}, expected ${good[17]}`)],
      [wrongIdCheck, new RegExp(`check character is ${wrongIdCheck[17]}, expected ${goodId[17]}`)],
      ['91110105I00000011X', /character at position 9\b/],
      ['9111010500000001', /length is 16, expected 18/],
      ['1101051980010100111', /length is 19, expected 18/],
      ['110105198013010011', /birth date/],
      ['110105209901010011', /birth date .* future/],
      ['990105198001010011', /region/],
    ];
    const results = await Promise.all(cases.map(([v]) => runCli(['id', 'check', v])));
    results.forEach((r, i) => {
      const [value, reason] = cases[i]!;
      expect(r.code, value).toBe(1);
      expect(r.stdout, value).toMatch(/^invalid: /);
      expect(r.stdout, value).toMatch(reason);
      expect(r.stderr, value).toMatch(reason);
    });
  });
});

describe('xinyong catalog validate', () => {
  const lawful = (code: string) => ({
    code,
    names: { zh: '检查记录', en: 'Inspection note' },
    subjectKinds: ['enterprise'],
    polarity: 'neutral',
    domain: 'inspection',
    disclosure: 'public',
    publicationPeriod: null,
    retention: 'P5Y',
    submitters: ['samr'],
    legalBasis: [{ title: '企业信息公示暂行条例', article: '第六条' }],
    fields: {
      type: 'object',
      additionalProperties: false,
      required: ['decisionNumber'],
      properties: {
        decisionNumber: { type: 'string', title: 'Decision number', 'x-title-zh': '决定书文号' },
      },
    },
    example: { decisionNumber: '荣市监检〔2025〕1号' },
  });

  it('accepts a type in exactly the shape the API returns, and a YAML list', async () => {
    const shipped = testCatalog().recordTypes.get(PENALTY)!;
    writeFileSync(path('penalty.json'), JSON.stringify(shipped, null, 2));
    writeFileSync(
      path('list.yaml'),
      `${[lawful('test.one'), lawful('test.two')].map((t) => `- ${JSON.stringify(t)}`).join('\n')}\n`,
    );
    const [one, list] = await Promise.all([
      runCli(['catalog', 'validate', path('penalty.json')]),
      runCli(['catalog', 'validate', path('list.yaml')]),
    ]);
    expect(one.code, one.stdout + one.stderr).toBe(0);
    expect(one.stdout).toContain(PENALTY);
    expect(list.code, list.stdout + list.stderr).toBe(0);
    expect(list.stdout).toMatch(/2 record type/);
  });

  it('refuses a bad file with every reason and exit 1', async () => {
    const noBasis = { ...lawful('test.no-basis'), legalBasis: [] };
    const religion = lawful('test.faith');
    (religion.fields.properties as Record<string, unknown>).religion = { type: 'string', title: 'Religion' };
    const unknownAgency = { ...lawful('test.agency'), submitters: ['no-such-agency'] };
    const duplicate = lawful('test.agency');
    writeFileSync(path('bad.json'), JSON.stringify([noBasis, religion, unknownAgency, duplicate]));
    const [r, json] = await Promise.all([
      runCli(['catalog', 'validate', path('bad.json')]),
      runCli(['catalog', 'validate', path('bad.json'), '--json']),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/legal basis/);
    expect(r.stdout).toMatch(/prohibited data category/);
    expect(r.stdout).toMatch(/unknown agency no-such-agency/);
    expect(r.stdout).toMatch(/duplicate record type code test\.agency/);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.problems.length).toBeGreaterThanOrEqual(4);
    const missing = await runCli(['catalog', 'validate', path('nope.yaml')]);
    expect(missing.code).toBe(1);
  });
});

/** Counts of the store, read the way an outsider would. */
async function counts(store: Store, prefix?: string) {
  let q = store.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n'));
  if (prefix) q = q.where('external_id', 'like', `${prefix}-%`);
  const records = Number((await q.executeTakeFirstOrThrow()).n);
  const distinct = Number(
    (
      await sql<{
        n: number;
      }>`select count(*) as n from (select distinct agency, external_id from records) d`.execute(store.db)
    ).rows[0]!.n,
  );
  const size = Number(
    (await store.db.selectFrom('audit_state').select('size').executeTakeFirstOrThrow()).size,
  );
  return { records, distinct, size };
}

describe.each(DIALECTS)('xinyong import and verify on %s', (dialect) => {
  let db: TestStore;
  let store: Store;
  const imp = (file: string, ...extra: string[]) =>
    runCli(['import', file, '--type', PENALTY, '--agency', 'samr', '--db', db.url, ...extra]);
  const verify = (...extra: string[]) => runCli(['verify', '--db', db.url, ...extra]);
  const file = (name: string) => path(`${dialect}-${name}`);

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    store = await openStore(db.url);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('imports a UTF-8 CSV: exit 0, a JSON summary on stdout, no rejects file', async () => {
    writeFileSync(file('good.csv'), toCsv(PENALTY, penaltyRows(1000, 10, 'G')));
    const r = await imp(file('good.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      state: 'done',
      rows: 10,
      stored: 10,
      duplicates: 0,
      rejected: 0,
    });
    expect(existsSync(`${file('good.csv')}.rejects.csv`)).toBe(false);
    expect((await counts(store, 'G')).records).toBe(10);
    const stored = await store.db
      .selectFrom('records')
      .innerJoin('subjects', 'subjects.id', 'records.subject_id')
      .select(['records.fields', 'subjects.name', 'subjects.kind'])
      .where('external_id', '=', 'G-1003')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: '测试1003号商贸有限公司', kind: 'enterprise' });
    expect(JSON.parse(stored.fields)).toEqual({
      ...exampleOf(PENALTY),
      decisionNumber: '威市监处罚〔2025〕1003号',
    });
  });

  it('stores nothing twice when the same file runs again', async () => {
    const before = await counts(store);
    const r = await imp(file('good.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 10, stored: 0, duplicates: 10, rejected: 0 });
    expect(await counts(store)).toEqual(before);
  });

  it('stores the good rows and exits 2 with a rejects file naming row numbers and reasons', async () => {
    const rows = penaltyRows(1100, 5, 'R');
    rows[1] = withBadId(rows[1]!);
    // Row 5 of the file carries a cell more than the header has.
    const lines = toCsv(PENALTY, rows).trim().split('\n');
    lines[4] = `${lines[4]},blue`;
    writeFileSync(file('partial.csv'), `${lines.join('\n')}\n`);
    const r = await imp(file('partial.csv'), '--rejects', file('partial.rejects.csv'));
    expect(r.code, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      rows: 5,
      stored: 3,
      rejected: 2,
      rejects: file('partial.rejects.csv'),
    });
    const rejects = csvRejects(file('partial.rejects.csv'));
    expect(rejects.map((x) => x.rowNumber)).toEqual([3, 5]);
    expect(rejects[0]!.reason).toMatch(/\/subject\/id: .*check character/);
    expect(rejects[0]!.cells[0]).toBe(rows[1]!.subjectId);
    expect(rejects[1]!.reason).toMatch(/cells/);
    expect((await counts(store, 'R')).records).toBe(3);
  });

  it('numbers rejected rows as the file’s rows, blank lines included', async () => {
    const rows = penaltyRows(1150, 3, 'BL');
    rows[2] = withBadId(rows[2]!);
    const lines = toCsv(PENALTY, rows).trim().split('\n');
    // header (row 1), a row (2), a blank line (3), a row (4), the bad row (5)
    writeFileSync(file('blank.csv'), `${[lines[0], lines[1], '', lines[2], lines[3]].join('\n')}\n`);
    const r = await imp(file('blank.csv'), '--rejects', file('blank.rejects.csv'));
    expect(r.code, r.stderr).toBe(2);
    expect(csvRejects(file('blank.rejects.csv')).map((x) => x.rowNumber)).toEqual([5]);
  });

  it('exits 1 on a bad header, storing nothing', async () => {
    const before = await counts(store);
    const csv = toCsv(PENALTY, penaltyRows(1200, 3, 'H'))
      .replace('subjectId,', 'id,')
      .replace(',facts,', ',fact,');
    writeFileSync(file('header.csv'), csv);
    const r = await imp(file('header.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/column 1 must be subjectId/);
    expect(r.stderr).toMatch(/"fact"/);
    expect(r.stdout).toBe('');
    expect(await counts(store)).toEqual(before);
  });

  it('reads GB18030 with --encoding gb18030', async () => {
    const rows = penaltyRows(1300, 3, 'GB').map((x, i) => ({
      ...x,
      subjectName: ['荣成市鑫磊水产品有限公司', '威海𠮷野家餐饮有限公司', '石岛镇東山村经济合作社'][i],
    }));
    writeFileSync(file('gbk.csv'), iconv.encode(toCsv(PENALTY, rows), 'gb18030'));
    const r = await imp(file('gbk.csv'), '--encoding', 'gb18030');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ stored: 3 });
    const names = await store.db
      .selectFrom('subjects')
      .select(['identifier', 'name'])
      .where(
        'identifier',
        'in',
        rows.map((x) => x.subjectId),
      )
      .orderBy('identifier')
      .execute();
    expect(names.map((n) => n.name).sort()).toEqual(rows.map((x) => x.subjectName).sort());
    const facts = await store.db
      .selectFrom('records')
      .select('fields')
      .where('external_id', '=', 'GB-1300')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(facts.fields).facts).toBe(exampleOf(PENALTY).facts);
  });

  it('imports NDJSON (API bodies), rejecting a broken line by its number', async () => {
    const rows = penaltyRows(1400, 4, 'ND');
    const lines = toNdjson(PENALTY, rows).trim().split('\n');
    lines[2] = '{"subject": {"id": ';
    writeFileSync(file('rows.ndjson'), `${lines.join('\n')}\n`);
    const r = await imp(file('rows.ndjson'), '--rejects', file('nd.rejects.csv'));
    expect(r.code, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 4, stored: 3, rejected: 1 });
    const rejects = csvRejects(file('nd.rejects.csv'));
    expect(rejects.map((x) => x.rowNumber)).toEqual([3]);
    expect(rejects[0]!.reason).toMatch(/JSON/);
    // All good: exit 0.
    writeFileSync(file('more.ndjson'), toNdjson(PENALTY, penaltyRows(1410, 3, 'ND')));
    const ok = await imp(file('more.ndjson'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ stored: 3, rejected: 0 });
  });

  it('imports the first sheet of an XLSX workbook laid out like the CSV', async () => {
    const rows = penaltyRows(1500, 4, 'XL');
    rows[2] = withBadId(rows[2]!);
    writeFileSync(file('rows.xlsx'), await toXlsx(PENALTY, rows));
    const r = await imp(file('rows.xlsx'), '--rejects', file('xl.rejects.csv'));
    expect(r.code, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 4, stored: 3, rejected: 1 });
    expect(csvRejects(file('xl.rejects.csv')).map((x) => x.rowNumber)).toEqual([4]);
    const rec = await store.db
      .selectFrom('records')
      .select('fields')
      .where('external_id', '=', 'XL-1501')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(rec.fields)).toEqual({
      ...exampleOf(PENALTY),
      decisionNumber: '威市监处罚〔2025〕1501号',
    });
    // Again: nothing twice.
    const again = await imp(file('rows.xlsx'), '--rejects', file('xl2.rejects.csv'));
    expect(JSON.parse(again.stdout)).toMatchObject({ stored: 0, duplicates: 3, rejected: 1 });
  });

  it('leaves whole batches after a kill -9 mid-import; a rerun completes it with no duplicates', async () => {
    const total = 8000;
    writeFileSync(file('big.csv'), toCsv(PENALTY, penaltyRows(100_000, total, 'K')));
    const before = await counts(store);
    const child: ChildProcess = spawnCli([
      'import',
      file('big.csv'),
      '--type',
      PENALTY,
      '--agency',
      'samr',
      '--db',
      db.url,
      '--batch-size',
      '100',
    ]);
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    let seen = 0;
    for (let i = 0; i < 3000 && seen === 0; i++) {
      seen = (await counts(store, 'K')).records;
      if (seen === 0) await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    const end = await exited;
    expect(seen).toBeGreaterThan(0);
    expect(end.signal).toBe('SIGKILL');
    const after = await counts(store, 'K');
    expect(after.records % 100).toBe(0);
    expect(after.records).toBeLessThan(total); // killed in the middle
    // Each committed batch is one audit entry covering its 100 rows, and the log verifies.
    expect(after.size - before.size).toBe(after.records / 100);
    const v = await verify();
    expect(v.code, v.stdout + v.stderr).toBe(0);

    const rerun = await imp(file('big.csv'), '--batch-size', '100');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({
      rows: total,
      stored: total - after.records,
      duplicates: after.records,
      rejected: 0,
    });
    expect((await counts(store, 'K')).records).toBe(total);
    const all = await counts(store);
    expect(all.distinct).toBe(all.records);
    const v2 = await verify();
    expect(v2.code, v2.stdout + v2.stderr).toBe(0);
  });

  it('verifies the log: exit 0 with the size and root, and a JSON report', async () => {
    const { size } = await counts(store);
    const r = await verify();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ok: ${size} entries verified, root [0-9a-f]{64}`));
    const j = await verify('--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, treeSize: size });
  });

  it('fails verification naming the entry after a record’s fields are edited in the database', async () => {
    const rec = await store.db
      .selectFrom('records')
      .select(['id', 'fields', 'audit_seq'])
      .where('external_id', '=', 'G-1005')
      .executeTakeFirstOrThrow();
    const edited = JSON.stringify({ ...JSON.parse(rec.fields), fineAmount: 1 });
    await store.db.updateTable('records').set({ fields: edited }).where('id', '=', rec.id).execute();
    try {
      const r = await verify();
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(new RegExp(`FAILED at entry ${rec.audit_seq}\\b`));
      expect(r.stdout).toContain(`record ${rec.id}`);
    } finally {
      await store.db.updateTable('records').set({ fields: rec.fields }).where('id', '=', rec.id).execute();
    }
  });

  it('fails verification naming the entry after an audit entry row is deleted', async () => {
    const row = await store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    await store.db.deleteFrom('audit_entries').where('seq', '=', 3).execute();
    try {
      const r = await verify();
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(/FAILED at entry 3\b/);
    } finally {
      await store.db.insertInto('audit_entries').values(row).execute();
    }
    const ok = await verify();
    expect(ok.code, ok.stdout).toBe(0);
  });

  it('proves the log extends an earlier head, and catches truncation and rewrites', async () => {
    const h1 = await runCli(['audit', 'head', '--db', db.url, '--out', file('h1.json')]);
    expect(h1.code, h1.stderr).toBe(0);
    const head1 = JSON.parse(readFileSync(file('h1.json'), 'utf8'));
    expect(JSON.parse(h1.stdout)).toEqual(head1);
    expect(head1).toMatchObject({ algorithm: 'Ed25519', treeSize: (await counts(store)).size });
    const state1 = await store.db.selectFrom('audit_state').selectAll().executeTakeFirstOrThrow();

    writeFileSync(file('later.csv'), toCsv(PENALTY, penaltyRows(1600, 5, 'L')));
    expect((await imp(file('later.csv'), '--batch-size', '2')).code).toBe(0);
    const ok = await verify('--against', file('h1.json'));
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`consistent with the head of size ${head1.treeSize}`);

    // A head from another log (another key) is refused.
    const other = await freshDatabase(dialect);
    try {
      const oh = await runCli(['audit', 'head', '--db', other.url, '--out', file('other.json')]);
      expect(oh.code).toBe(0);
      const foreign = await verify('--against', file('other.json'));
      expect(foreign.code).not.toBe(0);
      expect(foreign.stdout).toMatch(/NOT consistent/);
    } finally {
      await other.drop();
    }
    // A head whose root was edited does not verify either.
    writeFileSync(file('forged.json'), JSON.stringify({ ...head1, rootHash: '0'.repeat(64) }));
    expect((await verify('--against', file('forged.json'))).code).not.toBe(0);

    // Truncate the log back to the first head: entries, tree nodes, covered records and the state.
    const h2 = await runCli(['audit', 'head', '--db', db.url, '--out', file('h2.json')]);
    expect(h2.code).toBe(0);
    const n = head1.treeSize as number;
    await store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('records').where('audit_seq', '>=', n).execute();
      await trx.deleteFrom('audit_items').where('entry_seq', '>=', n).execute();
      await trx.deleteFrom('audit_entries').where('seq', '>=', n).execute();
      await sql`delete from audit_nodes where (idx + 1) * (1 << level) > ${n}`.execute(trx);
      await trx
        .updateTable('audit_state')
        .set({ size: state1.size, root: state1.root, frontier: state1.frontier })
        .execute();
    });
    const alone = await verify();
    expect(alone.code, alone.stdout).toBe(0); // a shorter log is self-consistent …
    const truncated = await verify('--against', file('h2.json'));
    expect(truncated.code).not.toBe(0); // … but not an extension of the later head
    expect(truncated.stdout).toMatch(/truncated/);

    // A rewritten history signed with the same key: another log that shares the key but not the entries.
    const forged = await freshDatabase(dialect);
    try {
      const key = await store.db.selectFrom('settings').selectAll().execute();
      const fs = await openStore(forged.url);
      await fs.db.insertInto('settings').values(key).execute();
      await fs.close();
      writeFileSync(file('forged.csv'), toCsv(PENALTY, penaltyRows(1700, 2, 'F')));
      const fi = await runCli([
        'import',
        file('forged.csv'),
        '--type',
        PENALTY,
        '--agency',
        'samr',
        '--db',
        forged.url,
      ]);
      expect(fi.code, fi.stderr).toBe(0);
      const fh = await runCli(['audit', 'head', '--db', forged.url, '--out', file('forged-head.json')]);
      expect(fh.code).toBe(0);
      expect(JSON.parse(fh.stdout).treeSize).toBeLessThanOrEqual(n);
      const rewritten = await verify('--against', file('forged-head.json'));
      expect(rewritten.code).not.toBe(0);
      expect(rewritten.stdout).toMatch(/rewritten/);
    } finally {
      await forged.drop();
    }
  });
});

describe('xinyong token create', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('prints the token alone on stdout; refuses a bad request with exit 1', async () => {
    const [op, ag] = await Promise.all([
      runCli(['token', 'create', '--role', 'operator', '--db', db.url]),
      runCli(['token', 'create', '--role', 'agency', '--agency', 'samr', '--expires', '30', '--db', db.url]),
    ]);
    for (const r of [op, ag]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^xy_[0-9a-f]{12}_[A-Za-z0-9_-]{32}\n$/);
    }
    expect(ag.stderr).toMatch(/expires/);
    const store = await openStore(db.url);
    try {
      const rows = await store.db.selectFrom('tokens').selectAll().execute();
      expect(rows).toHaveLength(2);
      // Stored hashed: the secret is nowhere in the table.
      const secrets = [op, ag].map((r) => r.stdout.trim().split('_')[2]!);
      for (const s of secrets) expect(JSON.stringify(rows)).not.toContain(s);
    } finally {
      await store.close();
    }
    const [noAgency, badRole] = await Promise.all([
      runCli(['token', 'create', '--role', 'agency', '--db', db.url]),
      runCli(['token', 'create', '--role', 'king', '--db', db.url]),
    ]);
    for (const r of [noAgency, badRole]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
    }
    expect(noAgency.stderr).toMatch(/\/agency/);
  });
});

describe('xinyong demo', () => {
  let a: TestStore;
  let b: TestStore;
  let c: TestStore;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([
      freshDatabase('sqlite'),
      freshDatabase('sqlite'),
      freshDatabase('sqlite'),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a, b, c].map((d) => d?.drop()));
  });

  async function snapshot(url: string) {
    const store = await openStore(url);
    try {
      const subjects = await store.db
        .selectFrom('subjects')
        .select(['identifier', 'name', 'kind'])
        .orderBy('identifier')
        .execute();
      const records = (await store.db.selectFrom('records').select('content_hash').execute())
        .map((r) => r.content_hash)
        .sort();
      const relations = Number(
        (
          await store.db
            .selectFrom('relations')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      const size = (await store.db.selectFrom('audit_state').select('size').executeTakeFirstOrThrow()).size;
      return { subjects, records, relations, size: Number(size) };
    } finally {
      await store.close();
    }
  }

  it('is deterministic for a seed and stores nothing the second time', async () => {
    const args = (db: TestStore, seed = '7') => ['demo', '--db', db.url, '--subjects', '300', '--seed', seed];
    const [first, other, differentSeed] = await Promise.all([
      runCli(args(a)),
      runCli(args(b)),
      runCli(args(c, '8')),
    ]);
    for (const r of [first, other, differentSeed]) expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out.subjects).toBe(300);
    expect(out.records).toBeGreaterThan(0);
    expect(out.relations).toBeGreaterThan(0);
    const snapA = await snapshot(a.url);
    expect(snapA.subjects.length).toBeGreaterThanOrEqual(300);
    expect([...new Set(snapA.subjects.map((s) => s.kind))]).toEqual(
      expect.arrayContaining(['person', 'enterprise']),
    );
    expect(
      snapA.subjects
        .filter((s) => s.kind === 'enterprise')
        .every((s) => /[\u4e00-\u9fff]/.test(s.name ?? '')),
    ).toBe(true);

    const second = await runCli(args(a));
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ records: 0, relations: 0 });
    expect(await snapshot(a.url)).toEqual(snapA);

    // Same seed, another fresh database: the same subjects, names and records.
    expect(await snapshot(b.url)).toEqual(snapA);
    // Another seed: other data.
    expect((await snapshot(c.url)).subjects).not.toEqual(snapA.subjects);

    const v = await runCli(['verify', '--db', a.url]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });
});

describe('xinyong serve', () => {
  let db: TestStore;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await db?.drop();
  });

  it('listens, prints its URL, answers, and stops on SIGTERM', async () => {
    child = spawnCli(['serve', '--db', db.url, '--port', '0']);
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in: ${stdout}`)), 30_000);
      child!.stdout!.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child!.on('exit', () => reject(new Error(`exited: ${stdout}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'sqlite' });
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
