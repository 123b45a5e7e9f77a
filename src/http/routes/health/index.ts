import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { readState } from '../../../store/audit-log.js';
import type { AppDeps } from '../../deps.js';

export const healthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, version }) => {
  app.get(
    '/api/v1/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and what the process serves',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            version: Type.String(),
            store: Type.String(),
            auditTreeSize: Type.Integer(),
            time: Type.String(),
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
      };
    },
  );
};
