// Every check is recorded — decision id, caller, input, result — but off the hot path: answers are kept as they
// were given and written in batches a few times a second (and on shutdown), a few hundred rows per statement
// with the event loop let go between them, so a flush never holds up the checks waiting behind it. They are not
// audit-tree entries (DESIGN.md §4).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Decision, Reason } from '../domain/check/evaluate.js';
import type { Principal } from '../domain/principal.js';
import type { DB, DecisionRow } from '../store/schema.js';

/** One row of the decision log, as stored. */
export type DecisionEntry = DecisionRow;

/** What the log keeps of an answer until it is written. */
export interface LoggedAnswer {
  decisionId: string;
  at: string;
  subject: string;
  action: string;
  decision: Decision;
  reasons: readonly Reason[];
}

/** Decision ids sort by time; the process prefix and a counter make them unique across processes. */
export class DecisionIds {
  private readonly prefix = randomBytes(3).toString('hex');
  private counter = 0;
  private lastMs = -1;
  private stem = '';
  next(nowMs: number): string {
    this.counter = (this.counter + 1) % 1_679_616;
    if (nowMs !== this.lastMs) {
      this.lastMs = nowMs;
      this.stem = `dec_${nowMs.toString(36)}${this.prefix}`;
    }
    return this.stem + this.counter.toString(36).padStart(4, '0');
  }
}

const ROWS_PER_STATEMENT = 250;

export class DecisionLog {
  private answers: LoggedAnswer[] = [];
  private principals: Principal[] = [];
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

  record(principal: Principal, answer: LoggedAnswer): void {
    this.answers.push(answer);
    this.principals.push(principal);
    if (this.answers.length >= this.maxBuffer && !this.flushing) void this.flush();
  }

  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.answers.length === 0) return;
    const answers = this.answers;
    const principals = this.principals;
    this.answers = [];
    this.principals = [];
    this.flushing = (async () => {
      try {
        for (let i = 0; i < answers.length; i += ROWS_PER_STATEMENT) {
          const rows: DecisionEntry[] = [];
          for (let j = i; j < Math.min(answers.length, i + ROWS_PER_STATEMENT); j++)
            rows.push(toRow(principals[j]!, answers[j]!));
          await this.db.insertInto('decisions').values(rows).execute();
          this.written += rows.length;
          // SQLite writes synchronously: let waiting requests in between statements.
          await new Promise((resolve) => setImmediate(resolve));
        }
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

function toRow(principal: Principal, a: LoggedAnswer): DecisionEntry {
  return {
    id: a.decisionId,
    at: a.at,
    caller: principal.actor,
    agency: principal.agency ?? null,
    subject: a.subject,
    action: a.action,
    decision: a.decision,
    // The basis follows from measure and memorandum; the log keeps the chain, not the texts.
    reasons: JSON.stringify(a.reasons.map(({ basis: _basis, ...r }) => r)),
  };
}
