// Keeps scores current: recomputes a subject's scores when its input changes — a new record or a correction (the
// records table, followed by id, from any process), a listing that starts or ends or a record withdrawn (the
// change feed), or the clock (a score whose points lapse, by its next_change_at) — and writes them back.
// Wakes at once on this process's own writes; polls for other processes' writes.
import { SCORE_RECORD_TYPE } from '../../domain/scoring/engine.js';
import { onDataChanged } from '../../store/data-version.js';
import type { Context } from '../context.js';
import { schemeRegistry } from './registry.js';
import { rescore } from './scores.js';

const RECORDS_CURSOR = 'scores.records-cursor';
const CHANGES_CURSOR = 'scores.changes-cursor';
const PAGE = 5000;

export class ScoreKeeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private unsubscribe: (() => void) | undefined;
  /** Set by stop(): a full recomputation under way gives up after its page, and the keeper does not start. */
  private stopped = false;
  private records = 0;
  private changes = 0;
  /** Recomputations written since start, and when the last poll finished (epoch ms), for health. */
  written = 0;
  lastPollAt = 0;

  constructor(
    private readonly ctx: Context,
    private readonly intervalMs = 250,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly pageSize = PAGE,
  ) {}

  /**
   * Reads the position; on a store never scored, scores every subject a scheme applies to first (in the
   * background of `serve`, as the caller chooses) and starts following from there.
   */
  async init(): Promise<{ fullRecompute: boolean; written: number; interrupted?: true }> {
    const db = this.ctx.store.db;
    const settings = await db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'in', [RECORDS_CURSOR, CHANGES_CURSOR])
      .execute();
    const get = (k: string) => settings.find((s) => s.key === k)?.value;
    if (get(RECORDS_CURSOR) !== undefined) {
      this.records = Number(get(RECORDS_CURSOR));
      this.changes = Number(get(CHANGES_CURSOR) ?? 0);
      return { fullRecompute: false, written: 0 };
    }
    // First run: everything so far, then follow.
    const maxRecord = await db
      .selectFrom('records')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const maxChange = await db
      .selectFrom('changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    const { written } = await this.scoreAll();
    // Stopped part way: no cursors saved, so the next start scores everything again (rescoring is idempotent).
    if (this.stopped) return { fullRecompute: true, written, interrupted: true };
    this.records = Number(maxRecord?.id ?? 0);
    this.changes = Number(maxChange?.seq ?? 0);
    await this.saveCursors();
    return { fullRecompute: true, written };
  }

  /**
   * Recomputes every subject a scheme could apply to (by kind), in pages of subject ids; stops between pages once
   * the keeper is stopped. Returns the subjects recomputed and the score records written (for those changed).
   */
  async scoreAll(reason = 'recomputed: full recomputation'): Promise<{ scored: number; written: number }> {
    const registry = schemeRegistry(this.ctx.catalog);
    const kinds = [...new Set([...registry.compiled.values()].flatMap((c) => c.scheme.subjectKinds))];
    let last = 0;
    let scored = 0;
    let written = 0;
    if (kinds.length === 0) return { scored, written };
    while (!this.stopped) {
      const page = await this.ctx.store.db
        .selectFrom('subjects')
        .select('id')
        .where('id', '>', last)
        .where('kind', 'in', kinds)
        .orderBy('id')
        .limit(this.pageSize)
        .execute();
      if (page.length === 0) break;
      written += await rescore(
        this.ctx,
        page.map((p) => p.id),
        reason,
      );
      last = page[page.length - 1]!.id;
      scored += page.length;
    }
    return { scored, written };
  }

  start(): void {
    if (this.stopped) return;
    this.unsubscribe = onDataChanged(this.ctx.store.db, () => this.wake());
    this.timer = setInterval(() => this.wake(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    while (this.running) await this.running;
  }

  /** Polls now (or right after the poll under way). */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.poll()
      .then(() => undefined, this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** One pass: what changed since the cursors, and what the clock changed; returns the records written. */
  async poll(): Promise<number> {
    const db = this.ctx.store.db;
    const registry = schemeRegistry(this.ctx.catalog);
    const now = this.ctx.clock.now();
    let written = 0;
    for (;;) {
      const subjects = new Set<number>();
      const records = await db
        .selectFrom('records')
        .select(['id', 'subject_id', 'type'])
        .where('id', '>', this.records)
        .orderBy('id')
        .limit(this.pageSize)
        .execute();
      for (const r of records)
        if (r.type !== SCORE_RECORD_TYPE && registry.reads(r.type)) subjects.add(r.subject_id);
      const changes = await db
        .selectFrom('changes')
        .select(['seq', 'kind', 'subject_id'])
        .where('seq', '>', this.changes)
        .orderBy('seq')
        .limit(this.pageSize)
        .execute();
      for (const c of changes) if (c.kind === 'listing' || c.kind === 'record') subjects.add(c.subject_id);
      if (records.length === 0 && changes.length === 0) break;
      if (subjects.size) written += await rescore(this.ctx, [...subjects], 'recomputed: its records changed');
      if (records.length) this.records = records[records.length - 1]!.id;
      if (changes.length) this.changes = changes[changes.length - 1]!.seq;
      await this.saveCursors();
      if (records.length < PAGE && changes.length < PAGE) break;
    }
    const due = await db
      .selectFrom('scores')
      .select('subject_id')
      .distinct()
      .where('next_change_at', '<=', now)
      .limit(PAGE)
      .execute();
    if (due.length)
      written += await rescore(
        this.ctx,
        due.map((d) => d.subject_id),
        'recomputed: points lapsed',
      );
    this.written += written;
    this.lastPollAt = Date.now();
    return written;
  }

  private async saveCursors(): Promise<void> {
    const db = this.ctx.store.db;
    for (const [key, value] of [
      [RECORDS_CURSOR, String(this.records)],
      [CHANGES_CURSOR, String(this.changes)],
    ] as const) {
      await db
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    }
  }
}
