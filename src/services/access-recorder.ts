// Group commit for reads of credit files: each read waits until an audit entry covering it is committed, but
// concurrent reads share one entry (its items tree proves each read). Nothing is answered unlogged.

import { itemLeafHash, readItem } from '../domain/audit/entry.js';
import { rootOf } from '../domain/audit/merkle.js';
import type { Principal } from '../domain/principal.js';
import { auditedTransaction, type NewItem } from '../store/audit-log.js';
import type { Context } from './context.js';

export interface AccessEvent {
  subjectId: number;
  purpose: string;
}

interface Pending {
  item: NewItem;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class AccessRecorder {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly maxBatch = 2000,
  ) {}

  record(principal: Principal, event: AccessEvent): Promise<void> {
    const at = this.ctx.clock.now();
    const item = readItem({
      at,
      actor: principal.actor,
      role: principal.role,
      agency: principal.agency ?? null,
      subjectId: event.subjectId,
      purpose: event.purpose,
    });
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        item: { subjectId: event.subjectId, item, itemHash: itemLeafHash(item) },
        resolve,
        reject,
      });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  /** Resolves when everything queued so far is committed. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    // Let the current tick's reads join the batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.commit(batch.map((p) => p.item));
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.flushing = undefined;
  }

  private async commit(items: NewItem[]): Promise<void> {
    const now = this.ctx.clock.now();
    await auditedTransaction(this.ctx.store.db, now, async (_trx, audit) => {
      const itemsRoot = rootOf(items.map((i) => i.itemHash));
      audit.appendBy(
        { actor: 'system:access-log', role: 'system' },
        {
          action: 'file.read',
          target: `reads:${items.length}`,
          subjectId: items.length === 1 ? items[0]!.subjectId : null,
          itemCount: items.length,
          itemsRoot,
          contentHash: itemsRoot,
        },
        items,
      );
    });
  }
}
