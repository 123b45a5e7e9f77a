// The inbox and the addresses a subject keeps; the webhooks agencies subscribe; the dead letters operators see.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problems } from '../../../domain/errors.js';
import {
  getContacts,
  inbox,
  markRead,
  putContacts,
  subscribe,
  subscriptionsOf,
  unsubscribe,
} from '../../../services/notices.js';
import type { ContactRow, SubscriptionRow } from '../../../store/schema.js';
import type { AppDeps } from '../../deps.js';
import { nextLink } from '../../paging.js';
import { numericId } from '../evidence-download.js';
import { bearer, IdParam, Paging, problemResponses } from '../schemas.js';

const presentContacts = (c: ContactRow | undefined) => ({
  email: c?.email ?? null,
  webhookUrl: c?.webhook_url ?? null,
  webhookSecret: c?.webhook_secret ?? null,
  updatedAt: c?.updated_at ?? null,
});

const presentSubscription = (s: SubscriptionRow) => ({
  id: s.id,
  url: s.url,
  lists: s.lists === null ? null : (JSON.parse(s.lists) as string[]),
  agency: s.agency,
  secret: s.secret,
  createdAt: s.created_at,
});

export const noticeRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx }) => {
  const subjectOf = (principal: { subjectId?: number }): number => {
    if (principal.subjectId === undefined) throw problems.forbidden('a subject token names its subject');
    return principal.subjectId;
  };

  app.get(
    '/api/v1/me/notices',
    {
      config: { roles: ['subject'] },
      schema: {
        tags: ['due process'],
        summary:
          'My notices, newest first: what, why, from when, until when, consequences, how to object and repair',
        description: 'Each with its deliveries (e-mail, webhooks) and their state.',
        security: bearer,
        querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), ...Paging.properties }),
        response: problemResponses(401, 403),
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const offset = req.query.offset ?? 0;
      const page = await inbox(ctx, subjectOf(req.principal), { limit, offset, unread: req.query.unread });
      return {
        items: page.items.map((n) => ({
          id: n.id,
          kind: n.kind,
          listing: n.listing_id,
          title: n.title,
          content: JSON.parse(n.content) as unknown,
          createdAt: n.created_at,
          readAt: n.read_at,
          deliveries: n.deliveries,
        })),
        total: page.total,
        unread: page.unread,
        ...nextLink(
          '/api/v1/me/notices',
          { unread: req.query.unread },
          {
            limit,
            offset,
            shown: page.items.length,
            total: page.total,
          },
        ),
      };
    },
  );

  app.post(
    '/api/v1/me/notices/:id/read',
    {
      config: { roles: ['subject'] },
      schema: {
        tags: ['due process'],
        summary: 'Mark a notice as read',
        security: bearer,
        params: IdParam,
        response: problemResponses(401, 403, 404),
      },
    },
    async (req, reply) => {
      await markRead(ctx, subjectOf(req.principal), numericId(req.params.id, 'notice'));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/me/contacts',
    {
      config: { roles: ['subject'] },
      schema: {
        tags: ['due process'],
        summary: 'Where my notices go besides the inbox',
        security: bearer,
        response: problemResponses(401, 403),
      },
    },
    async (req) => presentContacts(await getContacts(ctx, subjectOf(req.principal))),
  );

  app.put(
    '/api/v1/me/contacts',
    {
      config: { roles: ['subject'] },
      schema: {
        tags: ['due process'],
        summary: 'Set where my notices go: `{email?, webhookUrl?}` (null or absent removes one)',
        description:
          'A webhook gets a signing secret: each POST carries `X-Xinyong-Timestamp` and `X-Xinyong-Signature: sha256=<HMAC-SHA256(secret, timestamp + "." + body)>`, and `X-Xinyong-Delivery` to deduplicate retries.',
        security: bearer,
        body: Type.Object(
          {
            email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
            webhookUrl: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          },
          { additionalProperties: true },
        ),
        response: problemResponses(401, 403, 422),
      },
    },
    async (req) => presentContacts(await putContacts(ctx, subjectOf(req.principal), req.body)),
  );

  app.post(
    '/api/v1/subscriptions',
    {
      // Not enforcers: a notice goes out before the listing takes effect, and a partner at the counter must not
      // act on it before then (it asks the check API, which applies a listing only from its effect).
      config: { roles: ['agency', 'operator'] },
      schema: {
        tags: ['due process'],
        summary: 'Subscribe a webhook to notices of new listings (on the given lists, or all)',
        description:
          '`{url, lists?}` → 201 with the signing secret. Deliveries are signed as for a subject’s webhook.',
        security: bearer,
        body: Type.Object(
          { url: Type.String(), lists: Type.Optional(Type.Array(Type.String())) },
          { additionalProperties: true },
        ),
        response: problemResponses(401, 403, 422),
      },
    },
    async (req, reply) => {
      const s = await subscribe(ctx, req.principal, req.body);
      reply.code(201).header('location', `/api/v1/subscriptions/${s.id}`);
      return presentSubscription(s);
    },
  );

  app.get(
    '/api/v1/subscriptions',
    {
      config: { roles: ['agency', 'operator'] },
      schema: {
        tags: ['due process'],
        summary: 'My webhook subscriptions (an operator: all)',
        security: bearer,
        response: problemResponses(401, 403),
      },
    },
    async (req) => {
      const items = (await subscriptionsOf(ctx, req.principal)).map(presentSubscription);
      return { items, total: items.length };
    },
  );

  app.delete(
    '/api/v1/subscriptions/:id',
    {
      config: { roles: ['agency', 'operator'] },
      schema: {
        tags: ['due process'],
        summary: 'End a webhook subscription',
        security: bearer,
        params: IdParam,
        response: problemResponses(401, 403, 404),
      },
    },
    async (req, reply) => {
      await unsubscribe(ctx, req.principal, numericId(req.params.id, 'subscription'));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/outbox',
    {
      config: { roles: ['operator'] },
      schema: {
        tags: ['due process'],
        summary: 'Notice deliveries by state (dead letters: `state=dead`), oldest first',
        security: bearer,
        querystring: Type.Object({
          state: Type.Optional(
            Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('dead')]),
          ),
          ...Paging.properties,
        }),
        response: problemResponses(401, 403),
      },
    },
    async (req) => {
      let q = ctx.store.db.selectFrom('outbox');
      if (req.query.state) q = q.where('state', '=', req.query.state);
      const counted = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .select([
          'id',
          'notice_id',
          'channel',
          'target',
          'subscription_id',
          'state',
          'attempts',
          'next_attempt_at',
          'last_error',
          'sent_at',
          'created_at',
        ])
        .orderBy('id')
        .limit(req.query.limit ?? 20)
        .offset(req.query.offset ?? 0)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          notice: r.notice_id,
          channel: r.channel,
          target: r.target,
          subscription: r.subscription_id,
          state: r.state,
          attempts: r.attempts,
          nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null,
          lastError: r.last_error,
          sentAt: r.sent_at,
          createdAt: r.created_at,
        })),
        total: Number(counted.n),
        ...nextLink(
          '/api/v1/outbox',
          { state: req.query.state },
          {
            limit: req.query.limit ?? 20,
            offset: req.query.offset ?? 0,
            shown: rows.length,
            total: Number(counted.n),
          },
        ),
      };
    },
  );
};
