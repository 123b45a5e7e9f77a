// Import throughput through the real `xinyong import`, beside the raw insert of the same rows into a table with
// the same indexes: better-sqlite3 prepared statements on SQLite, COPY on PostgreSQL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadCatalog } from '../catalog/load.js';
import type { Json } from '../domain/canonical-json.js';
import { normalizeRecord } from '../domain/records/submission.js';
import { demoUscc } from '../services/demo/identities.js';
import { Random } from '../services/demo/random.js';
import { type Dialect, openStore } from '../store/database.js';
import { freshPostgres, log, round, runCli } from './measure.js';

export interface ImportFigures {
  dialect: Dialect;
  rows: number;
  importRowsPerSec: number;
  rawRowsPerSec: number;
  ratio: number;
  goal: number;
  /** Each run's pair, the raw insert measured right before the import: how far the machine drifted between runs. */
  runs: { rawRowsPerSec: number; importRowsPerSec: number; ratio: number }[];
}

const TYPE = 'administrative.penalty';
const AGENCY = 'samr';

interface Row {
  subject: string;
  name: string;
  externalId: string;
  occurredAt: string;
  fields: Record<string, Json>;
}

/** Rows as an agency would send them: penalties over a quarter as many companies. */
function makeRows(n: number): Row[] {
  const catalog = loadCatalog();
  const type = catalog.recordTypes.get(TYPE)!;
  const example = type.example as Record<string, Json>;
  const rng = new Random(7);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const c = rng.int(0, Math.max(1, Math.floor(n / 4)));
    const day = new Date(Date.UTC(2025, 0, 1) + rng.int(0, 600) * 86_400_000).toISOString().slice(0, 10);
    rows.push({
      subject: demoUscc(c, '9', '1', '320505'),
      name: `苏州企业${c}有限公司`,
      externalId: `bench-${i}`,
      occurredAt: day,
      fields: { ...example, decisionNumber: `苏市监罚〔2025〕${i}号`, decidedOn: day },
    });
  }
  return rows;
}

