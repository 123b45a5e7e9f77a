// The command line end to end, spawned as a user runs it: help, identifiers, catalog files, tokens, deterministic
// demo data and serve. `import` and `verify` are in import-verify.suite.ts, run on each database by
// import-verify-sqlite.test.ts and import-verify-postgres.test.ts.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { runCli, spawnCli } from '../support/cli.js';
import { company, person, residentId, uscc } from '../support/identifiers.js';
import { freshDatabase, type TestStore, testCatalog } from '../support/stores.js';

const PENALTY = 'administrative.penalty';
const dir = mkdtempSync(join(tmpdir(), 'xinyong-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);

describe('xinyong --help', () => {
  it('lists the commands, and a group its subcommands; an unknown command is an error', async () => {
    const [main, token, unknown] = await Promise.all([
      runCli(['--help']),
      runCli(['token', '--help']),
      runCli(['frobnicate']),
    ]);
    expect(main.code).toBe(0);
    for (const c of ['serve', 'demo', 'import', 'id', 'catalog', 'verify', 'audit', 'token'])
      expect(main.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(token.stdout).toMatch(/create/);
    expect(token.stdout).toMatch(/revoke/);
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
    writeFileSync(
      path('bad.json'),
      JSON.stringify([noBasis, religion, unknownAgency, lawful('test.twice'), lawful('test.twice')]),
    );
    const [r, json] = await Promise.all([
      runCli(['catalog', 'validate', path('bad.json')]),
      runCli(['catalog', 'validate', path('bad.json'), '--json']),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/legal basis/);
    expect(r.stdout).toMatch(/prohibited data category/);
    expect(r.stdout).toMatch(/unknown agency no-such-agency/);
    expect(r.stdout).toMatch(/duplicate record type code test\.twice/);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.problems.length).toBeGreaterThanOrEqual(4);
    const missing = await runCli(['catalog', 'validate', path('nope.yaml')]);
    expect(missing.code).toBe(1);
  });

  it('reports a duplicate code even when the first copy is refused for another reason', async () => {
    // "every reason it refuses it": the second test.agency repeats a code of the file.
    const first = { ...lawful('test.agency'), submitters: ['no-such-agency'] };
    writeFileSync(path('dup.json'), JSON.stringify([first, lawful('test.agency')]));
    const r = await runCli(['catalog', 'validate', path('dup.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/unknown agency no-such-agency/);
    expect(r.stdout).toMatch(/duplicate record type code test\.agency/);
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
    const op = await runCli(['token', 'create', '--role', 'operator', '--db', db.url]);
    const ag = await runCli([
      'token',
      'create',
      '--role',
      'agency',
      '--agency',
      'samr',
      '--expires',
      '30',
      '--db',
      db.url,
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
      // The secret is everything after `xy_<id>_`: it may itself hold '_' (base64url).
      const secrets = [op, ag].map((r) => /^xy_[0-9a-f]{12}_(.+)$/.exec(r.stdout.trim())![1]!);
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

describe('commands started together on a new SQLite file', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
  });
  afterAll(async () => {
    await db?.drop();
  });

  // A race: each process migrates the new file on start. It fails in most runs while the migration of a SQLite
  // store is not serialized between processes; it can pass by luck, never fail once it is.
  it('all succeed (the store is migrated once)', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => runCli(['token', 'create', '--role', 'enforcer', '--db', db.url])),
    );
    expect(
      results.map((r) => r.code),
      results.map((r) => r.stderr).join('\n'),
    ).toEqual([0, 0, 0, 0]);
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
    // Scores are the scoring engine's to write from these records (the server does), never made up by the demo.
    const store = await openStore(a.url);
    try {
      const scores = await store.db
        .selectFrom('records')
        .select('id')
        .where('type', '=', 'score.result')
        .execute();
      expect(scores).toEqual([]);
    } finally {
      await store.close();
    }
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

  it('exits 1 when its port is taken, rather than live on without serving', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const r = await runCli(['serve', '--db', db.url, '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
