// Notices (告知): made in the transaction of the event they tell of — a listing's notice to the listed subject
// and to every officer a memorandum reaches through it — into each recipient's inbox, and into the outbox for
// every way out: the recipient's e-mail and webhook (its contacts) and the webhooks agencies subscribed. The
// outbox is delivered by NoticeDispatcher; nothing here waits for delivery.
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Reach } from '../domain/check/rule-book.js';
import { RuleBook } from '../domain/check/rule-book.js';
import { listingNotice } from '../domain/due-process/notice.js';
import { objectionRule } from '../domain/due-process/objection.js';
import { problems } from '../domain/errors.js';
import type { FieldError } from '../domain/json-schema.js';
import type { Principal } from '../domain/principal.js';
import { heldAt } from '../domain/relations.js';
import { officersOf } from '../store/relations.js';
import type { ContactRow, DB, ListingRow, NoticeRow, SubjectRow, SubscriptionRow } from '../store/schema.js';
import type { Context } from './context.js';

const books = new WeakMap<object, RuleBook>();
function ruleBook(ctx: Context): RuleBook {
  let book = books.get(ctx.catalog);
  if (!book) {
    book = new RuleBook(ctx.catalog);
    books.set(ctx.catalog, book);
  }
  return book;
}

interface Recipient {
  subjectId: number;
  identifier: string;
  name: string | null;
  reach: Reach;
}

/** The listed subject, and the officers who held a role a memorandum reaches when the conduct happened. */
async function recipientsOf(
  ctx: Context,
  trx: Transaction<DB>,
  rows: ListingRow[],
  subject: SubjectRow,
): Promise<Recipient[]> {
  const out: Recipient[] = [
    { subjectId: subject.id, identifier: subject.identifier, name: subject.name, reach: 'self' },
  ];
  const book = ruleBook(ctx);
  const roles = new Set<Reach>();
  for (const l of rows) for (const r of book.extensionRoles(l.list)) roles.add(r);
  if (roles.size === 0) return out;
  const conduct = rows[0]!.conduct_at;
  const officers = (await officersOf(trx, [subject.id], [...roles])).sort((a, b) => a.id - b.id);
  for (const o of officers)
    if (heldAt(o, conduct))
      out.push({ subjectId: o.id, identifier: o.identifier, name: o.name, reach: o.role as Reach });
  return out;
}

/** Notices of a new listing (with the listings that follow it), to everyone it reaches. Returns their ids. */
export async function noticeListing(
  ctx: Context,
  trx: Transaction<DB>,
  rows: ListingRow[],
  subject: SubjectRow,
  now: string,
): Promise<number[]> {
  const root = rows[0]!;
  const list = ctx.catalog.lists.get(root.list)!;
  const agency = ctx.catalog.agencies.get(root.agency);
  const derived = rows
    .slice(1)
    .map((l) => ({ id: l.id, list: ctx.catalog.lists.get(l.list)!, severity: l.severity }));
  const subscriptions = (
    await trx.selectFrom('subscriptions').selectAll().where('ended_at', 'is', null).execute()
  ).filter((s) => wants(s, rows));
  const ids: number[] = [];
  for (const r of await recipientsOf(ctx, trx, rows, subject)) {
    const { title, content } = listingNotice(ruleBook(ctx), {
      listing: {
        id: root.id,
        severity: root.severity,
        decisionNumber: root.decision_number,
        decidedAt: root.decided_at,
        effectiveAt: root.effective_at,
        endsAt: root.ends_at,
        reason: root.reason,
        records: JSON.parse(root.records) as number[],
      },
      list,
      derived,
      agency: { code: root.agency, names: agency?.names ?? null },
      recipient: { identifier: r.identifier, name: r.name },
      reach: r.reach,
      entity: r.reach === 'self' ? null : { identifier: subject.identifier, name: subject.name },
      objection: objectionRule(list),
    });
    // Subscribers hear of a listing once, with the listed subject's notice.
    const subs = r.reach === 'self' ? subscriptions : [];
    ids.push(await addNotice(trx, r.subjectId, 'listing', root.id, title, content, subs, now));
  }
  return ids;
}

