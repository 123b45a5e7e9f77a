import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { readCreditFile } from '../../../services/read-file.js';
import type { AppDeps } from '../../deps.js';
import { presentFile } from '../../presenters/file.js';
import { IdParam, problemResponses } from '../schemas.js';

export const subjectRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, access }) => {
  app.get(
    '/api/v1/subjects/:id',
    {
      config: { public: true },
      schema: {
        tags: ['subjects'],
        summary: 'A credit file, as the caller may see it',
        description:
          'By internal id, Unified Social Credit Code, resident identity number or passport:<country>:<number>. Public callers see public records while published, natural persons only by full identifier and only where a basis requires publication, with masked identity numbers; the subject sees everything about itself; an agency sees what the catalog grants it. Every read is written to the audit log.',
        params: IdParam,
        querystring: Type.Object({
          history: Type.Optional(
            Type.Boolean({ description: 'Include superseded versions (subject, operator)' }),
          ),
        }),
        response: problemResponses(400, 401, 404),
      },
    },
    async (req) => {
      const file = await readCreditFile(ctx, access, req.principal, req.params.id, {
        history: req.query.history,
      });
      return presentFile(file, ctx.catalog, ctx.clock.now());
    },
  );
};
