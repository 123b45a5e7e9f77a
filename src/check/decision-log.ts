// Every check is recorded — decision id, caller, input, result — but off the hot path: answers are kept as they
// were given and written a few times a second (and on shutdown). A row per check would cost more than the check,
// so entries go in pages of up to a thousand, one JSON text per page, by column, and a column as runs of equal
// values (a batch's entries share time, caller and action, most share the decision: a page is a third of the
// size it would be, cheaper to build, hand over and write), and reasons as their chains' kinds, kept once per page,
// with what differs (domain/check/packed-reasons.ts); the decision id names the page and the place in it
// (`dec_<page key>-<index>`), so a decision is found by its id in one lookup. Pages are keyed by the time they opened, a random process prefix
// and a counter: ids sort by time and never collide across processes. Each write also adds to counts by month,
// action and decision for statistics. Decisions are not audit-tree entries (DESIGN.md §4).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Decision, Reason } from '../domain/check/evaluate.js';
import {
  type PackedReason,
  type ReasonKind,
  ReasonKinds,
  type ReasonWithoutBasis,
  unpackReasons,
} from '../domain/check/packed-reasons.js';
import type { Principal } from '../domain/principal.js';
import { shanghaiDate } from '../domain/time.js';
import type { Store } from '../store/database.js';
import { type DecisionCount, type DecisionPageRow, decisionPage } from '../store/decisions.js';
import type { DB } from '../store/schema.js';
import { type DecisionWriter, decisionWriter } from './decision-writer.js';

/** What the log keeps of an answer until it is written. */
export interface LoggedAnswer {
  at: string;
  subject: string;
  action: string;
  decision: Decision;
  reasons: readonly Reason[];
}

/** The chain of a reason; the basis follows from measure and memorandum and is not kept. */
export type LoggedReason = ReasonWithoutBasis;

/** A decision log entry as read back. */
export interface DecisionEntry {
  id: string;
  at: string;
  caller: string;
  agency: string | null;
  subject: string;
  action: string;
  decision: Decision;
  reasons: LoggedReason[];
}

/** A column as runs of one value: `[value, how many]`, in entry order. */
export type Runs<T> = [T, number][];

/**
 * A page as stored: a column per field (reasons null for none); subjects one per entry, the rest as runs. Version
 * 2 keeps reasons packed against the page's kinds; pages written before it (no `v`) keep each reason whole.
 */
export type StoredPage = PageColumns &
  (
    | { v: 2; kinds: ReasonKind[]; reasons: Runs<PackedReason[] | null> }
    | { v?: undefined; reasons: Runs<LoggedReason[] | null> }
  );

interface PageColumns {
  at: Runs<string>;
  caller: Runs<string>;
  agency: Runs<string | null>;
  subject: string[];
  action: Runs<string>;
  decision: Runs<Decision>;
}

function append<T>(runs: Runs<T>, value: T): void {
  const last = runs[runs.length - 1];
  if (last !== undefined && last[0] === value) last[1]++;
  else runs.push([value, 1]);
}

function valueAt<T>(runs: Runs<T>, index: number): T | undefined {
  let i = index;
  for (const [value, n] of runs) {
    if (i < n) return value;
    i -= n;
  }
  return undefined;
}

const PAGE_SIZE = 1000;
/** Two base-36 digits per index (1,296 > PAGE_SIZE), so ids within a page sort in order. */
const INDEX = Array.from({ length: PAGE_SIZE }, (_, i) => i.toString(36).padStart(2, '0'));
/** Pages kept for another try after a failed write before the oldest are given up (and reported). */
const MAX_PENDING_PAGES = 500;

/** A page's columns while it fills: its reasons already packed, as JSON text (see seal). */
type Columns = PageColumns & { reasons: Runs<string | null> };

interface Page {
  key: string;
  idPrefix: string;
  openedAt: string;
  columns: Columns;
  kinds: ReasonKinds;
  counts: Map<string, DecisionCount>;
  /** The counts of the last entry's hour and action, by decision: most entries need no lookup. */
  recent: {
    hour: string;
    action: string;
    month: string;
    byDecision: Partial<Record<Decision, DecisionCount>>;
  };
}

/** A full page, serialized as soon as it is full: its answers need not outlive their requests. */
interface SealedPage {
  row: DecisionPageRow;
  counts: DecisionCount[];
  entries: number;
}

export class DecisionLog {
  private readonly prefix = randomBytes(3).toString('hex');
  private pageCounter = 0;
  private page: Page | undefined;
  private sealed: SealedPage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  written = 0;
  private readonly writer: DecisionWriter;

