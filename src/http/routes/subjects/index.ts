import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { loadCreditFile } from '../../../services/read-file.js';
import { DataVersionWatch } from '../../../store/data-version.js';
import type { AppDeps } from '../../deps.js';
import { callerClass, FileCache } from '../../file-cache.js';
import { presentFile } from '../../presenters/file.js';
import { IdParam, problemResponses } from '../schemas.js';

/** A cached file is looked at again at least this often, whatever else holds. */
const MAX_AGE_MS = 5 * 60_000;

export const subjectRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, access, checker }) => {
  const files = new FileCache();
  const versions = new DataVersionWatch(ctx.store.db);

  app.get(
    '/api/v1/subjects/:id',
    {
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
    async (req, reply) => {
      const now = ctx.clock.now();
      const version = await versions.current();
      const key = `${callerClass(req.principal)}|${req.query.history === true}|${req.params.id}`;
      let file = files.get(key, version, now);
      if (!file) {
        const loaded = await loadCreditFile(ctx, req.principal, req.params.id, {
          history: req.query.history,
        });
        const maxAge = new Date(Date.parse(now) + MAX_AGE_MS).toISOString();
        const ends = loaded.records.flatMap((r) =>
          r.publication_ends_at && r.publication_ends_at > now ? [r.publication_ends_at] : [],
        );
        file = {
          subjectId: loaded.subject.id,
          view: loaded.view,
          tail: Buffer.from(JSON.stringify(presentFile(loaded, ctx.catalog, checker.book, now)).slice(1)),
          version,
          validUntil: [maxAge, ...ends].sort()[0]!,
        };
        files.put(key, file);
      }
      await access.record(req.principal, { subjectId: file.subjectId, purpose: `file.read:${file.view}` });
      reply.type('application/json; charset=utf-8');
      return Buffer.concat([Buffer.from(`{"generatedAt":${JSON.stringify(now)},`), file.tail]);
    },
  );
};
