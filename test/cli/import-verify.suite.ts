// The import and verify commands end to end on one database: every file format, rejects, reruns, kill -9 mid-way,
// and audit verification against edited rows, deleted entries, truncation and rewritten history. Run by
// import-verify-<dialect>.test.ts, one file per database so that both run side by side.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, openStore, type Store } from '../../src/store/database.js';
import { exampleOf, penaltyRows, toCsv, toNdjson, toXlsx, withBadId } from '../support/bulk-files.js';
import { type CliResult, runCli, spawnCli } from '../support/cli.js';
import { DIALECTS, freshDatabase, type TestStore } from '../support/stores.js';

const PENALTY = 'administrative.penalty';

function csvRejects(file: string): { rowNumber: number; reason: string; cells: string[] }[] {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('rowNumber,reason,row');
  return lines.slice(1).map((l) => {
    const m = /^(\d+),("(?:[^"]|"")*"|[^,]*),(.*)$/.exec(l)!;
    const reason = m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/""/g, '"') : m[2]!;
    return { rowNumber: Number(m[1]), reason, cells: m[3]!.split(',') };
  });
}

/** Runs tasks at most `n` at a time. */
async function inTurn<T>(n: number, items: T[], task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}

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

/** Counts once nothing has changed for a while (a process that was told to stop may still be finishing). */
async function stableCounts(store: Store, prefix?: string) {
  let last = await counts(store, prefix);
  for (let quiet = 0; quiet < 5; ) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await counts(store, prefix);
    quiet = now.records === last.records && now.size === last.size ? quiet + 1 : 0;
    last = now;
  }
  return last;
}

