import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ROLES } from '../../../domain/principal.js';
import { createToken, revokeToken } from '../../../services/tokens.js';
import type { AppDeps } from '../../deps.js';
import { bearer, problemResponses } from '../schemas.js';

export const tokenRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx }) => {
  app.post(
    '/api/v1/tokens',
    {
      config: { roles: ['operator'] },
      schema: {
        tags: ['tokens'],
        summary: 'Issue a bearer token (operator); the secret is shown once',
        security: bearer,
        body: Type.Object(
          {
            role: Type.String({ enum: [...ROLES] }),
            agency: Type.Optional(Type.String()),
            subject: Type.Optional(Type.String()),
            label: Type.Optional(Type.String({ maxLength: 200 })),
            expiresDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          },
          { additionalProperties: false },
        ),
        response: problemResponses(401, 403, 422),
      },
    },
    async (req, reply) => {
      reply.code(201);
      return createToken(ctx, req.principal, req.body);
    },
  );
  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { roles: ['operator'] },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token (operator)',
        security: bearer,
        params: Type.Object({ id: Type.String() }),
        response: problemResponses(401, 403, 404),
      },
    },
    async (req, reply) => {
      await revokeToken(ctx, req.principal, req.params.id);
      reply.code(204);
    },
  );
};
