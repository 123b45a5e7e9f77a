// `xinyong bench score`: the scoring engine's throughput on a full recomputation of N subjects with 10 records
// each, on one core (rule × record tests per second; goal ≥ 2 million), and the latency from a new record to the
// updated score written back into the file (goal ≤ 100 ms), through the store and the score keeper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/load.js';
import { residentIdCheckCharacter } from '../domain/identifiers/resident-id.js';
import {
  type CompiledScheme,
  compileScheme,
  evaluateScheme,
  type ScoreInput,
} from '../domain/scoring/engine.js';
import { systemClock } from '../services/context.js';
import { ScoreKeeper } from '../services/scoring/score-keeper.js';
import { submitRecord } from '../services/submit-record.js';
import { migrate, openStore } from '../store/database.js';
import { log, round } from './measure.js';

export interface ScoreFigures {
  scheme: string;
  rules: number;
  subjects: number;
  records: number;
  seconds: number;
  recordsPerSec: number;
  /** Rule × record tests made (each record against the rules that read its type). */
  testsPerSec: number;
  /** Every record against every rule of the scheme, as if there were no index by type. */
  nominalRulesTimesRecordsPerSec: number;
  latency: { samples: number; p50Ms: number; p99Ms: number; maxMs: number };
  goal: { rulesTimesRecordsPerSec: number; latencyMs: number };
}

/** A deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

/**
 * Ten records per subject, drawn from the record types the scheme reads, with field values that sometimes meet
 * its conditions and sometimes not (the example of each type, varied).
 */
function makeInputs(
  catalog: ReturnType<typeof loadCatalog>,
  compiled: CompiledScheme,
  count: number,
  nowMs: number,
  rnd: () => number,
  firstRef: number,
): ScoreInput[][] {
  const types = [...compiled.types].filter((t) => catalog.recordTypes.has(t));
  const examples = types.map((t) => catalog.recordTypes.get(t)!.example as Record<string, unknown>);
  const out: ScoreInput[][] = [];
  let ref = firstRef;
  for (let s = 0; s < count; s++) {
    const inputs: ScoreInput[] = [];
    for (let i = 0; i < 10; i++) {
      const k = Math.floor(rnd() * types.length);
      const fields: Record<string, unknown> = { ...examples[k] };
      for (const [key, v] of Object.entries(fields))
        if (typeof v === 'number') fields[key] = Math.round(v * (0.2 + rnd() * 2));
      inputs.push({
        ref: `record:${ref++}`,
        type: types[k]!,
        agency: 'bench',
        occurredMs: nowMs - Math.floor(rnd() * 900) * DAY,
        fields,
      });
    }
    out.push(inputs);
  }
  return out;
}

/** Full recomputation in memory: inputs are made outside the timed part, in chunks. */
function engineThroughput(subjects: number, schemeCode: string) {
  const catalog = loadCatalog();
  const scheme = catalog.schemes.get(schemeCode);
  if (!scheme) throw new Error(`no scheme ${schemeCode}`);
  const compiled = compileScheme(scheme);
  const nowMs = Date.parse('2026-11-23T00:00:00Z');
  const rnd = random(7);
  let tests = 0;
  let records = 0;
  let ms = 0;
  let checksum = 0;
  const CHUNK = 20_000;
  for (let done = 0; done < subjects; done += CHUNK) {
    const n = Math.min(CHUNK, subjects - done);
    const chunk = makeInputs(catalog, compiled, n, nowMs, rnd, done * 10);
    const t0 = performance.now();
    for (const inputs of chunk) {
      const r = evaluateScheme(compiled, inputs, nowMs);
      tests += r.tests;
      checksum += r.score;
    }
    ms += performance.now() - t0;
    records += n * 10;
  }
  return { scheme, compiled, tests, records, seconds: ms / 1000, checksum };
}

function residentId(first17: string) {
  return first17 + residentIdCheckCharacter(first17);
}

/** A record submitted through the service, then the time until the score keeper has written the new score. */
async function latency(samples: number) {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-bench-score-'));
  const store = await openStore(join(dir, 'score.db'));
  try {
    await migrate(store);
    const ctx = { store, catalog: loadCatalog(), clock: systemClock };
    const keeper = new ScoreKeeper(ctx, 1000);
    await keeper.init();
    keeper.start();
    const times: number[] = [];
    const principal = { role: 'agency' as const, actor: 'bench', agency: 'sgcc' };
    for (let i = 0; i < samples; i++) {
      const subject = residentId(
        `361002198001${String((i % 28) + 1).padStart(2, '0')}${String(i).padStart(3, '0')}`.slice(0, 17),
      );
      const before = await store.db
        .selectFrom('scores')
        .select('record_id')
        .where('scheme', '=', 'fuzhou.points')
        .where(
          'subject_id',
          'in',
          store.db.selectFrom('subjects').select('id').where('identifier', '=', subject),
        )
        .executeTakeFirst();
      const t0 = performance.now();
      await submitRecord(ctx, principal, {
        type: 'utility.payment',
        subject: { id: subject },
        externalId: `bench-${i}`,
        occurredAt: '2026-10-05',
        fields: {
          utility: 'electricity',
          provider: '国网江西省电力有限公司抚州供电分公司',
          billingMonth: '2026-04',
          amountBilled: 300 + i,
          amountPaid: 0,
          status: 'in-arrears',
          daysOverdue: 170,
        },
      });
      for (;;) {
        const row = await store.db
          .selectFrom('scores')
          .innerJoin('subjects', 'subjects.id', 'scores.subject_id')
          .select('scores.record_id')
          .where('scores.scheme', '=', 'fuzhou.points')
          .where('subjects.identifier', '=', subject)
          .executeTakeFirst();
        if (row && row.record_id !== before?.record_id) break;
        if (performance.now() - t0 > 10_000) throw new Error('the score was not updated within 10 s');
        await new Promise((r) => setTimeout(r, 1));
      }
      times.push(performance.now() - t0);
    }
    await keeper.stop();
    times.sort((a, b) => a - b);
    const at = (q: number) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))]!, 1);
    return { samples, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round(times[times.length - 1]!, 1) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function scoreBench(options: {
  subjects: number;
  scheme?: string;
  samples?: number;
}): Promise<ScoreFigures> {
  const code = options.scheme ?? 'fuzhou.points';
  log(`score bench: full recomputation of ${options.subjects} subjects × 10 records in ${code} …`);
  const e = engineThroughput(options.subjects, code);
  log(`score bench: latency from a new record to its score written back …`);
  const l = await latency(options.samples ?? 200);
  return {
    scheme: code,
    rules: e.scheme.rules.length,
    subjects: options.subjects,
    records: e.records,
    seconds: round(e.seconds, 2),
    recordsPerSec: Math.round(e.records / e.seconds),
    testsPerSec: Math.round(e.tests / e.seconds),
    nominalRulesTimesRecordsPerSec: Math.round((e.records * e.scheme.rules.length) / e.seconds),
    latency: l,
    goal: { rulesTimesRecordsPerSec: 2_000_000, latencyMs: 100 },
  };
}
