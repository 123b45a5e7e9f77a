// The enforcer's check at scale, in one run: in-process checks per second from a decision index of M listings
// over N subjects, and the index's heap per listing; the same checks answered by SQL queries per request (the
// naive baseline); HTTP single checks beside a Fastify hello world; /check/batch of 1,000 subjects, p50 and p99;
// and the time a listing made through one `xinyong serve` takes to change the answer of another on PostgreSQL.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import BetterSqlite3 from 'better-sqlite3';
import { loadCatalog } from '../catalog/load.js';
import { Checker } from '../check/checker.js';
import { DecisionIndex } from '../check/decision-index.js';
import { indexListings, loadIndex } from '../check/index-loader.js';
import { type Consequence, type Decision, evaluate } from '../domain/check/evaluate.js';
import { type Reach, RuleBook } from '../domain/check/rule-book.js';
import { identifierKey } from '../domain/identifiers/identifier.js';
import type { ListingSubmission } from '../domain/listings/listing.js';
import type { Principal } from '../domain/principal.js';
import type { SubjectRef } from '../domain/records/submission.js';
import type { NormalizedRelation } from '../domain/relations.js';
import { shanghaiDate } from '../domain/time.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { openContext } from '../server.js';
import type { Context } from '../services/context.js';
import { demoResidentId, demoUscc } from '../services/demo/identities.js';
import { Random } from '../services/demo/random.js';
import { ingestListings } from '../services/listings.js';
import { ingestRelations } from '../services/relations.js';
import { openStore } from '../store/database.js';
import {
  besideHelloWorld,
  CLI,
  cannon,
  freshPostgres,
  HELLO,
  log,
  round,
  runCli,
  waitForLine,
} from './measure.js';

export const ACTION = 'air.ticket.purchase';
const LIST = 'spc.defaulters';
const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** Share of checks about a subject with a consequence: most people who buy a ticket are on no list. */
const LISTED_SHARE = 0.1;
const COUNTIES = ['110105', '310115', '440305', '320505', '510107'];

export const GOALS = {
  inProcessChecksPerSec: 1_000_000,
  httpVsHelloWorld: 0.6,
  batch1000P99Ms: 10,
  indexBytesPerListing: 200,
  propagationMs: 1000,
  inProcessVsSql: 10,
};

// ---------------------------------------------------------------------------------------------------------------
// The population: subjects 0 … N-1, one in ten a company (whose legal representative is the next subject, a
// person); listing k is about subject (k·P mod N), so the M listed subjects are spread over the whole range and
// whether subject i is listed is one multiplication away.

/** A flat copy, as a string read from a database row or a request is (not a concatenation, not shared). */
const flat = (s: string) => Buffer.from(s, 'latin1').toString('latin1');

const mulmod = (a: number, b: number, n: number) =>
  a * b < Number.MAX_SAFE_INTEGER ? (a * b) % n : Number((BigInt(a) * BigInt(b)) % BigInt(n));