export function importVerifySuite(dialect: Dialect): void {
  const dir = mkdtempSync(join(tmpdir(), `xinyong-cli-${dialect}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = (name: string) => join(dir, name);

  describe.skipIf(!DIALECTS.includes(dialect))(`xinyong import and verify on ${dialect}`, () => {
    let db: TestStore;
    let store: Store;
    const imp = (file: string, ...extra: string[]) =>
      runCli(['import', file, '--type', PENALTY, '--agency', 'samr', '--db', db.url, ...extra]);
    const verify = (...extra: string[]) => runCli(['verify', '--db', db.url, ...extra]);
    const file = (name: string) => path(`${dialect}-${name}`);

    /** The first run of each small file, started together (imports of different rows run side by side). */
    const first = new Map<string, CliResult>();
    const ndRows = penaltyRows(1400, 4, 'ND');
    const xlRows = penaltyRows(1500, 4, 'XL');
    xlRows[2] = withBadId(xlRows[2]!);
    const partialRows = penaltyRows(1100, 5, 'R');
    partialRows[1] = withBadId(partialRows[1]!);
    const gbRows = penaltyRows(1300, 3, 'GB').map((x, i) => ({
      ...x,
      subjectName: ['荣成市鑫磊水产品有限公司', '威海𠮷野家餐饮有限公司', '石岛镇東山村经济合作社'][i],
    }));

    beforeAll(async () => {
      db = await freshDatabase(dialect);
      store = await openStore(db.url); // creates the schema before the commands run side by side

      writeFileSync(file('good.csv'), toCsv(PENALTY, penaltyRows(1000, 10, 'G')));
      // Row 5 of the file carries a cell more than the header has.
      const partial = toCsv(PENALTY, partialRows).trim().split('\n');
      partial[4] = `${partial[4]},blue`;
      writeFileSync(file('partial.csv'), `${partial.join('\n')}\n`);
      const blankRows = penaltyRows(1150, 3, 'BL');
      blankRows[2] = withBadId(blankRows[2]!);
      const blank = toCsv(PENALTY, blankRows).trim().split('\n');
      // header (row 1), a row (2), a blank line (3), a row (4), the bad row (5)
      writeFileSync(file('blank.csv'), `${[blank[0], blank[1], '', blank[2], blank[3]].join('\n')}\n`);
      writeFileSync(
        file('header.csv'),
        toCsv(PENALTY, penaltyRows(1200, 3, 'H'))
          .replace('subjectId,', 'id,')
          .replace(',facts,', ',fact,'),
      );
      writeFileSync(file('gbk.csv'), iconv.encode(toCsv(PENALTY, gbRows), 'gb18030'));
      const nd = toNdjson(PENALTY, ndRows).trim().split('\n');
      nd[2] = '{"subject": {"id": ';
      writeFileSync(file('rows.ndjson'), `${nd.join('\n')}\n`);
      writeFileSync(file('more.ndjson'), toNdjson(PENALTY, penaltyRows(1410, 3, 'ND')));
      writeFileSync(file('rows.xlsx'), await toXlsx(PENALTY, xlRows));

      const runs: [string, string[]][] = [
        ['good.csv', []],
        ['partial.csv', ['--rejects', file('partial.rejects.csv')]],
        ['blank.csv', ['--rejects', file('blank.rejects.csv')]],
        ['header.csv', []],
        ['gbk.csv', ['--encoding', 'gb18030']],
        ['rows.ndjson', ['--rejects', file('nd.rejects.csv')]],
        ['more.ndjson', []],
        ['rows.xlsx', ['--rejects', file('xl.rejects.csv')]],
      ];
      await inTurn(3, runs, async ([name, extra]) => {
        first.set(name, await imp(file(name), ...extra));
      });
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it('imports a UTF-8 CSV: exit 0, a JSON summary on stdout, no rejects file', async () => {
      const r = first.get('good.csv')!;
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

    it('stores nothing twice when the same file runs again (CSV and XLSX)', async () => {
      const before = await counts(store);
      const [csv, xlsx] = await Promise.all([
        imp(file('good.csv')),
        imp(file('rows.xlsx'), '--rejects', file('xl2.rejects.csv')),
      ]);
      expect(csv.code, csv.stderr).toBe(0);
      expect(JSON.parse(csv.stdout)).toMatchObject({ rows: 10, stored: 0, duplicates: 10, rejected: 0 });
      expect(xlsx.code, xlsx.stderr).toBe(2);
      expect(JSON.parse(xlsx.stdout)).toMatchObject({ stored: 0, duplicates: 3, rejected: 1 });
      expect(await counts(store)).toEqual(before);
    });

    it('stores the good rows and exits 2 with a rejects file naming row numbers and reasons', async () => {
      const r = first.get('partial.csv')!;
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
      expect(rejects[0]!.cells[0]).toBe(partialRows[1]!.subjectId);
      expect(rejects[1]!.reason).toMatch(/cells/);
      expect((await counts(store, 'R')).records).toBe(3);
    });

    it('numbers rejected rows as the file’s rows, blank lines included', async () => {
      const r = first.get('blank.csv')!;
      expect(r.code, r.stderr).toBe(2);
      expect(csvRejects(file('blank.rejects.csv')).map((x) => x.rowNumber)).toEqual([5]);
    });

    it('exits 1 on a bad header, naming every bad column, storing nothing', async () => {
      const r = first.get('header.csv')!;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/column 1 must be subjectId/);
      expect(r.stderr).toMatch(/"fact"/);
      expect(r.stdout).toBe('');
      expect((await counts(store, 'H')).records).toBe(0);
      const subjects = await store.db
        .selectFrom('subjects')
        .select('id')
        .where('identifier', '=', penaltyRows(1200, 1)[0]!.subjectId)
        .execute();
      expect(subjects).toEqual([]);
    });

    it('reads GB18030 with --encoding gb18030', async () => {
      const r = first.get('gbk.csv')!;
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ stored: 3 });
      const names = await store.db
        .selectFrom('subjects')
        .select(['identifier', 'name'])
        .where(
          'identifier',
          'in',
          gbRows.map((x) => x.subjectId),
        )
        .execute();
      expect(names.map((n) => n.name).sort()).toEqual(gbRows.map((x) => x.subjectName).sort());
      const facts = await store.db
        .selectFrom('records')
        .select('fields')
        .where('external_id', '=', 'GB-1300')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(facts.fields).facts).toBe(exampleOf(PENALTY).facts);
    });

    it('imports NDJSON (API bodies), rejecting a broken line by its number', async () => {
      const r = first.get('rows.ndjson')!;
      expect(r.code, r.stderr).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ rows: 4, stored: 3, rejected: 1 });
      const rejects = csvRejects(file('nd.rejects.csv'));
      expect(rejects.map((x) => x.rowNumber)).toEqual([3]);
      expect(rejects[0]!.reason).toMatch(/JSON/);
      // All good: exit 0.
      const ok = first.get('more.ndjson')!;
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ stored: 3, rejected: 0 });
    });

    it('imports the first sheet of an XLSX workbook laid out like the CSV', async () => {
      const r = first.get('rows.xlsx')!;
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
    });

    it('leaves whole batches after a kill -9 mid-import; a rerun completes it with no duplicates', async () => {
      const total = 6000;
      writeFileSync(file('big.csv'), toCsv(PENALTY, penaltyRows(100_000, total, 'K')));
      const before = await counts(store);
      // The command and the worker it runs bulk work in, killed at once, as kill -9 of the job does.
      const child: ChildProcess = spawnCli(
        [
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
        ],
        {},
        { group: true },
      );
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      let seen = 0;
      for (let i = 0; i < 3000 && seen === 0; i++) {
        seen = (await counts(store, 'K')).records;
        if (seen === 0) await new Promise((r) => setTimeout(r, 5));
      }
      process.kill(-child.pid!, 'SIGKILL');
      const end = await exited;
      expect(seen).toBeGreaterThan(0);
      expect(end.signal).toBe('SIGKILL');
      const after = await stableCounts(store, 'K');
      expect(after.records % 100).toBe(0);
      expect(after.records).toBeLessThan(total); // killed in the middle
      // Each committed batch is one audit entry covering its 100 rows, and the log verifies.
      expect(after.size - before.size).toBe(after.records / 100);
      // The job's counts are committed with its batches: the interrupted job says exactly what was stored.
      const jobs = await store.db
        .selectFrom('import_jobs')
        .selectAll()
        .where('file_name', '=', file('big.csv'))
        .where('state', '=', 'running')
        .execute();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ total_rows: after.records, stored: after.records, rejected: 0 });
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

    it.runIf(dialect === 'sqlite')(
      'after kill -9 of the command alone, its worker stops at a batch boundary; a rerun completes the file',
      async () => {
        const total = 6000;
        writeFileSync(file('big2.csv'), toCsv(PENALTY, penaltyRows(200_000, total, 'Q')));
        const child = spawnCli([
          'import',
          file('big2.csv'),
          '--type',
          PENALTY,
          '--agency',
          'samr',
          '--db',
          db.url,
          '--batch-size',
          '100',
        ]);
        const exited = new Promise<string | null>((resolve) =>
          child.on('exit', (_code, signal) => resolve(signal)),
        );
        let seen = 0;
        for (let i = 0; i < 3000 && seen === 0; i++) {
          seen = (await counts(store, 'Q')).records;
          if (seen === 0) await new Promise((r) => setTimeout(r, 5));
        }
        child.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');
        expect(seen).toBeGreaterThan(0);
        const after = await stableCounts(store, 'Q');
        expect(after.records % 100).toBe(0);
        const rerun = await imp(file('big2.csv'), '--batch-size', '100');
        expect(rerun.code, rerun.stderr).toBe(0);
        expect(JSON.parse(rerun.stdout)).toMatchObject({
          rows: total,
          stored: total - after.records,
          duplicates: after.records,
        });
        expect((await counts(store, 'Q')).records).toBe(total);
      },
    );

    it('verifies the log: exit 0 with the size and root, and a JSON report', async () => {
      const { size } = await counts(store);
      const [r, j] = await Promise.all([verify(), verify('--json')]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^ok: ${size} entries verified, root [0-9a-f]{64}`));
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
      const n = head1.treeSize as number;
      // A head whose root was edited.
      writeFileSync(file('forged.json'), JSON.stringify({ ...head1, rootHash: '0'.repeat(64) }));

      // Another log with another key; and a rewritten history signed with this log's key (a log that shares the
      // key but not the entries).
      const [other, rewrittenLog] = await Promise.all([freshDatabase(dialect), freshDatabase(dialect)]);
      try {
        const key = await store.db.selectFrom('settings').selectAll().execute();
        const rs = await openStore(rewrittenLog.url);
        await rs.db.insertInto('settings').values(key).execute();
        await rs.close();
        writeFileSync(file('later.csv'), toCsv(PENALTY, penaltyRows(1600, 5, 'L')));
        writeFileSync(file('rewritten.csv'), toCsv(PENALTY, penaltyRows(1700, 2, 'F')));
        const [later, oh, ri] = await Promise.all([
          imp(file('later.csv'), '--batch-size', '2'),
          runCli(['audit', 'head', '--db', other.url, '--out', file('other.json')]),
          runCli([
            'import',
            file('rewritten.csv'),
            '--type',
            PENALTY,
            '--agency',
            'samr',
            '--db',
            rewrittenLog.url,
          ]),
        ]);
        expect(later.code, later.stderr).toBe(0);
        expect(oh.code, oh.stderr).toBe(0);
        expect(ri.code, ri.stderr).toBe(0);
        const rh = await runCli([
          'audit',
          'head',
          '--db',
          rewrittenLog.url,
          '--out',
          file('rewritten-head.json'),
        ]);
        expect(rh.code, rh.stderr).toBe(0);
        expect(JSON.parse(rh.stdout).treeSize).toBeLessThanOrEqual(n);
      } finally {
        await Promise.all([other.drop(), rewrittenLog.drop()]);
      }

      const [ok, foreign, forged, rewritten, h2] = await Promise.all([
        verify('--against', file('h1.json')),
        verify('--against', file('other.json')),
        verify('--against', file('forged.json')),
        verify('--against', file('rewritten-head.json')),
        runCli(['audit', 'head', '--db', db.url, '--out', file('h2.json')]),
      ]);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toContain(`consistent with the head of size ${n}`);
      expect(foreign.code).not.toBe(0);
      expect(foreign.stdout).toMatch(/NOT consistent/);
      expect(forged.code).not.toBe(0);
      expect(rewritten.code).not.toBe(0);
      expect(rewritten.stdout).toMatch(/rewritten/);
      expect(h2.code).toBe(0);
      expect(JSON.parse(h2.stdout).treeSize).toBeGreaterThan(n);

      // Truncate the log back to the first head: entries, tree nodes, covered records and the state.
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
      const [alone, truncated] = await Promise.all([verify(), verify('--against', file('h2.json'))]);
      expect(alone.code, alone.stdout).toBe(0); // a shorter log is self-consistent …
      expect(truncated.code).not.toBe(0); // … but not an extension of the later head
      expect(truncated.stdout).toMatch(/truncated/);
    });
  });
}
