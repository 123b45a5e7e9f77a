// NPCIC-style figures (seed 004): subjects listed by list and kind, new and ended listings by month, refused
// actions by action and month. Months are counted in Asia/Shanghai.
import { sql } from 'kysely';
import { decisionCounts } from '../store/decisions.js';
import type { Context } from './context.js';

const month = (ctx: Context, column: string) =>
  ctx.store.dialect === 'postgres'
    ? sql<string>`to_char((${sql.ref(column)})::timestamptz at time zone 'Asia/Shanghai', 'YYYY-MM')`
    : sql<string>`strftime('%Y-%m', ${sql.ref(column)}, '+8 hours')`;

export interface Stats {
  generatedAt: string;
  listedSubjects: { list: string; kind: string; subjects: number }[];
  listingsByMonth: { month: string; list: string; new: number; ended: number }[];
  refusedByMonth: { month: string; action: string; refused: number }[];
}

export async function stats(ctx: Context): Promise<Stats> {
  const now = ctx.clock.now();
  const db = ctx.store.db;
  const listed = await db
    .selectFrom('listings')
    .innerJoin('subjects', 'subjects.id', 'listings.subject_id')
    .select([
      'listings.list',
      'subjects.kind',
      (eb) => eb.fn.count<number>('listings.subject_id').distinct().as('subjects'),
    ])
    .where('listings.ended_at', 'is', null)
    .where('listings.effective_at', '<=', now)
    .where('listings.ends_at', '>', now)
    .groupBy(['listings.list', 'subjects.kind'])
    .orderBy('listings.list')
    .execute();
  const started = await db
    .selectFrom('listings')
    .select([month(ctx, 'effective_at').as('month'), 'list', (eb) => eb.fn.countAll<number>().as('n')])
    .where('effective_at', '<=', now)
    .groupBy([sql`1`, 'list'])
    .execute();
  const ended = await db
    .selectFrom('listings')
    .select([
      (ctx.store.dialect === 'postgres'
        ? sql<string>`to_char((coalesce(ended_at, ends_at))::timestamptz at time zone 'Asia/Shanghai', 'YYYY-MM')`
        : sql<string>`strftime('%Y-%m', coalesce(ended_at, ends_at), '+8 hours')`
      ).as('month'),
      'list',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where((eb) =>
      eb.or([eb('ended_at', '<=', now), eb.and([eb('ended_at', 'is', null), eb('ends_at', '<=', now)])]),
    )
    .groupBy([sql`1`, 'list'])
    .execute();
  const byMonth = new Map<string, { month: string; list: string; new: number; ended: number }>();
  const slot = (m: string, list: string) => {
    const k = `${m}|${list}`;
    let e = byMonth.get(k);
    if (!e) {
      e = { month: m, list, new: 0, ended: 0 };
      byMonth.set(k, e);
    }
    return e;
  };
  for (const r of started) slot(r.month, r.list).new += Number(r.n);
  for (const r of ended) slot(r.month, r.list).ended += Number(r.n);
  const refused = await decisionCounts(db, 'deny');
  return {
    generatedAt: now,
    listedSubjects: listed.map((r) => ({ list: r.list, kind: r.kind, subjects: Number(r.subjects) })),
    listingsByMonth: [...byMonth.values()].sort(
      (a, b) => a.month.localeCompare(b.month) || a.list.localeCompare(b.list),
    ),
    refusedByMonth: refused
      .map((r) => ({ month: r.month, action: r.action, refused: Number(r.n) }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.action.localeCompare(b.action)),
  };
}
