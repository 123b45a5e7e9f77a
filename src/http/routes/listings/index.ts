import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problems } from '../../../domain/errors.js';
import { listingState } from '../../../domain/listings/listing.js';
import { parseInstant } from '../../../domain/time.js';
import { listingPublic } from '../../../policies/file-visibility.js';
import { createListing, endListing } from '../../../services/listings.js';
import { resolveSubject } from '../../../services/read-file.js';
import { findListing } from '../../../store/listings.js';
import { findSubject, findSubjectsByIds } from '../../../store/subjects.js';
import type { AppDeps } from '../../deps.js';
import { nextLink } from '../../paging.js';
import { presentListing } from '../../presenters/listing.js';
import { bearer, problemResponses, SubjectRefSchema } from '../schemas.js';

const ListingBody = Type.Object(
  {
    list: Type.String({ description: 'List code; the caller must be its owner' }),
    subject: Type.Union([Type.String(), SubjectRefSchema]),
    severity: Type.String({ enum: ['general', 'serious', 'extreme'] }),
    decisionNumber: Type.String({
      description:
        'Number of the decision document; (list, subject, decisionNumber) makes the request idempotent',
    }),
    conductAt: Type.String({
      description:
        'When the conduct happened (officers holding a role then are the ones a memorandum can reach)',
    }),
    decidedAt: Type.String(),
    reason: Type.String(),
    records: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }))),
  },
  { additionalProperties: false },
);

