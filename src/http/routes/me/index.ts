// The subject's own pages: its requests (objections and repair applications) with their deadlines, and who has
// read its file.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problems } from '../../../domain/errors.js';
import { accessLog } from '../../../services/access-log.js';
import { listObjections } from '../../../services/objections.js';
import { listRepairs } from '../../../services/repairs.js';
import { findSubjectsByIds } from '../../../store/subjects.js';
import type { AppDeps } from '../../deps.js';
import { nextLink } from '../../paging.js';
import { aboutFilings } from '../../presenters/filing-about.js';
import { presentObjection } from '../../presenters/objection.js';
import { presentRepair } from '../../presenters/repair.js';
import { presentSubject } from '../../presenters/subject.js';
import { bearer, Paging, problemResponses } from '../schemas.js';

const ALL = { mine: true, limit: 1000, offset: 0 };

export const meRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx }) => {
  // Who a token speaks for, so a client (the web app's sign-in) can check a token before using it.
  app.get(
    '/api/v1/me',
    {
      config: { roles: ['subject', 'operator', 'agency', 'enforcer'] },
      schema: {
        tags: ['due process'],
        summary: 'Who this token speaks for: its role, and its agency or subject',
        security: bearer,
        response: problemResponses(401),
      },
    },
    async (req) => {
      const p = req.principal;
      const agency = p.agency ? ctx.catalog.agencies.get(p.agency) : undefined;
      const [subject] = p.subjectId !== undefined ? await findSubjectsByIds(ctx.store.db, [p.subjectId]) : [];
      return {
        role: p.role,
        agency: agency ? { code: agency.code, names: agency.names } : null,
        subject: subject ? presentSubject(subject, { mask: false }) : null,
      };
    },
  );

  app.get(
    '/api/v1/me/requests',
    {
      config: { roles: ['subject', 'operator', 'agency', 'enforcer'] },
      schema: {
        tags: ['due process'],
        summary: 'My objections and repair applications, with their state and deadlines',
        description:
          'For a subject token: those about the subject (whoever filed them); for any other token: those it filed. Pending first, by deadline.',
        security: bearer,
        response: problemResponses(401, 403),
      },
    },
    async (req) => {
      const now = ctx.clock.now();
      const [objections, repairs] = await Promise.all([
        listObjections(ctx, req.principal, ALL),
        listRepairs(ctx, req.principal, ALL),
      ]);
      const about = await aboutFilings(ctx.store.db, ctx.catalog, [
        ...objections.items.map((o) => ({
          subjectId: o.subject_id,
          list: o.item_list,
          recordId: o.item_type === 'record' ? o.item_id : undefined,
        })),
        ...repairs.items.map((r) => ({ subjectId: r.subject_id, listingId: r.listing_id })),
      ]);
      const items = [
        ...objections.items.map((o, i) => ({
          kind: 'objection' as const,
          url: `/api/v1/objections/${o.id}`,
          ...presentObjection(o, { catalog: ctx.catalog, now, list: o.item_list ?? undefined }),
          about: about[i],
        })),
        ...repairs.items.map((r, i) => ({
          kind: 'repair' as const,
          url: `/api/v1/repairs/${r.id}`,
          ...presentRepair(r, { calendar: ctx.catalog.calendar, now }),
          about: about[objections.items.length + i],
        })),
      ].sort(
        (a, b) =>
          Number(b.state === 'pending') - Number(a.state === 'pending') ||
          a.deadline.dueAt.localeCompare(b.deadline.dueAt),
      );
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/v1/me/access-log',
    {
      config: { roles: ['subject'] },
      schema: {
        tags: ['due process'],
        summary: 'Who read my credit file, when and why (newest first), each read with its inclusion proof',
        security: bearer,
        querystring: Type.Object({ ...Paging.properties }),
        response: problemResponses(401, 403),
      },
    },
    async (req) => {
      if (req.principal.subjectId === undefined)
        throw problems.forbidden('a subject token names its subject');
      const limit = req.query.limit ?? 20;
      const offset = req.query.offset ?? 0;
      const log = await accessLog(ctx, req.principal.subjectId, { limit, offset });
      return {
        ...log,
        ...nextLink(
          '/api/v1/me/access-log',
          {},
          { limit, offset, shown: log.items.length, total: log.total },
        ),
      };
    },
  );
};
