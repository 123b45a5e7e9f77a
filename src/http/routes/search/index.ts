import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { search } from '../../../services/search.js';
import { badgesOf } from '../../../services/subject-badges.js';
import type { AppDeps } from '../../deps.js';
import { presentSubject } from '../../presenters/subject.js';
import { problemResponses } from '../schemas.js';

export const searchRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx }) => {
  app.get(
    '/api/v1/search',
    {
      config: { public: true },
      schema: {
        tags: ['search'],
        summary: 'Find subjects by code, identity number or name',
        description:
          'A full USCC, identity number or passport identifier finds that subject; otherwise `q` is a name substring of at least 2 characters (Chinese included), matched through an index. Natural persons are found only by their full identifier. `total` is counted up to 10,000. Each result carries `badges`: the kinds of public list it is on now (`black`, `red`, `irregularity`, `key-attention`, `alert`) and `under-objection` when something public on its file is under objection.',
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 100 }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
        }),
        response: problemResponses(422, 429),
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const offset = req.query.offset ?? 0;
      const page = await search(ctx, req.principal, req.query.q, { limit, offset });
      const nextOffset = offset + page.items.length;
      const badges = await badgesOf(ctx, page.items);
      return {
        items: page.items.map((s) => ({
          ...presentSubject(s, { mask: true }),
          badges: badges.get(s.id) ?? [],
        })),
        total: page.total,
        match: page.match,
        ...(nextOffset < page.total && page.items.length === limit
          ? {
              next: `/api/v1/search?${new URLSearchParams({ q: req.query.q, limit: String(limit), offset: String(nextOffset) })}`,
            }
          : {}),
      };
    },
  );
};
