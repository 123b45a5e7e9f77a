import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { findDecision } from '../../../check/decision-log.js';
import { problems } from '../../../domain/errors.js';
import { stats } from '../../../services/stats.js';
import type { AppDeps } from '../../deps.js';
import { batchAnswerJson, checkAnswerJson } from '../../presenters/check-answer.js';
import { bearer, problemResponses } from '../schemas.js';
import { BatchAnswerSchema, CheckAnswerSchema } from './schemas.js';

/** The answers' schemas document them; checkAnswerJson writes them (see there why). */
const answerJson = () => checkAnswerJson;

export const checkRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, checker }) => {
  app.get(
    '/api/v1/check',
    {
      config: { roles: ['enforcer', 'operator'] },
      schema: {
        tags: ['check'],
        summary: 'May the subject do the action? (enforcers)',
        description:
          'allow, deny, restrict, review or reward, with every reason: measure ← memorandum ← listing ← list ← basis, and until when; `via` names the role when the consequence reaches an officer through a company’s listing. Answered from the in-memory decision index; recorded in the decision log.',
        security: bearer,
        querystring: Type.Object({
          subject: Type.String({
            description: 'USCC, resident identity number or passport:<country>:<number>',
          }),
          action: Type.String(),
        }),
        response: { 200: CheckAnswerSchema, ...problemResponses(401, 403, 422) },
      },
      serializerCompiler: answerJson,
      // Not in the request log: the decision log records every check (and failures are still logged).
      logLevel: 'warn',
    },
    async (req) => checker.check(req.principal, req.query.subject, req.query.action),
  );

  app.post(
    '/api/v1/check/batch',
    {
      config: { roles: ['enforcer', 'operator'] },
      bodyLimit: 2 * 1024 * 1024,
      logLevel: 'warn',
      schema: {
        tags: ['check'],
        summary: 'Check up to 10,000 subjects for one action (a passenger manifest, a bidder list)',
        description: 'One result per subject, in order; an invalid identifier gets an error in its place.',
        security: bearer,
        body: Type.Object(
          { action: Type.String(), subjects: Type.Array(Type.String(), { minItems: 1, maxItems: 10_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: BatchAnswerSchema, ...problemResponses(401, 403, 422) },
      },
    },
    async (req, reply) => {
      const results = checker.batchLazily(req.principal, req.body.subjects, req.body.action);
      reply.type('application/json; charset=utf-8');
      // Sent as it is, past the typed reply: the schema above documents what the Buffer holds.
      return (reply as FastifyReply).send(batchAnswerJson(results));
    },
  );

  app.get(
    '/api/v1/decisions/:id',
    {
      config: { roles: ['enforcer', 'operator'] },
      schema: {
        tags: ['check'],
        summary: 'A recorded decision (its caller or an operator)',
        security: bearer,
        params: Type.Object({ id: Type.String() }),
        response: problemResponses(401, 403, 404),
      },
    },
    async (req) => {
      await checker.log.flush();
      const d = await findDecision(ctx.store.db, req.params.id);
      if (!d || (req.principal.role !== 'operator' && d.caller !== req.principal.actor))
        throw problems.notFound(`no decision ${req.params.id}`);
      return d;
    },
  );

  app.get(
    '/api/v1/stats',
    {
      schema: {
        tags: ['check'],
        summary:
          'Listed subjects by list and kind; new and ended listings and refused actions by month (NPCIC-style)',
      },
    },
    async () => {
      await checker.log.flush();
      return stats(ctx);
    },
  );
};
