// What ends by the clock, made explicit: listings whose end has come are recorded as ended ('expired', an
// audited write announced on the change feed, so every index drops them and every view says why), and overdue
// objections are put before the operators. Answers never depend on this having run — a listing past its end
// applies to nothing and a record past its publication end is not shown — but the record of it does.
// Run by the server every minute and by `xinyong expire`; safe to run from several processes at once.
import { listingExpiryHash } from '../domain/listings/listing.js';
import { SYSTEM } from '../domain/principal.js';
import { auditedTransaction } from '../store/audit-log.js';
import { announce } from '../store/listings.js';
import type { Context } from './context.js';
import { escalateOverdue } from './objections.js';
import { Periodic } from './periodic.js';

export interface ExpiryReport {
  at: string;
  listingsExpired: number;
  objectionsEscalated: number;
}

const BATCH = 500;

export async function runExpiry(ctx: Context): Promise<ExpiryReport> {
  const now = ctx.clock.now();
  let listingsExpired = 0;
  for (;;) {
    const n = await auditedTransaction(ctx.store.db, now, async (trx, audit) => {
      // Read inside the transaction, which holds the audit log's lock: two processes never expire one listing twice.
      const due = await trx
        .selectFrom('listings')
        .selectAll()
        .where('ended_at', 'is', null)
        .where('ends_at', '<=', now)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      for (const l of due) {
        const seq = audit.appendBy(SYSTEM, {
          action: 'listing.expire',
          target: `listing:${l.id}`,
          subjectId: l.subject_id,
          contentHash: listingExpiryHash({ listing: l.id, endedAt: l.ends_at }),
        });
        await trx
          .updateTable('listings')
          .set({ ended_at: l.ends_at, end_reason: 'expired', end_audit_seq: seq, objection_id: null })
          .where('id', '=', l.id)
          .where('ended_at', 'is', null)
          .execute();
      }
      await announce(
        trx,
        now,
        due.map((l) => ({ kind: 'listing' as const, subjectId: l.subject_id, listingId: l.id })),
      );
      return due.length;
    });
    listingsExpired += n;
    if (n < BATCH) break;
  }
  const escalated = await escalateOverdue(ctx);
  return { at: now, listingsExpired, objectionsEscalated: escalated.length };
}

/**
 * Runs expiry every `intervalMs` in the background until stopped, reporting the runs that ended or escalated
 * something; a failure is reported and retried next time.
 */
export class ExpiryScheduler {
  private readonly periodic: Periodic;

  constructor(
    ctx: Context,
    intervalMs: number,
    onReport: (r: ExpiryReport) => void,
    onError: (err: unknown) => void,
  ) {
    this.periodic = new Periodic(
      async () => {
        const r = await runExpiry(ctx);
        if (r.listingsExpired > 0 || r.objectionsEscalated > 0) onReport(r);
      },
      intervalMs,
      onError,
    );
  }

  start(): void {
    this.periodic.start(true);
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }
}
