// Whether the stored data changed since a cached answer was made. The store keeps a counter every data-changing
// audited write moves (in any process); reading it on every request would cost a query per request, so a watch
// reads it at most every `maxAgeMs` and adds this process's own writes, which it knows of at once. So a process
// sees its own writes at once and other processes' within maxAgeMs.
import type { Kysely } from 'kysely';
import { prepared } from './prepared.js';
import type { DB } from './schema.js';

/** How stale another process's write may be seen by a cache in this one. */
export const OTHER_PROCESS_STALENESS_MS = 100;

const localWrites = new WeakMap<Kysely<DB>, number>();

const listeners = new WeakMap<Kysely<DB>, Set<() => void>>();

/** Called after a data-changing transaction commits in this process. */
export function noteDataChanged(db: Kysely<DB>): void {
  localWrites.set(db, (localWrites.get(db) ?? 0) + 1);
  for (const fn of listeners.get(db) ?? []) fn();
}

/** Calls `fn` after each data-changing commit of this process (read models that follow writes at once). */
export function onDataChanged(db: Kysely<DB>, fn: () => void): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(fn);
  return () => set.delete(fn);
}

const dataVersionQuery = prepared<[number], { data_version: number }>((db) =>
  db.selectFrom('audit_state').select('data_version').where('id', '=', 1),
);

/** The store's counter, read now. */
export async function dataVersion(db: Kysely<DB>): Promise<number> {
  const [s] = await dataVersionQuery(db, [1]);
  return s!.data_version;
}

export class DataVersionWatch {
  private stored = -1;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;
  /** The value last made, and what it was made of. */
  private value = '';
  private madeOf: [stored: number, local: number] = [Number.NaN, -1];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxAgeMs = OTHER_PROCESS_STALENESS_MS,
  ) {}

  /** A value that differs from any earlier one once the data changed (see above for how soon). */
  async current(): Promise<string> {
    if (performance.now() - this.readAt >= this.maxAgeMs) {
      // Requests arriving together share one read.
      this.reading ??= (async () => {
        const started = performance.now();
        try {
          this.stored = await dataVersion(this.db);
          this.readAt = started;
        } finally {
          this.reading = undefined;
        }
      })();
      await this.reading;
    }
    return this.made();
  }

  /**
   * current()'s value when it needs no read of the store (the counter was read less than maxAgeMs ago), else
   * undefined: a caller asked on every request answers without a promise when it can.
   */
  fresh(): string | undefined {
    return performance.now() - this.readAt < this.maxAgeMs ? this.made() : undefined;
  }

  private made(): string {
    const local = localWrites.get(this.db) ?? 0;
    if (this.madeOf[0] !== this.stored || this.madeOf[1] !== local) {
      this.madeOf = [this.stored, local];
      this.value = `${this.stored}.${local}`;
    }
    return this.value;
  }
}