function inverse(a: number, n: number): number {
  let [r0, r1] = [BigInt(n), BigInt(a % n)];
  let [t0, t1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return Number(((t0 % BigInt(n)) + BigInt(n)) % BigInt(n));
}

export class Population {
  private readonly p: number;
  private readonly pInverse: number;

  constructor(readonly subjects: number) {
    // Primes: multiplying by one that does not divide N permutes 0 … N-1.
    this.p = [1_000_003, 999_983, 7_919].find((p) => subjects % p !== 0)!;
    this.pInverse = subjects === 1 ? 0 : inverse(this.p, subjects);
  }

  /** The subject of listing k. */
  listed(k: number): number {
    return mulmod(k, this.p, this.subjects);
  }

  /** The listing number of subject i: it is listed when that is below the number of listings. */
  rank(i: number): number {
    return mulmod(i, this.pInverse, this.subjects);
  }

  isCompany(i: number): boolean {
    return i % 10 === 3;
  }

  /** A company's legal representative: the next subject, always a person. */
  officer(i: number): number {
    return (i + 1) % this.subjects;
  }

  identifier(i: number): string {
    return flat(
      this.isCompany(i) ? demoUscc(i, '9', '1', COUNTIES[i % COUNTIES.length]!) : demoResidentId(i),
    );
  }

  ref(i: number): SubjectRef {
    const identifier = this.identifier(i);
    return this.isCompany(i)
      ? { identifier, scheme: 'uscc', kind: 'enterprise', region: identifier.slice(2, 8), name: null }
      : { identifier, scheme: 'resident-id', kind: 'person', region: identifier.slice(0, 6), name: null };
  }

  /**
   * Identifiers as enforcers send them: a tenth about subjects listed by one of the first `listings` listings,
   * the rest about subjects drawn at random (the officers of listed companies among them, as in life).
   */
  queries(count: number, listings: number, seed = 11): string[] {
    const rng = new Random(seed);
    const out: string[] = [];
    const n = this.subjects;
    while (out.length < count) {
      if (listings > 0 && rng.chance(LISTED_SHARE)) {
        out.push(this.identifier(this.listed(rng.int(0, listings - 1))));
        continue;
      }
      const i = rng.int(0, n - 1);
      if (this.rank(i) < listings && listings < n) continue;
      // Enforcers type in lower case at times; the check normalizes.
      const id = this.identifier(i);
      out.push(rng.chance(0.05) ? id.toLowerCase() : id);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// In process: the index of M listings built by the loader's code from rows made here, its heap, and checks
// against it through Checker.check, and through its parts.

/** `global.gc`, exposed at run time when node was started without --expose-gc. */
function gcFunction(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** The JS heap and the memory behind ArrayBuffers (typed arrays' contents live outside the heap). */
function heapAfterGc(gc: () => void): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Puts listings 1 … M into the index through the loader's own code (indexListings), from rows as the store gives
 * them: a string per row and field, instants as text. The listings never touch a database; the companies' legal
 * representatives, which the loader looks up, are written to the (otherwise empty) store first. Returns the
 * heap the index took, measured around the build with full collections.
 */
async function buildIndex(
  ctx: Context,
  file: string,
  checker: Checker,
  pop: Population,
  listings: number,
): Promise<{ bytes: number; seconds: number }> {
  const nowMs = Date.now();
  const now = iso(nowMs);
  const sqlite = new BetterSqlite3(file);
  try {
    const subject = sqlite.prepare(
      'insert or ignore into subjects (id, kind, identifier, scheme, region, created_at) values (?, ?, ?, ?, ?, ?)',
    );
    const relation = sqlite.prepare(
      `insert into relations (from_subject_id, to_subject_id, role, since, until, agency, version, created_at,
         superseded_at, audit_seq) values (?, ?, 'legal-representative', '2015-01-01T00:00:00.000Z', null, 'samr', 1, ?, null, 0)`,
    );
    sqlite.transaction(() => {
      for (let k = 0; k < listings; k++) {
        const i = pop.listed(k);
        if (!pop.isCompany(i)) continue;
        for (const s of [i, pop.officer(i)]) {
          const ref = pop.ref(s);
          subject.run(s + 1, ref.kind, ref.identifier, ref.scheme, ref.region, now);
        }
        relation.run(i + 1, pop.officer(i) + 1, now);
      }
    })();
  } finally {
    sqlite.close();
  }
  const gc = gcFunction();
  const before = heapAfterGc(gc);
  const started = performance.now();
  for (let start = 0; start < listings; start += 20_000) {
    const facts: Parameters<typeof indexListings>[3] = [];
    for (let k = start; k < Math.min(listings, start + 20_000); k++) {
      const i = pop.listed(k);
      const ref = pop.ref(i);
      const serious = k % 5 === 0;
      // Decided between 21 and 320 days ago, in effect 10 days after.
      const effectiveAt = nowMs - (11 + (k % 300)) * DAY;
      facts.push({
        id: k + 1,
        list: flat(LIST),
        severity: flat(serious ? 'serious' : 'general'),
        subject_id: i + 1,
        identifier: ref.identifier,
        kind: ref.kind,
        conduct_at: iso(effectiveAt - 100 * DAY),
        effective_at: iso(effectiveAt),
        ends_at: iso(effectiveAt + (serious ? 5 : 2) * YEAR),
        ended_at: null,
        objection_id: null,
      });
    }
    await indexListings(ctx.store.db, checker.book, checker.index, facts, now);
  }
  const seconds = (performance.now() - started) / 1000;
  return { bytes: heapAfterGc(gc) - before, seconds };
}

/** Best of `repeat` runs, each of whole passes over the queries lasting at least `ms`: checks per second. */
function rate(queries: string[], repeat: number, ms: number, check: (q: string) => unknown): number {
  let best = 0;
  for (let run = 0; run < repeat; run++) {
    let done = 0;
    const started = performance.now();
    let elapsed = 0;
    do {
      for (let j = 0; j < queries.length; j++) check(queries[j]!);
      done += queries.length;
      elapsed = performance.now() - started;
    } while (elapsed < ms);
    best = Math.max(best, (done / elapsed) * 1000);
  }
  return best;
}

export interface InProcessFigures {
  subjects: number;
  listings: number;
  indexedSubjects: number;
  indexBytesPerListing: number;
  indexBuildSeconds: number;
  queries: number;
  /** Checker.check (parse, index, evaluate, decision id), the decision log left out. */
  inProcessChecksPerSec: number;
  /** DecisionIndex.get and evaluate alone, on identifiers already parsed. */
  evaluateChecksPerSec: number;
  /** identifierKey (the check's validation) alone, on the identifiers as sent. */
  parseIdentifiersPerSec: number;
  listedDecision: Decision;
  officerDecision: Decision | null;
  deniedShare: number;
}

export async function inProcessBench(options: {
  subjects: number;
  listings: number;
  repeat?: number;
  runMs?: number;
  dir: string;
}): Promise<InProcessFigures> {
  const { subjects, listings } = options;
  if (listings > subjects) throw new Error('there cannot be more listings than subjects');
  const pop = new Population(subjects);
  // A Checker on an empty store: its index is filled here, its log left out.
  const file = join(options.dir, 'in-process.db');
  const ctx = await openContext(file);
  try {
    const checker = new Checker(ctx);
    checker.log.record = () => 'dec_not-logged';
    log(`check bench: decision index of ${listings} listings over ${subjects} subjects …`);
    const built = await buildIndex(ctx, file, checker, pop, listings);
    const stats = checker.index.stats();

    const principal: Principal = { role: 'enforcer', actor: 'bench' };
    const listed = checker.check(principal, pop.identifier(pop.listed(0)), ACTION).decision;
    let company = -1;
    for (let k = 0; k < Math.min(listings, 1000) && company < 0; k++)
      if (pop.isCompany(pop.listed(k))) company = pop.listed(k);
    const officer =
      company >= 0 ? checker.check(principal, pop.identifier(pop.officer(company)), ACTION).decision : null;

    const count = Math.min(1_000_000, Math.max(10_000, 2 * listings));
    log(`check bench: ${count} checks as enforcers send them (${LISTED_SHARE * 100}% listed) …`);
    const queries = pop.queries(count, listings);
    let denied = 0;
    for (const q of queries) if (checker.check(principal, q, ACTION).decision === 'deny') denied++;
    const repeat = options.repeat ?? 3;
    const ms = options.runMs ?? 1000;
    log(`check bench: in-process checks, best of ${repeat} …`);
    const checks = rate(queries, repeat, ms, (q) => checker.check(principal, q, ACTION).decision);
    // What a check is made of: parsing the identifier, then the index and the evaluator.
    const now = new Date().toISOString();
    const today = shanghaiDate(now);
    const nowMsFixed = Date.parse(now);
    const parse = (q: string) => {
      const key = identifierKey(q, today);
      if (key === undefined) throw new Error(`not an identifier: ${q}`);
      return key;
    };
    const parses = rate(queries, repeat, ms, parse);
    const parsed = queries.map((q) => flat(parse(q)));
    const book = checker.book;
    const evaluations = rate(
      parsed,
      repeat,
      ms,
      (id) => evaluate(book, checker.index.get(id), ACTION, nowMsFixed, today).decision,
    );
    return {
      subjects,
      listings,
      indexedSubjects: stats.subjects,
      indexBytesPerListing: round(built.bytes / Math.max(1, stats.listings)),
      indexBuildSeconds: round(built.seconds, 1),
      queries: count,
      inProcessChecksPerSec: round(checks),
      evaluateChecksPerSec: round(evaluations),
      parseIdentifiersPerSec: round(parses),
      listedDecision: listed,
      officerDecision: officer,
      deniedShare: round(denied / count, 3),
    };
  } finally {
    await ctx.store.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A store holding the first M_store listings (with the listings derived from them, as every listing has), built
// through the same service as the API's and the demo's; the SQL baseline and the HTTP figures run against it.

export interface StoreFigures {
  storeListings: number;
  storeListingRows: number;
  storeRelations: number;
  storeLoadSeconds: number;
}

export async function buildStore(url: string, pop: Population, listings: number): Promise<StoreFigures> {
  const started = performance.now();
  const ctx = await openContext(url);
  try {
    const list = ctx.catalog.lists.get(LIST)!;
    const spc: Principal = { role: 'agency', agency: list.owner, actor: 'bench' };
    const samr: Principal = { role: 'agency', agency: 'samr', actor: 'bench' };
    const now = Date.now();
    let relations = 0;
    for (let start = 0; start < listings; start += 5000) {
      const end = Math.min(listings, start + 5000);
      const items: { principal: Principal; submission: ListingSubmission }[] = [];
      const rels: NormalizedRelation[] = [];
      for (let k = start; k < end; k++) {
        const i = pop.listed(k);
        const decidedAt = now - (21 + (k % 300)) * DAY;
        const subject = pop.ref(i);
        items.push({
          principal: spc,
          submission: {
            list,
            subject,
            severity: k % 5 === 0 ? 'serious' : 'general',
            decisionNumber: `(2025)京0105执${k}号`,
            conductAt: new Date(decidedAt - 90 * DAY).toISOString(),
            decidedAt: new Date(decidedAt).toISOString(),
            reason: '有履行能力而拒不履行生效法律文书确定义务',
            records: [],
          },
        });
        if (pop.isCompany(i))
          rels.push({
            from: subject,
            to: pop.ref(pop.officer(i)),
            role: 'legal-representative',
            since: '2015-01-01T00:00:00.000Z',
            until: null,
          });
      }
      if (rels.length) {
        const done = await ingestRelations(ctx, samr, rels, { mode: 'batch', target: `bench:${start}` });
        relations += done.filter((o) => o.status === 'created').length;
      }
      await ingestListings(ctx, items);
      if (end % 50_000 === 0 || end === listings) log(`check bench: store ${end}/${listings} listings …`);
    }
    const rows = await ctx.store.db
      .selectFrom('listings')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return {
      storeListings: listings,
      storeListingRows: Number(rows.n),
      storeRelations: relations,
      storeLoadSeconds: round((performance.now() - started) / 1000, 1),
    };
  } finally {
    await ctx.store.close();
  }
}

/** The index `xinyong serve` builds from that store (loadIndex): its heap per listing, strings from rows and all. */
export async function storeIndexBytes(url: string): Promise<{ listings: number; bytesPerListing: number }> {
  const gc = gcFunction();
  const store = await openStore(url);
  try {
    const book = new RuleBook(loadCatalog());
    let index: DecisionIndex | undefined = new DecisionIndex();
    await loadIndex(store.db, book, index, new Date().toISOString());
    const { listings } = index.stats();
    // With the index, then without it once it is garbage: the difference is the index alone, not the caches
    // and connections loading it left behind.
    const withIndex = heapAfterGc(gc);
    index = undefined;
    const without = heapAfterGc(gc);
    return { listings, bytesPerListing: round((withIndex - without) / Math.max(1, listings)) };
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The naive baseline: per check, the subject by its identifier, its listings in effect, and the listings in
// effect of the entities it represented at the time of their conduct — prepared statements on the SQLite file —
// then the measures for the action from the catalog (they are not in the database), by the same evaluator.

export function sqlChecker(file: string): { check: (raw: string) => Decision; close: () => void } {
  const book = new RuleBook(loadCatalog());
  const db = new BetterSqlite3(file);
  // With statistics, as a database under such queries would have, so the baseline gets SQLite's best plans.
  db.exec('analyze');
  const subject = db.prepare('select id from subjects where identifier = ?');
  const own = db.prepare(
    `select id, list, severity, effective_at, ends_at from listings
      where subject_id = ? and ended_at is null and effective_at <= ? and ends_at > ?`,
  );
  const viaRole = db.prepare(
    `select l.id, l.list, l.severity, l.effective_at, l.ends_at, r.role, s.identifier
       from relations r
       join listings l on l.subject_id = r.from_subject_id
       join subjects s on s.id = r.from_subject_id
      where r.to_subject_id = ? and r.superseded_at is null
        and r.role in ('legal-representative', 'director', 'supervisor', 'senior-manager')
        and r.since <= l.conduct_at and (r.until is null or r.until > l.conduct_at)
        and l.ended_at is null and l.effective_at <= ? and l.ends_at > ?`,
  );
  type Row = { id: number; list: string; severity: string; effective_at: string; ends_at: string };
  const base = (r: Row) => ({
    listingId: r.id,
    list: r.list,
    severity: r.severity,
    effectiveAt: Date.parse(r.effective_at),
    endsAt: Date.parse(r.ends_at),
  });
  return {
    check(raw: string): Decision {
      const now = new Date().toISOString();
      const today = shanghaiDate(now);
      const key = identifierKey(raw, today);
      if (key === undefined) throw new Error(`not an identifier: ${raw}`);
      const s = subject.get(key) as { id: number } | undefined;
      if (!s) return evaluate(book, undefined, ACTION, Date.parse(now), today).decision;
      const consequences: Consequence[] = (own.all(s.id, now, now) as Row[]).map((r) => ({
        ...base(r),
        reach: 'self',
      }));
      for (const r of viaRole.all(s.id, now, now) as (Row & { role: Reach; identifier: string })[]) {
        if (book.extensionRoles(r.list).has(r.role))
          consequences.push({ ...base(r), reach: r.role, via: r.identifier });
      }
      return evaluate(book, consequences, ACTION, Date.parse(now), today).decision;
    },
    close: () => db.close(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Over HTTP: `xinyong serve` on the store, a Fastify hello world, autocannon from this process against each.

async function serve(db: string, children: ChildProcess[]): Promise<string> {
  const server = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    // The score keeper's first full recomputation would run under the measured load.
    env: { ...process.env, XINYONG_LOG_LEVEL: 'warn', XINYONG_SCORE_KEEPER: 'off' },
  });
  children.push(server);
  return waitForLine(server, /listening on (http:\/\/\S+)/);
}

/** Stops the servers and waits for them, so that nothing still writes to a store about to be removed. */
async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((c) => {
      if (c.exitCode !== null || c.signalCode !== null) return undefined;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      return exited;
    }),
  );
}

async function token(db: string, args: string[]): Promise<string> {
  const run = await runCli(['token', 'create', ...args, '--db', db]);
  if (run.code !== 0) throw new Error(`token create failed: ${run.stderr}`);
  return run.stdout.trim();
}

// The batch client: POSTs the bodies in turn, one at a time, over one kept-alive connection, after a warm-up of
// 20 requests; checks that each answer is 200 with 1,000 results; prints the latencies in milliseconds as JSON.
const BATCH_CLIENT = `import http from 'node:http';
import { readFileSync } from 'node:fs';
const { url, token, bodies, seconds } = JSON.parse(readFileSync(0, 'utf8'));
const u = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const post = (body) => new Promise((resolve, reject) => {
  const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent,
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
    (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error('POST ' + u.pathname + ': ' + res.statusCode + ' ' + Buffer.concat(parts)));
        resolve(Buffer.concat(parts));
      });
    });
  req.on('error', reject);
  req.end(body);
});
const first = JSON.parse(await post(bodies[0]));
if (first.results.length !== 1000) throw new Error('a batch of 1,000 did not answer 1,000 results');
for (let w = 0; w < 20; w++) await post(bodies[w % bodies.length]);
const latencies = [];
const until = performance.now() + seconds * 1000;
while (performance.now() < until) {
  const started = performance.now();
  await post(bodies[latencies.length % bodies.length]);
  latencies.push(performance.now() - started);
}
agent.destroy();
process.stdout.write(JSON.stringify(latencies));`;

async function batchClient(url: string, token: string, bodies: string[], seconds: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BATCH_CLIENT], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  child.stdin.end(JSON.stringify({ url, token, bodies, seconds }));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the batch client failed: ${Buffer.concat(err).toString()}`);
  return JSON.parse(Buffer.concat(out).toString()) as number[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export interface HttpFigures {
  httpChecksPerSec: number;
  httpP99Ms: number;
  helloWorldReqPerSec: number;
  httpVsHelloWorld: number;
  httpListedDecision: Decision;
  batch1000P50Ms: number;
  batch1000P99Ms: number;
  batch1000Requests: number;
}

export async function httpBench(options: {
  db: string;
  pop: Population;
  storeListings: number;
  seconds: number;
}): Promise<HttpFigures> {
  const children: ChildProcess[] = [];
  try {
    const enforcer = await token(options.db, ['--role', 'enforcer']);
    const serverUrl = await serve(options.db, children);
    const hello = spawn(process.execPath, ['--input-type=module', '-e', HELLO], {
      // From the project root, so `fastify` resolves to the same copy xinyong runs on.
      cwd: PACKAGE_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(hello);
    const helloUrl = await waitForLine(hello, /listening (http:\/\/\S+)/);
    const auth = { authorization: `Bearer ${enforcer}` };

    const listedSubject = options.pop.identifier(options.pop.listed(0));
    const answer = await fetch(`${serverUrl}/api/v1/check?subject=${listedSubject}&action=${ACTION}`, {
      headers: auth,
    });
    if (answer.status !== 200) throw new Error(`GET /api/v1/check: ${answer.status} ${await answer.text()}`);
    const listedDecision = ((await answer.json()) as { decision: Decision }).decision;

    const paths = options.pop
      .queries(100_000, options.storeListings, 23)
      .map((q) => `/api/v1/check?subject=${encodeURIComponent(q)}&action=${ACTION}`);
    const warm = Math.min(2, options.seconds);
    log(`check bench: HTTP warm-up (${warm}s each) …`);
    await cannon(serverUrl, paths, enforcer, warm);
    await cannon(helloUrl, ['/'], undefined, warm);
    log(`check bench: ${options.seconds}s of GET /api/v1/check and of hello world, in alternating rounds …`);
    const {
      target: checks,
      hello: world,
      ratio,
    } = await besideHelloWorld({ url: serverUrl, paths, token: enforcer }, helloUrl, options.seconds);

    // Manifests of 1,000 subjects in the same mix, one request after another on a kept-alive connection, from a
    // client process of its own (this one's heap, with the populations above, would add its pauses).
    const pool = options.pop.queries(20_000, options.storeListings, 29);
    const bodies: string[] = [];
    for (let b = 0; b < 20; b++)
      bodies.push(JSON.stringify({ action: ACTION, subjects: pool.slice(b * 1000, (b + 1) * 1000) }));
    log(`check bench: ${options.seconds}s of POST /api/v1/check/batch (1,000 subjects), one after another …`);
    const latencies = await batchClient(`${serverUrl}/api/v1/check/batch`, enforcer, bodies, options.seconds);
    latencies.sort((a, b) => a - b);
    return {
      httpChecksPerSec: round(checks.requestsPerSec),
      httpP99Ms: checks.p99Ms,
      helloWorldReqPerSec: round(world.requestsPerSec),
      httpVsHelloWorld: round(ratio, 2),
      httpListedDecision: listedDecision,
      batch1000P50Ms: round(percentile(latencies, 0.5), 2),
      batch1000P99Ms: round(percentile(latencies, 0.99), 2),
      batch1000Requests: latencies.length,
    };
  } finally {
    await stopAll(children);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Propagation: two `xinyong serve` on one fresh PostgreSQL database; a listing through the first, and the second
// asked until it denies.

export interface PropagationFigures {
  /** Median over the trials, from sending the listing to the first deny from the other process. */
  propagationMs: number;
  propagationBestMs: number;
  propagationWorstMs: number;
  propagationTrials: number;
}

export async function propagationBench(options: {
  pgAdmin: string;
  trials?: number;
}): Promise<PropagationFigures> {
  const db = await freshPostgres(options.pgAdmin);
  const children: ChildProcess[] = [];
  try {
    const spc = await token(db.url, ['--role', 'agency', '--agency', 'spc']);
    const enforcer = await token(db.url, ['--role', 'enforcer']);
    // The tokens migrated the database: the two servers may start together.
    const [a, b] = await Promise.all([serve(db.url, children), serve(db.url, children)]);
    const decisionOnB = async (subject: string) => {
      const res = await fetch(`${b}/api/v1/check?subject=${subject}&action=${ACTION}`, {
        headers: { authorization: `Bearer ${enforcer}` },
      });
      if (res.status !== 200) throw new Error(`GET /api/v1/check: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { decision: Decision }).decision;
    };
    const trials = options.trials ?? 7;
    log(`check bench: propagation between two processes on PostgreSQL, ${trials} trials …`);
    const rng = new Random(31);
    const times: number[] = [];
    for (let t = 0; t < trials; t++) {
      // Beyond the population of the other figures: a subject no process has seen listed.
      const subject = demoResidentId(900_000_000 + t);
      if ((await decisionOnB(subject)) !== 'allow')
        throw new Error(`${subject} is denied before its listing`);
      // At a random point of the other process's polling cycle.
      await new Promise((r) => setTimeout(r, rng.int(0, 250)));
      const decided = new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10);
      const started = performance.now();
      const res = await fetch(`${a}/api/v1/listings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${spc}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          list: LIST,
          subject,
          severity: 'general',
          decisionNumber: `(2026)京0105执${t}号`,
          conductAt: '2025-01-01',
          decidedAt: decided,
          reason: '有履行能力而拒不履行生效法律文书确定义务',
        }),
      });
      if (res.status !== 201) throw new Error(`POST /api/v1/listings: ${res.status} ${await res.text()}`);
      for (;;) {
        if ((await decisionOnB(subject)) === 'deny') break;
        if (performance.now() - started > 30_000) throw new Error('the other process never denied');
        await new Promise((r) => setTimeout(r, 2));
      }
      times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    return {
      propagationMs: round(percentile(times, 0.5)),
      propagationBestMs: round(times[0]!),
      propagationWorstMs: round(times[times.length - 1]!),
      propagationTrials: trials,
    };
  } finally {
    await stopAll(children);
    await db.drop();
  }
}

// ---------------------------------------------------------------------------------------------------------------

export type CheckFigures = InProcessFigures &
  StoreFigures &
  HttpFigures &
  Partial<PropagationFigures> & {
    storeIndexBytesPerListing: number;
    sqlChecksPerSec: number;
    sqlListedDecision: Decision;
    inProcessVsSql: number;
    goals: typeof GOALS;
  };

export async function checkBench(options: {
  subjects: number;
  listings: number;
  storeListings: number;
  seconds: number;
  /** PostgreSQL to create the propagation database through; none: no propagation figure. */
  pgAdmin?: string;
  propagationTrials?: number;
  repeat?: number;
  runMs?: number;
}): Promise<CheckFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-bench-check-'));
  try {
    const inProcess = await inProcessBench({
      subjects: options.subjects,
      listings: options.listings,
      repeat: options.repeat,
      runMs: options.runMs,
      dir,
    });
    const pop = new Population(options.subjects);
    const storeListings = Math.min(options.listings, options.storeListings);
    const db = join(dir, 'check.db');
    log(`check bench: SQLite store of ${storeListings} listings (and those derived from them) …`);
    const store = await buildStore(db, pop, storeListings);
    const storeIndex = await storeIndexBytes(db);

    log(`check bench: the same checks by SQL queries per check, best of ${options.repeat ?? 3} …`);
    const sql = sqlChecker(db);
    let sqlRate: number;
    let sqlListed: Decision;
    try {
      sqlListed = sql.check(pop.identifier(pop.listed(0)));
      sqlRate = rate(
        pop.queries(Math.min(100_000, Math.max(10_000, storeListings)), storeListings, 17),
        options.repeat ?? 3,
        options.runMs ?? 1000,
        sql.check,
      );
    } finally {
      sql.close();
    }

    const http = await httpBench({ db, pop, storeListings, seconds: options.seconds });
    const propagation = options.pgAdmin
      ? await propagationBench({ pgAdmin: options.pgAdmin, trials: options.propagationTrials })
      : {};
    return {
      ...inProcess,
      ...store,
      storeIndexBytesPerListing: storeIndex.bytesPerListing,
      sqlChecksPerSec: round(sqlRate),
      sqlListedDecision: sqlListed,
      inProcessVsSql: round(inProcess.inProcessChecksPerSec / sqlRate, 1),
      ...http,
      ...propagation,
      goals: GOALS,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