function wants(s: SubscriptionRow, rows: ListingRow[]): boolean {
  if (s.lists === null) return true;
  const lists = JSON.parse(s.lists) as string[];
  return rows.some((l) => lists.includes(l.list));
}

/** A notice in the recipient's inbox and in the outbox for its contacts and the given subscriptions. */
export async function addNotice(
  trx: Transaction<DB>,
  recipient: number,
  kind: string,
  listingId: number | null,
  title: string,
  content: object,
  subscriptions: SubscriptionRow[],
  now: string,
): Promise<number> {
  const notice = await trx
    .insertInto('notices')
    .values({
      subject_id: recipient,
      kind,
      listing_id: listingId,
      title,
      content: JSON.stringify(content),
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contact = await trx
    .selectFrom('contacts')
    .selectAll()
    .where('subject_id', '=', recipient)
    .executeTakeFirst();
  const out: {
    channel: 'email' | 'webhook';
    target: string;
    secret: string | null;
    subscription: number | null;
  }[] = [];
  if (contact?.email) out.push({ channel: 'email', target: contact.email, secret: null, subscription: null });
  if (contact?.webhook_url)
    out.push({
      channel: 'webhook',
      target: contact.webhook_url,
      secret: contact.webhook_secret,
      subscription: null,
    });
  for (const s of subscriptions)
    out.push({ channel: 'webhook', target: s.url, secret: s.secret, subscription: s.id });
  if (out.length > 0)
    await trx
      .insertInto('outbox')
      .values(
        out.map((o) => ({
          notice_id: notice.id,
          channel: o.channel,
          target: o.target,
          secret: o.secret,
          subscription_id: o.subscription,
          state: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
          created_at: now,
        })),
      )
      .execute();
  return notice.id;
}

// ---- The inbox ----

export async function inbox(
  ctx: Context,
  subjectId: number,
  page: { limit: number; offset: number; unread?: boolean },
): Promise<{ items: (NoticeRow & { deliveries: Delivery[] })[]; total: number; unread: number }> {
  let q = ctx.store.db.selectFrom('notices').where('subject_id', '=', subjectId);
  const unreadCount = await q
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (page.unread) q = q.where('read_at', 'is', null);
  const counted = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const deliveries = await deliveriesOf(
    ctx,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({ ...r, deliveries: deliveries.get(r.id) ?? [] })),
    total: Number(counted.n),
    unread: Number(unreadCount.n),
  };
}

export interface Delivery {
  channel: 'email' | 'webhook';
  /** Only the recipient's own addresses: an agency's subscription shows as such. */
  target: string;
  state: 'pending' | 'sent' | 'dead';
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
}

async function deliveriesOf(ctx: Context, noticeIds: number[]): Promise<Map<number, Delivery[]>> {
  const out = new Map<number, Delivery[]>();
  if (noticeIds.length === 0) return out;
  const rows = await ctx.store.db
    .selectFrom('outbox')
    .selectAll()
    .where('notice_id', 'in', noticeIds)
    .orderBy('id')
    .execute();
  for (const o of rows) {
    const list = out.get(o.notice_id) ?? [];
    list.push({
      channel: o.channel,
      target: o.subscription_id === null ? o.target : `subscription ${o.subscription_id}`,
      state: o.state,
      attempts: o.attempts,
      sentAt: o.sent_at,
      lastError: o.last_error,
    });
    out.set(o.notice_id, list);
  }
  return out;
}

export async function markRead(ctx: Context, subjectId: number, id: number): Promise<void> {
  const now = ctx.clock.now();
  const n = await ctx.store.db
    .updateTable('notices')
    .set({ read_at: now })
    .where('id', '=', id)
    .where('subject_id', '=', subjectId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  if (Number(n.numUpdatedRows) === 0) {
    const exists = await ctx.store.db
      .selectFrom('notices')
      .select('id')
      .where('id', '=', id)
      .where('subject_id', '=', subjectId)
      .executeTakeFirst();
    if (!exists) throw problems.notFound(`no notice ${id}`);
  }
}

// ---- Contacts and subscriptions ----

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

function checkUrl(v: unknown, pointer: string, errors: FieldError[]): string | undefined {
  if (typeof v !== 'string' || v.length > 2000) {
    errors.push({ pointer, reason: 'must be an http(s) URL' });
    return undefined;
  }
  try {
    const u = new URL(v);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
    return u.toString();
  } catch {
    errors.push({ pointer, reason: 'must be an http(s) URL' });
    return undefined;
  }
}

export async function getContacts(ctx: Context, subjectId: number): Promise<ContactRow | undefined> {
  return ctx.store.db
    .selectFrom('contacts')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
}

/** `{email?, webhookUrl?}`: null or absent removes one. A webhook gets its own signing secret. */
export async function putContacts(ctx: Context, subjectId: number, body: unknown): Promise<ContactRow> {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const errors: FieldError[] = [];
  for (const k of Object.keys(b))
    if (!['email', 'webhookUrl'].includes(k))
      errors.push({ pointer: `/${k}`, reason: 'is not a known field here' });
  const email = b.email ?? null;
  if (email !== null && (typeof email !== 'string' || !EMAIL.test(email)))
    errors.push({ pointer: '/email', reason: 'must be an e-mail address' });
  const webhookUrl = b.webhookUrl == null ? null : (checkUrl(b.webhookUrl, '/webhookUrl', errors) ?? null);
  if (errors.length) throw problems.validation(errors);
  const now = ctx.clock.now();
  const before = await getContacts(ctx, subjectId);
  const secret =
    webhookUrl === null
      ? null
      : before?.webhook_url === webhookUrl && before.webhook_secret
        ? before.webhook_secret
        : `whsec_${randomBytes(24).toString('base64url')}`;
  const row: ContactRow = {
    subject_id: subjectId,
    email: email as string | null,
    webhook_url: webhookUrl,
    webhook_secret: secret,
    updated_at: now,
  };
  await ctx.store.db
    .insertInto('contacts')
    .values(row)
    .onConflict((oc) =>
      oc.column('subject_id').doUpdateSet({
        email: row.email,
        webhook_url: row.webhook_url,
        webhook_secret: row.webhook_secret,
        updated_at: now,
      }),
    )
    .execute();
  return row;
}

/** `{url, lists?}`: an agency's or an operator's webhook for notices of listings (on the given lists). */
export async function subscribe(ctx: Context, principal: Principal, body: unknown): Promise<SubscriptionRow> {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const errors: FieldError[] = [];
  for (const k of Object.keys(b))
    if (!['url', 'lists'].includes(k)) errors.push({ pointer: `/${k}`, reason: 'is not a known field here' });
  const url = checkUrl(b.url, '/url', errors);
  const lists = b.lists ?? null;
  if (lists !== null) {
    if (!Array.isArray(lists) || lists.length === 0)
      errors.push({ pointer: '/lists', reason: 'must be a non-empty array of list codes' });
    else
      lists.forEach((l, i) => {
        if (typeof l !== 'string' || !ctx.catalog.lists.has(l))
          errors.push({ pointer: `/lists/${i}`, reason: `unknown list ${String(l)}` });
      });
  }
  if (errors.length || !url) throw problems.validation(errors);
  return ctx.store.db
    .insertInto('subscriptions')
    .values({
      owner: principal.actor,
      agency: principal.agency ?? null,
      url,
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      lists: lists === null ? null : JSON.stringify(lists),
      created_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function subscriptionsOf(ctx: Context, principal: Principal): Promise<SubscriptionRow[]> {
  let q = ctx.store.db.selectFrom('subscriptions').selectAll().where('ended_at', 'is', null);
  if (principal.role !== 'operator') q = q.where('owner', '=', principal.actor);
  return q.orderBy('id').execute();
}

export async function unsubscribe(ctx: Context, principal: Principal, id: number): Promise<void> {
  let q = ctx.store.db
    .updateTable('subscriptions')
    .set({ ended_at: ctx.clock.now() })
    .where('id', '=', id)
    .where('ended_at', 'is', null);
  if (principal.role !== 'operator') q = q.where('owner', '=', principal.actor);
  const r = await q.executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw problems.notFound(`no subscription ${id}`);
}
