// Answers enforcers: "may subject S do action A?" from the in-memory index, in microseconds, with every reason.
// Each answer gets a decision id and goes to the decision log (batched, off the hot path).
import { BenefitBook } from '../domain/check/benefit-book.js';
import {
  type Decision,
  evaluate,
  type GradeReason,
  type Reason,
  withBenefits,
} from '../domain/check/evaluate.js';
import { RuleBook } from '../domain/check/rule-book.js';
import { problems } from '../domain/errors.js';
import { identifierKey, parseIdentifier } from '../domain/identifiers/identifier.js';
import type { Principal } from '../domain/principal.js';
import { shanghaiDate } from '../domain/time.js';
import type { Context } from '../services/context.js';
import { ChangeFollower } from './change-follower.js';
import { DecisionIndex } from './decision-index.js';
import { DecisionLog } from './decision-log.js';
import { GradeIndex } from './grade-index.js';
import { loadIndex } from './index-loader.js';

export interface CheckAnswer {
  decision: Decision;
  subject: string;
  action: string;
  reasons: Reason[];
  decisionId: string;
  at: string;
}

/** A batch's results, read by index. */
export interface LazyResults {
  readonly length: number;
  at(i: number): CheckAnswer | CheckError;
}

export interface CheckError {
  subject: string;
  error: { pointer: string; reason: string };
}

export class Checker {
  readonly book: RuleBook;
  readonly index = new DecisionIndex();
  readonly follower: ChangeFollower;
  readonly log: DecisionLog;
  readonly benefits: BenefitBook;
  readonly grades: GradeIndex;

  constructor(
    private readonly ctx: Context,
    options: { pollMs?: number; logIntervalMs?: number; onError?: (err: unknown) => void } = {},
  ) {
    this.book = new RuleBook(ctx.catalog);
    this.benefits = new BenefitBook(ctx.catalog);
    this.grades = new GradeIndex(this.benefits);
    this.follower = new ChangeFollower(
      ctx,
      this.book,
      this.index,
      options.pollMs,
      options.onError,
      this.grades,
    );
    this.log = new DecisionLog(ctx.store, options.logIntervalMs, undefined, options.onError);
  }

  /** Builds the index from the store and starts following changes and writing the decision log. */
  async start(options: { follow?: boolean } = {}): Promise<void> {
    await this.follower.mark();
    await loadIndex(this.ctx.store.db, this.book, this.index, this.ctx.clock.now());
    await this.grades.load(this.ctx.store.db);
    if (options.follow !== false) {
      this.follower.start();
      this.log.start();
    }
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    await this.log.close();
  }

  private lastNow = '';
  private lastNowMs = 0;
  /** Date.parse, once per distinct now (the clock changes once a millisecond at most). */
  private msOf(now: string): number {
    if (now !== this.lastNow) {
      this.lastNow = now;
      this.lastNowMs = Date.parse(now);
    }
    return this.lastNowMs;
  }

  private checkAction(action: unknown): string {
    if (typeof action !== 'string' || !this.ctx.catalog.actions.has(action)) {
      throw problems.validation([
        { pointer: '/action', reason: `unknown action ${String(action)}; see /api/v1/catalog/actions` },
      ]);
    }
    return action;
  }

  private answer(
    principal: Principal,
    identifier: string,
    action: string,
    now: string,
    nowMs: number,
  ): CheckAnswer {
    let evaluation = evaluate(this.book, this.index.get(identifier), action, nowMs, shanghaiDate(now));
    const offered = this.benefits.forAction(action);
    if (offered.length > 0) {
      const held = this.grades.get(identifier);
      if (held) {
        const earned: GradeReason[] = [];
        for (const b of offered)
          for (const h of held)
            if (h.scheme === b.scheme && b.grades.has(h.grade))
              earned.push({
                effect: 'reward',
                measure: b.measure,
                scheme: b.scheme,
                grade: h.grade,
                score: h.score,
                basis: b.basis,
              });
        evaluation = withBenefits(evaluation, earned);
      }
    }
    const { decision, reasons } = evaluation;
    const answer: CheckAnswer = { decision, subject: identifier, action, reasons, decisionId: '', at: now };
    answer.decisionId = this.log.record(principal, answer, nowMs);
    return answer;
  }

  check(principal: Principal, subject: unknown, action: unknown): CheckAnswer {
    const act = this.checkAction(action);
    const now = this.ctx.clock.now();
    const today = shanghaiDate(now);
    const key = typeof subject === 'string' ? identifierKey(subject, today) : undefined;
    if (key === undefined) {
      throw problems.validation([
        { pointer: '/subject', reason: refusal(subject, today, 'is required: an identifier') },
      ]);
    }
    return this.answer(principal, key, act, now, this.msOf(now));
  }

  batch(principal: Principal, subjects: unknown, action: unknown): (CheckAnswer | CheckError)[] {
    const results = this.batchLazily(principal, subjects, action);
    return Array.from({ length: results.length }, (_, i) => results.at(i));
  }

  /**
   * The same answers, each made (and logged) when it is read — read each once, in order. The HTTP route writes
   * them out a few hundred at a time, so a manifest of 10,000 is never held whole (fewer survivors for the
   * garbage collector to copy while a request is under way).
   */
  batchLazily(principal: Principal, subjects: unknown, action: unknown): LazyResults {
    const act = this.checkAction(action);
    if (!Array.isArray(subjects) || subjects.length === 0 || subjects.length > 10_000) {
      throw problems.validation([
        { pointer: '/subjects', reason: 'must be an array of 1 to 10,000 identifiers' },
      ]);
    }
    const now = this.ctx.clock.now();
    const nowMs = Date.parse(now);
    const today = shanghaiDate(now);
    return {
      length: subjects.length,
      at: (i: number): CheckAnswer | CheckError => {
        const s: unknown = subjects[i];
        const key = typeof s === 'string' ? identifierKey(s, today) : undefined;
        if (key === undefined)
          return {
            subject: String(s),
            error: { pointer: `/subjects/${i}`, reason: refusal(s, today, 'must be an identifier') },
          };
        return this.answer(principal, key, act, now, nowMs);
      },
    };
  }
}

/** Why an identifier was refused: the slow path, taken only once the fast one has said no. */
function refusal(subject: unknown, today: string, notAString: string): string {
  if (typeof subject !== 'string') return notAString;
  const parsed = parseIdentifier(subject, today);
  return parsed.ok ? notAString : parsed.reason;
}
