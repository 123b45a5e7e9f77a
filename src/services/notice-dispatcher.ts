// Delivers the outbox: claims due rows (a claim is a lease, so several processes share the work and a crashed
// one's rows come back), sends each — e-mail over SMTP, or a webhook POST signed with HMAC-SHA256 over
// `<timestamp>.<body>` — and records the outcome: sent; or failed, tried again after an exponential backoff; or,
// after the last try, dead (kept, with its last error, for the operators). Delivery is at least once: a crash
// after sending and before recording sends again, under the same delivery id, which receivers deduplicate on
// (the webhook's `X-Xinyong-Delivery`, the e-mail's Message-ID).
import { createHmac, randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { createTransport, type Transporter } from 'nodemailer';
import { type ListingNoticeContent, noticeText } from '../domain/due-process/notice.js';
import type { Context } from './context.js';

export interface DispatcherOptions {
  /** smtp://host:port (smtps:// for TLS); without it, e-mail deliveries wait and are retried (then dead). */
  smtpUrl?: string;
  from?: string;
  maxAttempts?: number;
  /** The first retry's delay; each further one doubles, up to six hours. */
  baseDelayMs?: number;
  pollMs?: number;
  batch?: number;
  /** How long a claim holds before another process may take the row. */
  claimMs?: number;
  timeoutMs?: number;
  /** Deliver webhooks to loopback and private addresses too (tests, a closed network); off by default. */
  allowPrivateAddresses?: boolean;
  onError?: (err: unknown) => void;
}

export interface DispatchReport {
  sent: number;
  failed: number;
  dead: number;
}

const MAX_DELAY_MS = 6 * 3600_000;

interface Claimed {
  id: number;
  notice_id: number;
  channel: 'email' | 'webhook';
  target: string;
  secret: string | null;
  attempts: number;
  kind: string;
  title: string;
  content: string;
  created_at: string;
  subject_id: number;
}

// Anyone may give a webhook address: without this, a notice could be aimed at the server's own network (the
// metadata service, an internal admin port). Addresses are checked as resolved just before the POST.
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

async function refusePrivate(target: string): Promise<void> {
  const host = new URL(target).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  for (const a of addresses)
    if (PRIVATE.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'))
      throw new Error(`refused: ${host} is a loopback, private or reserved address (${a.address})`);
}

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class NoticeDispatcher {
  readonly id = `dispatcher:${randomBytes(4).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DispatchReport> | undefined;
  private mailer: Transporter | undefined;
  private readonly o: Required<Omit<DispatcherOptions, 'smtpUrl' | 'onError'>> & DispatcherOptions;

  constructor(
    private readonly ctx: Context,
    options: DispatcherOptions = {},
  ) {
    this.o = {
      from: 'xinyong <notices@xinyong.invalid>',
      maxAttempts: 8,
      baseDelayMs: 30_000,
      pollMs: 1000,
      batch: 50,
      claimMs: 60_000,
      timeoutMs: 10_000,
      allowPrivateAddresses: false,
      ...options,
    };
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.o.pollMs);
    this.timer.unref();
  }

  private tick(): Promise<DispatchReport> {
    this.running ??= this.runOnce()
      .catch((err) => {
        this.o.onError?.(err);
        return { sent: 0, failed: 0, dead: 0 };
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.mailer?.close();
  }

  /** Claims and delivers what is due now; returns what happened. */
  async runOnce(): Promise<DispatchReport> {
    const report = { sent: 0, failed: 0, dead: 0 };
    for (;;) {
      const rows = await this.claim();
      if (rows.length === 0) return report;
      const outcomes = await Promise.all(
        rows.map((r) =>
          this.deliver(r).then(
            () => undefined,
            (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500),
          ),
        ),
      );
      await this.record(rows, outcomes, report);
      if (rows.length < this.o.batch) return report;
    }
  }

  private async claim(): Promise<Claimed[]> {
    const now = this.ctx.clock.now();
    const until = new Date(Date.parse(now) + this.o.claimMs).toISOString();
    const db = this.ctx.store.db;
    const due = db
      .selectFrom('outbox')
      .select('id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('id')
      .limit(this.o.batch);
    // The conditions again on the update: on PostgreSQL a row another process claimed meanwhile is re-checked
    // after its lock and skipped; SQLite runs one writer at a time.
    await db
      .updateTable('outbox')
      .set({ claimed_by: this.id, claimed_until: until })
      .where('id', 'in', due)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .execute();
    return db
      .selectFrom('outbox')
      .innerJoin('notices', 'notices.id', 'outbox.notice_id')
      .select([
        'outbox.id',
        'outbox.notice_id',
        'outbox.channel',
        'outbox.target',
        'outbox.secret',
        'outbox.attempts',
        'notices.kind',
        'notices.title',
        'notices.content',
        'notices.created_at',
        'notices.subject_id',
      ])
      .where('outbox.claimed_by', '=', this.id)
      .where('outbox.claimed_until', '=', until)
      .where('outbox.state', '=', 'pending')
      .orderBy('outbox.id')
      .execute();
  }

  private async deliver(r: Claimed): Promise<void> {
    if (r.channel === 'webhook') return this.post(r);
    return this.mail(r);
  }

  private async post(r: Claimed): Promise<void> {
    if (!this.o.allowPrivateAddresses) await refusePrivate(r.target);
    const body = JSON.stringify({
      id: `ntc_${r.notice_id}`,
      delivery: r.id,
      kind: r.kind,
      createdAt: r.created_at,
      title: r.title,
      notice: JSON.parse(r.content) as unknown,
    });
    const timestamp = String(Math.floor(Date.parse(this.ctx.clock.now()) / 1000));
    const res = await fetch(r.target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'xinyong-notices',
        'x-xinyong-delivery': String(r.id),
        'x-xinyong-notice': String(r.notice_id),
        'x-xinyong-timestamp': timestamp,
        ...(r.secret ? { 'x-xinyong-signature': signature(r.secret, timestamp, body) } : {}),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.o.timeoutMs),
    });
    await res.body?.cancel();
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
  }

  private async mail(r: Claimed): Promise<void> {
    if (!this.o.smtpUrl) throw new Error('no SMTP server configured (XINYONG_SMTP_URL)');
    this.mailer ??= createTransport(this.o.smtpUrl);
    const content = JSON.parse(r.content) as { kind?: string };
    await this.mailer.sendMail({
      from: this.o.from,
      to: r.target,
      subject: r.title,
      text:
        content.kind === 'listing' ? noticeText(r.title, content as ListingNoticeContent) : `${r.title}\n`,
      messageId: `<notice-${r.notice_id}.delivery-${r.id}@xinyong.invalid>`,
      headers: { 'X-Xinyong-Delivery': String(r.id), 'X-Xinyong-Notice': String(r.notice_id) },
    });
  }

  /** The outcomes of a batch, in one transaction: the delivered in one statement, each failure on its own. */
  private async record(
    rows: Claimed[],
    errors: (string | undefined)[],
    report: DispatchReport,
  ): Promise<void> {
    const now = this.ctx.clock.now();
    const sent = rows.filter((_, i) => errors[i] === undefined);
    await this.ctx.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < sent.length; i += 500) {
        const chunk = sent.slice(i, i + 500);
        await trx
          .updateTable('outbox')
          .set((eb) => ({
            state: 'sent',
            attempts: eb('attempts', '+', 1),
            sent_at: now,
            last_error: null,
            claimed_by: null,
            claimed_until: null,
          }))
          .where(
            'id',
            'in',
            chunk.map((r) => r.id),
          )
          .where('claimed_by', '=', this.id)
          .execute();
      }
      for (let i = 0; i < rows.length; i++) {
        const error = errors[i];
        if (error === undefined) continue;
        const r = rows[i]!;
        const attempts = r.attempts + 1;
        const dead = attempts >= this.o.maxAttempts;
        const delay = Math.min(MAX_DELAY_MS, this.o.baseDelayMs * 2 ** (attempts - 1));
        await trx
          .updateTable('outbox')
          .set({
            state: dead ? 'dead' : 'pending',
            attempts,
            last_error: error,
            next_attempt_at: new Date(Date.parse(now) + delay).toISOString(),
            claimed_by: null,
            claimed_until: null,
          })
          .where('id', '=', r.id)
          .where('claimed_by', '=', this.id)
          .execute();
        if (dead) report.dead++;
        else report.failed++;
      }
    });
    report.sent += sent.length;
  }
}
