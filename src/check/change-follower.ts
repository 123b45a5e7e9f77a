// Keeps a process's decision index current: polls the change feed (a table every write appends to in its own
// transaction) and re-reads what changed. Several processes on one database each follow it; each sees every
// change within one polling interval.
import type { RuleBook } from '../domain/check/rule-book.js';
import type { Context } from '../services/context.js';
import type { DecisionIndex } from './decision-index.js';
import type { GradeIndex } from './grade-index.js';
import { refresh } from './index-loader.js';

const MAINTENANCE_MS = 60_000;

export class ChangeFollower {
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** When the last poll finished, for health reports (epoch ms). */
  lastPollAt = 0;

  constructor(
    private readonly ctx: Context,
    private readonly book: RuleBook,
    private readonly index: DecisionIndex,
    private readonly intervalMs = 200,
    private readonly onError: (err: unknown) => void = () => {},
    /** Grades that earn benefits, refreshed on the score keeper's announcements. */
    private readonly grades?: GradeIndex,
  ) {}

  /** The position to follow from: read before the index is built, so nothing written during the build is missed. */
  async mark(): Promise<void> {
    const row = await this.ctx.store.db
      .selectFrom('changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    this.last = Number(row?.seq ?? 0);
  }

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.poll()
          .then(() => undefined, this.onError)
          .finally(() => (this.running = undefined));
      }
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private queue: Promise<unknown> = Promise.resolve();
  private lastMaintenance = Date.now();

  /**
   * Now and then: drop consequences whose end has passed (they no longer change any answer), and changes older than
   * a day (a process that was away longer rebuilds its index from the store when it starts).
   */
  private async maintain(): Promise<void> {
    if (Date.now() - this.lastMaintenance < MAINTENANCE_MS) return;
    this.lastMaintenance = Date.now();
    const now = this.ctx.clock.now();
    this.index.prune(Date.parse(now));
    const dayAgo = new Date(Date.parse(now) - 86_400_000).toISOString();
    await this.ctx.store.db
      .deleteFrom('changes')
      .where('at', '<', dayAgo)
      .where('seq', '<=', this.last)
      .execute();
  }

  /**
   * Applies every change after the last one applied; returns how many. Polls run one after another, so facts read
   * later are never overwritten by facts read earlier.
   */
  poll(): Promise<number> {
    const run = this.queue.then(() => this.pollOnce());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async pollOnce(): Promise<number> {
    let applied = 0;
    for (;;) {
      const changes = await this.ctx.store.db
        .selectFrom('changes')
        .selectAll()
        .where('seq', '>', this.last)
        .orderBy('seq')
        .limit(5000)
        .execute();
      if (changes.length === 0) break;
      const listings = changes.flatMap((c) =>
        c.kind === 'listing' && c.listing_id !== null ? [c.listing_id] : [],
      );
      const entities = changes.flatMap((c) => (c.kind === 'relation' ? [c.subject_id] : []));
      const scored = changes.flatMap((c) => (c.kind === 'score' ? [c.subject_id] : []));
      if (this.grades && scored.length) await this.grades.load(this.ctx.store.db, [...new Set(scored)]);
      await refresh(
        this.ctx.store.db,
        this.book,
        this.index,
        [...new Set(listings)],
        [...new Set(entities)],
        this.ctx.clock.now(),
      );
      this.last = changes[changes.length - 1]!.seq;
      applied += changes.length;
      if (changes.length < 5000) break;
    }
    this.lastPollAt = Date.now();
    await this.maintain();
    return applied;
  }
}
