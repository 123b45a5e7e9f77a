import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { readState } from '../../../store/audit-log.js';
import type { AppDeps } from '../../deps.js';

export const healthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, version, checker }) => {
  app.get(
    '/api/v1/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and what the process serves',
        description:
          'Also the size of the in-memory decision index, how long ago the change feed was last read, and the requests this process answered in the last minute.',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            version: Type.String(),
            store: Type.String(),
            auditTreeSize: Type.Integer(),
            time: Type.String(),
            decisionIndex: Type.Object({
              subjects: Type.Integer({ description: 'subjects with an active consequence, held in memory' }),
              listings: Type.Integer(),
              consequences: Type.Integer(),
              changeFeedLagMs: Type.Union([Type.Integer(), Type.Null()], {
                description: 'time since the change feed was last read (null before the first read)',
              }),
            }),
            requests: Type.Object({
              requests: Type.Integer({ description: 'answered by this process in the last minute' }),
              serverErrors: Type.Integer(),
              perSecond: Type.Number(),
            }),
          }),
        },
      },
    },
    async () => {
      const { size } = await readState(ctx.store.db);
      return {
        status: 'ok' as const,
        version,
        store: ctx.store.dialect,
        auditTreeSize: size,
        time: ctx.clock.now(),
        decisionIndex: {
          ...checker.index.stats(),
          changeFeedLagMs: checker.follower.lastPollAt ? Date.now() - checker.follower.lastPollAt : null,
        },
        requests: app.requestMeter.lastMinute(),
      };
    },
  );
};