function csv(rows: Row[], fieldNames: string[]): string {
  const cell = (v: unknown) => {
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [['subjectId', 'subjectName', 'externalId', 'occurredAt', ...fieldNames].join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.subject,
        r.name,
        r.externalId,
        r.occurredAt,
        ...fieldNames.map((f) => (r.fields[f] === undefined ? '' : cell(r.fields[f]))),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The rows as they end up in the records table, computed before the clock starts. */
function storedRows(rows: Row[]) {
  const catalog = loadCatalog();
  const type = catalog.recordTypes.get(TYPE)!;
  const now = new Date().toISOString();
  const subjectIds = new Map<string, number>();
  return rows.map((r, i) => {
    const n = normalizeRecord(
      type,
      { identifier: r.subject, scheme: 'uscc', kind: 'enterprise', region: '320505', name: r.name },
      AGENCY,
      r.externalId,
      `${r.occurredAt}T00:00:00.000Z`,
      r.fields,
    );
    if (!subjectIds.has(r.subject)) subjectIds.set(r.subject, subjectIds.size + 1);
    return [
      TYPE,
      subjectIds.get(r.subject)!,
      AGENCY,
      n.externalId,
      1,
      n.occurredAt,
      n.fields,
      n.contentHash,
      now,
      n.publicationEndsAt,
      n.retentionEndsAt,
      null,
      null,
      Math.floor(i / 2000),
    ] as const;
  });
}

const RAW_DDL = [
  `create table raw_records (id integer primary key autoincrement, type text not null, subject_id integer not null,
    agency text not null, external_id text not null, version integer not null, occurred_at text not null, fields text not null,
    content_hash text not null, submitted_at text not null, publication_ends_at text, retention_ends_at text not null,
    superseded_at text, correction_reason text, audit_seq integer not null)`,
  'create unique index raw_records_agency_external_version on raw_records (agency, external_id, version)',
  'create index raw_records_subject on raw_records (subject_id, type)',
  'create index raw_records_audit_seq on raw_records (audit_seq)',
];

async function rawSqlite(dir: string, values: ReturnType<typeof storedRows>): Promise<number> {
  rmSync(join(dir, 'raw.db'), { force: true });
  rmSync(join(dir, 'raw.db-wal'), { force: true });
  rmSync(join(dir, 'raw.db-shm'), { force: true });
  const db = new BetterSqlite3(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const ddl of RAW_DDL) db.exec(ddl);
  const stmt = db.prepare(
    'insert into raw_records (type, subject_id, agency, external_id, version, occurred_at, fields, content_hash, submitted_at, publication_ends_at, retention_ends_at, superseded_at, correction_reason, audit_seq) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const started = performance.now();
  // Committed every 2000 rows, as the import commits its batches.
  for (let i = 0; i < values.length; i += 2000) {
    db.transaction(() => {
      for (const v of values.slice(i, i + 2000)) stmt.run(...v);
    })();
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return values.length / seconds;
}

async function rawPostgres(url: string, values: ReturnType<typeof storedRows>): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const ddl of RAW_DDL)
    await client.query(
      ddl
        .replace('integer primary key autoincrement', 'bigserial primary key')
        .replace(/ integer not null/g, ' bigint not null'),
    );
  const esc = (v: unknown) =>
    v === null ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  const text = `${values.map((v) => v.map(esc).join('\t')).join('\n')}\n`;
  // From a clean state, as the import starts: nothing of earlier runs left for the checkpointer to write.
  await client.query('checkpoint');
  const started = performance.now();
  const stream = client.query(
    copyFrom(
      'copy raw_records (type, subject_id, agency, external_id, version, occurred_at, fields, content_hash, submitted_at, publication_ends_at, retention_ends_at, superseded_at, correction_reason, audit_seq) from stdin',
    ),
  );
  await pipeline(Readable.from([text]), stream);
  const seconds = (performance.now() - started) / 1000;
  // Gone before the import runs, so autovacuum has nothing of it to visit meanwhile.
  await client.query('drop table raw_records');
  await client.query('checkpoint');
  await client.end();
  return values.length / seconds;
}

export async function importBench(options: {
  rows: number;
  dialects: Dialect[];
  pgAdmin: string;
  repeat: number;
}): Promise<ImportFigures[]> {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-bench-'));
  const out: ImportFigures[] = [];
  try {
    const rows = makeRows(options.rows);
    const type = loadCatalog().recordTypes.get(TYPE)!;
    const file = join(dir, 'penalties.csv');
    writeFileSync(file, csv(rows, Object.keys(type.fields.properties)));
    const values = storedRows(rows);
    for (const dialect of options.dialects) {
      let importRate = 0;
      let rawRate = 0;
      const runs: ImportFigures['runs'] = [];
      // Best of n, for both: on a shared machine a single run measures the neighbours as much as the code.
      for (let run = 1; run <= options.repeat; run++) {
        const pgDb = dialect === 'postgres' ? await freshPostgres(options.pgAdmin) : undefined;
        const url = pgDb?.url ?? join(dir, `import-${run}.db`);
        try {
          // Migrate first, so the import measures importing.
          await (await openStore(url)).close();
          // The raw insert first, and cleaned up after: measured after the import, it would share the machine
          // with the import's checkpoints and autovacuum and look slower than it is.
          log(
            `import bench (${dialect}, run ${run}/${options.repeat}): raw ${dialect === 'sqlite' ? 'prepared inserts' : 'COPY'} …`,
          );
          const raw =
            dialect === 'sqlite' ? await rawSqlite(dir, values) : await rawPostgres(pgDb!.url, values);
          rawRate = Math.max(rawRate, raw);
          log(
            `import bench (${dialect}, run ${run}/${options.repeat}): xinyong import of ${rows.length} rows …`,
          );
          const result = await runCli(['import', file, '--type', TYPE, '--agency', AGENCY, '--db', url]);
          if (result.code !== 0) throw new Error(`xinyong import exited ${result.code}: ${result.stderr}`);
          const imported = rows.length / result.seconds;
          importRate = Math.max(importRate, imported);
          runs.push({
            rawRowsPerSec: round(raw),
            importRowsPerSec: round(imported),
            ratio: round(imported / raw, 2),
          });
        } finally {
          await pgDb?.drop();
          if (!pgDb) for (const ext of ['', '-wal', '-shm']) rmSync(`${url}${ext}`, { force: true });
        }
      }
      out.push({
        dialect,
        rows: rows.length,
        importRowsPerSec: round(importRate),
        rawRowsPerSec: round(rawRate),
        ratio: round(importRate / rawRate, 2),
        goal: dialect === 'sqlite' ? 0.5 : 0.4,
        runs,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
