// For the demo: a few objections and repair applications still pending (some filed long enough ago to be
// overdue, so the queues show their red rows), and real checks of listed subjects for flights and trains, so the
// decision log holds refusals for the statistics. A fixed number, chosen from the first listings in effect (the
// data is deterministic, so are they), filed through the same services as the API — nothing per subject.
import { Checker } from '../../check/checker.js';
import { refresh } from '../../check/index-loader.js';
import { ProblemError } from '../../domain/errors.js';
import type { Principal } from '../../domain/principal.js';
import type { Context } from '../context.js';
import { fileObjection } from '../objections.js';
import { applyForRepair } from '../repairs.js';
import { DEMO_ACTOR } from './run-demo.js';

const OBJECTIONS = 4;
const REPAIRS = 3;
const CHECKED_SUBJECTS = 12;
const CHECKED_ACTIONS = ['air.ticket.purchase', 'rail.ticket.hsr', 'rail.ticket.soft-sleeper'];
/** How long before now the first filings of each kind are made: past any answer deadline. */
const LONG_AGO_MS = 60 * 86_400_000;

export interface DemoFilings {
  objections: number;
  repairs: number;
  checks: number;
}

export async function demoPendingFilings(ctx: Context, exclude: string[] = []): Promise<DemoFilings> {
  const done: DemoFilings = { objections: 0, repairs: 0, checks: 0 };
  // Run once: a second run of the demo files nothing and checks nobody again.
  const earlier = await ctx.store.db
    .selectFrom('objections')
    .select('id')
    .where('filed_by', '=', DEMO_ACTOR)
    .limit(1)
    .executeTakeFirst();
  if (earlier) return done;
  const now = ctx.clock.now();
  const longAgo = new Date(Date.parse(now) - LONG_AGO_MS).toISOString();
  const candidates = await ctx.store.db
    .selectFrom('listings')
    .innerJoin('subjects', 'subjects.id', 'listings.subject_id')
    .select(['listings.id', 'listings.list', 'listings.subject_id', 'subjects.identifier'])
    .where('listings.ended_at', 'is', null)
    .where('listings.effective_at', '<=', longAgo)
    .where('listings.ends_at', '>', now)
    .where('listings.objection_id', 'is', null)
    .orderBy('listings.id')
    .limit(60)
    .execute();
  const usable = candidates.filter((c) => !exclude.includes(c.identifier));
  const asSubject = (subjectId: number): Principal => ({ role: 'subject', subjectId, actor: DEMO_ACTOR });
  const at = (i: number): Context => (i % 2 === 0 ? { ...ctx, clock: { now: () => longAgo } } : ctx);

  // Objections on different subjects' listings: every other one filed long ago, so overdue now.
  const objected = new Set<number>();
  for (const c of usable) {
    if (done.objections >= OBJECTIONS) break;
    if (objected.has(c.subject_id)) continue;
    await fileObjection(
      at(done.objections),
      asSubject(c.subject_id),
      {
        itemType: 'listing',
        item: c.id,
        reason: '列入所依据的事实已有变化，相关材料已补正，请求核实后移出（演示数据）。',
      },
      [],
      `demo-objection-${c.id}`,
    );
    objected.add(c.subject_id);
    done.objections++;
  }
  // Repair applications on other listings whose list allows repair; a list that does not is skipped.
  for (const c of usable) {
    if (done.repairs >= REPAIRS) break;
    if (objected.has(c.subject_id) || !ctx.catalog.lists.get(c.list)?.repair?.allowed) continue;
    try {
      await applyForRepair(
        at(done.repairs),
        asSubject(c.subject_id),
        {
          listing: c.id,
          obligationsPerformed: '已全部履行生效法律文书确定的义务，并缴清相关款项（演示数据）。',
          commitmentLetter: '本人/本单位承诺今后依法诚信经营，自觉履行法定义务（演示数据）。',
        },
        [],
        `demo-repair-${c.id}`,
      );
      objected.add(c.subject_id);
      done.repairs++;
    } catch (err) {
      // Not eligible yet (a minimum period, a requirement): the next listing is tried. Anything else is a fault.
      if (!(err instanceof ProblemError) || err.status >= 500) throw err;
    }
  }
  // Real checks of listed subjects, answered from an index of just their listings, written to the decision log.
  const checked = usable.slice(0, CHECKED_SUBJECTS);
  const checker = new Checker(ctx);
  await refresh(
    ctx.store.db,
    checker.book,
    checker.index,
    checked.map((c) => c.id),
    [],
    now,
  );
  const enforcer: Principal = { role: 'enforcer', actor: DEMO_ACTOR };
  for (const c of checked)
    for (const action of CHECKED_ACTIONS) {
      checker.check(enforcer, c.identifier, action);
      done.checks++;
    }
  await checker.log.close();
  return done;
}