export const listingRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, checker }) => {
  const present = (
    l: Parameters<typeof presentListing>[0],
    subject?: Parameters<typeof presentListing>[4],
    mask = false,
  ) => presentListing(l, ctx.catalog, checker.book, ctx.clock.now(), subject, mask);

  app.post(
    '/api/v1/listings',
    {
      config: { roles: ['agency'] },
      schema: {
        tags: ['listings'],
        summary: 'List a subject (the list’s owner agency only)',
        description:
          'effectiveAt is the decision plus the list’s notice period (the subject is told and may object meanwhile); endsAt follows from the severity. Lists derived from this one follow it. The same (list, subject, decisionNumber) again is a replay. A listing whose end has already passed is stored but never takes effect.',
        security: bearer,
        body: ListingBody,
        response: problemResponses(401, 403, 409, 422),
      },
    },
    async (req, reply) => {
      const r = await createListing(ctx, req.principal, req.body);
      // This process answers checks from its index: apply the change before answering (others follow within the poll).
      await checker.follower.poll();
      reply.code(r.status === 'created' ? 201 : 200);
      if (r.status === 'created') reply.header('location', `/api/v1/listings/${r.listing.id}`);
      return { ...present(r.listing, r.subject), derived: r.derived.map((d) => present(d, r.subject)) };
    },
  );

  app.post(
    '/api/v1/listings/:id/end',
    {
      config: { roles: ['agency'] },
      schema: {
        tags: ['listings'],
        summary: 'End a listing early (its owner agency): repaired, revoked, or objection upheld',
        description: 'Listings derived from it end with it.',
        security: bearer,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            reason: Type.String({ enum: ['repaired', 'revoked', 'objection-upheld'] }),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: problemResponses(401, 403, 404, 409, 422),
      },
    },
    async (req) => {
      const ended = await endListing(ctx, req.principal, req.params.id, req.body);
      await checker.follower.poll();
      return { ...present(ended[0]!), derived: ended.slice(1).map((l) => present(l)) };
    },
  );

  app.get(
    '/api/v1/listings/:id',
    {
      schema: {
        tags: ['listings'],
        summary: 'One listing',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: problemResponses(404),
      },
    },
    async (req) => {
      const l = await findListing(ctx.store.db, req.params.id);
      const subject = l && (await findSubject(ctx.store.db, { id: l.subject_id }));
      if (!l || !subject) throw problems.notFound(`no listing ${req.params.id}`);
      const p = req.principal;
      const own = p.role === 'subject' && p.subjectId === subject.id;
      const isPublic = p.role === 'public' || p.role === 'enforcer' || (p.role === 'subject' && !own);
      const state = listingState(
        { effectiveAt: l.effective_at, endsAt: l.ends_at, endedAt: l.ended_at },
        ctx.clock.now(),
      );
      if (isPublic && !listingPublic(ctx.catalog.lists.get(l.list), subject.kind, state))
        throw problems.notFound(`no listing ${req.params.id}`);
      return present(l, subject, isPublic);
    },
  );

  app.get(
    '/api/v1/listings',
    {
      schema: {
        tags: ['listings'],
        summary: 'Listings, filtered by list, kind of list, agency, region, decision date, subject and state',
        description:
          'The public sees listings in effect on lists whose basis publishes them (natural persons only where the list publishes persons, masked). `region` matches a region code prefix (`35` Fujian, `3501` Fuzhou); `decidedFrom` and `decidedTo` bound the decision date (RFC 3339 or YYYY-MM-DD, `decidedTo` exclusive).',
        querystring: Type.Object({
          list: Type.Optional(Type.String()),
          kind: Type.Optional(
            Type.String({ enum: ['black', 'red', 'irregularity', 'key-attention', 'alert'] }),
          ),
          agency: Type.Optional(Type.String()),
          region: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$' })),
          decidedFrom: Type.Optional(Type.String()),
          decidedTo: Type.Optional(Type.String()),
          subject: Type.Optional(Type.String()),
          state: Type.Optional(Type.String({ enum: ['noticed', 'effective', 'ended'] })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
        }),
        response: problemResponses(400, 422),
      },
    },
    async (req) => {
      const now = ctx.clock.now();
      const p = req.principal;
      const limit = req.query.limit ?? 20;
      const offset = req.query.offset ?? 0;
      const isPublic = p.role === 'public' || p.role === 'enforcer' || p.role === 'subject';
      let q = ctx.store.db.selectFrom('listings').selectAll();
      if (req.query.list) q = q.where('list', '=', req.query.list);
      if (req.query.kind) {
        const kind = req.query.kind;
        const codes = [...ctx.catalog.lists.values()].filter((l) => l.kind === kind).map((l) => l.code);
        q = q.where('list', 'in', codes.length ? codes : ['']);
      }
      if (req.query.agency) q = q.where('agency', '=', req.query.agency);
      if (req.query.region) {
        const prefix = `${req.query.region}%`;
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('subjects')
              .select('subjects.id')
              .whereRef('subjects.id', '=', 'listings.subject_id')
              .where('subjects.region', 'like', prefix),
          ),
        );
      }
      for (const [name, op] of [
        ['decidedFrom', '>='],
        ['decidedTo', '<'],
      ] as const) {
        const value = req.query[name];
        if (value === undefined) continue;
        const at = parseInstant(value);
        if (!at)
          throw problems.validation([{ pointer: `/${name}`, reason: 'is not RFC 3339 or YYYY-MM-DD' }]);
        q = q.where('decided_at', op, at);
      }
      if (req.query.subject) {
        const { subject } = await resolveSubject(ctx, req.query.subject);
        q = q.where('subject_id', '=', subject?.id ?? -1);
      }
      const state = isPublic ? 'effective' : req.query.state;
      if (isPublic && req.query.state && req.query.state !== 'effective') return { items: [], total: 0 };
      if (state === 'noticed') q = q.where('effective_at', '>', now).where('ended_at', 'is', null);
      if (state === 'effective')
        q = q.where('effective_at', '<=', now).where('ends_at', '>', now).where('ended_at', 'is', null);
      if (state === 'ended')
        q = q.where((eb) => eb.or([eb('ended_at', 'is not', null), eb('ends_at', '<=', now)]));
      if (isPublic) {
        // The public filter in SQL, so pages and totals agree: published lists, and persons only where the list
        // publishes persons.
        const lists = [...ctx.catalog.lists.values()];
        const published = lists.filter((l) => l.publication.public).map((l) => l.code);
        const withPersons = lists
          .filter((l) => l.publication.public && l.publication.persons)
          .map((l) => l.code);
        q = q
          .where('list', 'in', published.length ? published : [''])
          .where((eb) =>
            eb.or([
              eb('list', 'in', withPersons.length ? withPersons : ['']),
              eb.exists(
                eb
                  .selectFrom('subjects')
                  .select('subjects.id')
                  .whereRef('subjects.id', '=', 'listings.subject_id')
                  .where('subjects.kind', '!=', 'person'),
              ),
            ]),
          );
      }
      const rows = await q.orderBy('id', 'desc').limit(limit).offset(offset).execute();
      const total = await q
        .clearSelect()
        .clearOrderBy()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      const subjects = new Map(
        (await findSubjectsByIds(ctx.store.db, [...new Set(rows.map((r) => r.subject_id))])).map((s) => [
          s.id,
          s,
        ]),
      );
      const items = rows.map((l) => present(l, subjects.get(l.subject_id), isPublic));
      const count = Number(total?.n ?? 0);
      const { limit: _l, offset: _o, ...filters } = req.query;
      return {
        items,
        total: count,
        ...nextLink('/api/v1/listings', filters, { limit, offset, shown: items.length, total: count }),
      };
    },
  );
};
