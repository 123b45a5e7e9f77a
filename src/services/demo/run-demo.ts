// Loads the demo population through the same batch paths as imports (audited, idempotent): running it twice
// stores nothing twice.

import type { Principal } from '../../domain/principal.js';
import { KnownSubjects } from '../../store/subjects.js';
import type { Context } from '../context.js';
import { ingestRecords } from '../ingest-records.js';
import { ingestListings } from '../listings.js';
import { ingestRelations } from '../relations.js';
import { startWorker } from '../workers.js';
import { type DemoChunk, DemoGenerator, demoSubject } from './generate.js';

export interface DemoOptions {
  subjects: number;
  seed: number;
  chunkSize?: number;
  onProgress?: (done: number, total: number, counts: DemoCounts) => void;
}

export interface DemoCounts {
  subjects: number;
  records: number;
  relations: number;
  listings: number;
}

export const DEMO_ACTOR = 'demo';

/** Chunks in order; above a few thousand subjects they are generated in a worker, one chunk ahead of the writer. */
async function* chunks(
  ctx: Context,
  seed: number,
  total: number,
  size: number,
): AsyncGenerator<[number, number, DemoChunk]> {
  const ranges: [number, number][] = [];
  for (let start = 0; start < total; start += size) ranges.push([start, Math.min(total, start + size)]);
  if (total <= 2 * size) {
    const generator = new DemoGenerator(ctx.catalog, seed);
    for (const [start, end] of ranges) yield [start, end, generator.chunk(start, end)];
    return;
  }
  const worker = startWorker('services/demo/chunk-worker', { seed });
  // One request at a time: the reply to a request is the next message.
  let failed: unknown;
  worker.on('error', (e) => {
    failed = e;
  });
  const ask = (range: [number, number]) =>
    new Promise<DemoChunk>((resolve, reject) => {
      if (failed) return reject(failed);
      const onError = (e: unknown) => reject(e);
      worker.once('error', onError);
      worker.once('message', (chunk: DemoChunk) => {
        worker.off('error', onError);
        resolve(chunk);
      });
      worker.postMessage({ start: range[0], end: range[1] });
    });
  try {
    let next = ask(ranges[0]!);
    for (let k = 0; k < ranges.length; k++) {
      const chunk = await next;
      if (k + 1 < ranges.length) next = ask(ranges[k + 1]!);
      yield [ranges[k]![0], ranges[k]![1], chunk];
    }
  } finally {
    await worker.terminate();
  }
}

export async function runDemo(ctx: Context, options: DemoOptions): Promise<DemoCounts> {
  const chunkSize = Math.max(100, Math.floor((options.chunkSize ?? 5000) / 100) * 100);
  const registrar: Principal = { role: 'agency', agency: 'samr', actor: DEMO_ACTOR };
  const loader: Principal = { role: 'operator', actor: DEMO_ACTOR };
  const counts: DemoCounts = { subjects: 0, records: 0, relations: 0, listings: 0 };
  // The subjects a chunk's relations stored are committed by the time its records are: not looked up again.
  const knownSubjects = new KnownSubjects();
  for await (const [start, end, chunk] of chunks(ctx, options.seed, options.subjects, chunkSize)) {
    const rels = await ingestRelations(ctx, registrar, chunk.relations, {
      mode: 'batch',
      target: `demo:${options.seed}#${start}`,
      knownSubjects,
    });
    for (const o of rels) {
      if (o.status === 'conflict') continue;
      knownSubjects.remember(o.from);
      knownSubjects.remember(o.to);
    }
    const recs = await ingestRecords(ctx, loader, chunk.records, {
      mode: 'batch',
      target: `demo:${options.seed}#${start}`,
      knownSubjects,
    });
    // Listings come from each list's owner; the catalog objects are the worker's copies, so look them up here.
    const listed = await ingestListings(
      ctx,
      chunk.listings.map((l) => {
        const list = ctx.catalog.lists.get(l.list.code)!;
        return {
          principal: { role: 'agency' as const, agency: list.owner, actor: DEMO_ACTOR },
          submission: { ...l, list },
        };
      }),
    );
    counts.listings += listed.created;
    counts.subjects += chunk.subjects.length;
    counts.relations += rels.filter((o) => o.status === 'created').length;
    counts.records += recs.filter((o) => o.status === 'created').length;
    options.onProgress?.(end, options.subjects, counts);
  }
  return counts;
}

/** Identifiers of well-known demo subjects, for demo tokens and the README. */
export function demoExamples(seed: number) {
  return {
    enterprise: demoSubject(seed, 0),
    person: demoSubject(seed, 60),
    socialOrganization: demoSubject(seed, 98),
  };
}
