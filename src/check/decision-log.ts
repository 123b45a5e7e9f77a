// Every check is recorded — decision id, caller, input, result — but off the hot path: entries are buffered and
// written in batches a few times a second (and on shutdown). They are not audit-tree entries (DESIGN.md §4).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, DecisionRow } from '../store/schema.js';

/** One row of the decision log, as stored. */
export type DecisionEntry = DecisionRow;

/** Decision ids sort by time; the process prefix and a counter make them unique across processes. */
export class DecisionIds {
  private readonly prefix = randomBytes(3).toString('hex');
  private counter = 0;
  next(nowMs: number): string {
    this.counter = (this.counter + 1) % 1_679_616;
    return `dec_${nowMs.toString(36)}${this.prefix}${this.counter.toString(36).padStart(4, '0')}`;
  }
}

export class DecisionLog {
  private buffer: DecisionEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  written = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly intervalMs = 200,
    private readonly maxBuffer = 5000,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  record(e: DecisionEntry): void {
    this.buffer.push(e);
    if (this.buffer.length >= this.maxBuffer) void this.flush();
  }

  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = (async () => {
      try {
        for (let i = 0; i < batch.length; i += 500) {
          await this.db
            .insertInto('decisions')
            .values(batch.slice(i, i + 500))
            .execute();
        }
        this.written += batch.length;
      } catch (err) {
        this.onError(err);
      }
    })().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