  constructor(
    store: Store,
    private readonly intervalMs = 200,
    private readonly maxBufferedPages = 1,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.writer = decisionWriter(store);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Keeps the answer for the log and returns its decision id. */
  record(principal: Principal, answer: LoggedAnswer, nowMs: number): string {
    let page = this.page;
    if (page === undefined) {
      this.pageCounter = (this.pageCounter + 1) % 1_679_616;
      const key = `${nowMs.toString(36)}${this.prefix}${this.pageCounter.toString(36).padStart(4, '0')}`;
      page = {
        key,
        idPrefix: `dec_${key}-`,
        openedAt: answer.at,
        columns: { at: [], caller: [], agency: [], subject: [], action: [], decision: [], reasons: [] },
        kinds: new ReasonKinds(),
        counts: new Map(),
        recent: { hour: '\u0000', action: '', month: '', byDecision: {} },
      };
      this.page = page;
    }
    const c = page.columns;
    const index = c.subject.length;
    append(c.at, answer.at);
    append(c.caller, principal.actor);
    append(c.agency, principal.agency ?? null);
    c.subject.push(answer.subject);
    append(c.action, answer.action);
    append(c.decision, answer.decision);
    append(c.reasons, answer.reasons.length === 0 ? null : page.kinds.pack(answer.reasons));
    count(page, answer);
    if (index + 1 === PAGE_SIZE) {
      this.sealed.push(seal(page));
      this.page = undefined;
      if (this.sealed.length >= this.maxBufferedPages && !this.flushing) void this.flush();
    }
    return page.idPrefix + INDEX[index];
  }

  /** Writes everything recorded so far. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.page) {
      this.sealed.push(seal(this.page));
      this.page = undefined;
    }
    if (this.sealed.length === 0) return;
    const pages = this.sealed;
    this.sealed = [];
    this.flushing = this.write(pages).finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  /** A page at a time, letting waiting requests in between. */
  private async write(pages: SealedPage[]): Promise<void> {
    for (let i = 0; i < pages.length; i++) {
      const page = pages[i]!;
      try {
        await this.writer.write([page.row], page.counts);
        this.written += page.entries;
      } catch (err) {
        // Kept for the next flush (a page is written whole or not at all, under a key of its own).
        const retry = [...pages.slice(i), ...this.sealed];
        const dropped = retry.length - MAX_PENDING_PAGES;
        this.sealed = dropped > 0 ? retry.slice(dropped) : retry;
        this.onError(
          dropped > 0
            ? new Error(`decision log: ${dropped} pages could not be written and were dropped`, {
                cause: err,
              })
            : err,
        );
        return;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    await this.writer.close();
  }
}

/**
 * The page as its JSON text (a StoredPage). The reasons were written as text when recorded, by templates: copies
 * of the reasons without their bases, serialized here, cost twice as much.
 */
function seal(page: Page): SealedPage {
  const c = page.columns;
  let reasons = '';
  for (const [text, n] of c.reasons) reasons += `${reasons === '' ? '' : ','}[${text ?? 'null'},${n}]`;
  const entries = `{"v":2,"at":${JSON.stringify(c.at)},"caller":${JSON.stringify(c.caller)},"agency":${JSON.stringify(c.agency)},"subject":${JSON.stringify(c.subject)},"action":${JSON.stringify(c.action)},"decision":${JSON.stringify(c.decision)},"kinds":[${page.kinds.texts.join(',')}],"reasons":[${reasons}]}`;
  return {
    row: { key: page.key, opened_at: page.openedAt, entries },
    counts: [...page.counts.values()],
    entries: page.columns.subject.length,
  };
}

/** Adds the entry to its page's counts by month (in Asia/Shanghai), action and decision. */
function count(page: Page, answer: LoggedAnswer): void {
  const recent = page.recent;
  // Asia/Shanghai is a whole number of hours from UTC: the month follows from the UTC hour.
  if (answer.action !== recent.action || !answer.at.startsWith(recent.hour)) {
    recent.hour = answer.at.slice(0, 13);
    recent.action = answer.action;
    recent.month = shanghaiDate(answer.at).slice(0, 7);
    recent.byDecision = {};
  }
  let n = recent.byDecision[answer.decision];
  if (n === undefined) {
    const k = `${recent.month}|${answer.action}|${answer.decision}`;
    n = page.counts.get(k);
    if (n === undefined) {
      n = { month: recent.month, action: answer.action, decision: answer.decision, n: 0 };
      page.counts.set(k, n);
    }
    recent.byDecision[answer.decision] = n;
  }
  n.n++;
}

const ID = /^dec_([0-9a-z]+)(?:-([0-9a-z]{2}))?$/;

/** A decision log entry by its id (entries from before pages are one-entry pages under their old id). */
export async function findDecision(db: Kysely<DB>, id: string): Promise<DecisionEntry | undefined> {
  const m = ID.exec(id);
  if (!m) return undefined;
  const page = await decisionPage(db, m[1]!);
  if (!page) return undefined;
  const i = m[2] === undefined ? 0 : Number.parseInt(m[2], 36);
  const c = JSON.parse(page.entries) as StoredPage;
  if (i >= c.subject.length) return undefined;
  return {
    id,
    at: valueAt(c.at, i)!,
    caller: valueAt(c.caller, i)!,
    agency: valueAt(c.agency, i) ?? null,
    subject: c.subject[i]!,
    action: valueAt(c.action, i)!,
    decision: valueAt(c.decision, i)!,
    reasons: c.v === 2 ? unpackReasons(c.kinds, valueAt(c.reasons, i) ?? []) : (valueAt(c.reasons, i) ?? []),
  };
}
