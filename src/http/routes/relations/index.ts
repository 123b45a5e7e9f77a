import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { RELATION_ROLES } from '../../../domain/relations.js';
import { addRelation } from '../../../services/relations.js';
import type { AppDeps } from '../../deps.js';
import { presentSubject } from '../../presenters/subject.js';
import { bearer, problemResponses, SubjectRefSchema } from '../schemas.js';

const Ref = Type.Union([Type.String(), SubjectRefSchema]);

export const relationRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, checker }) => {
  app.post(
    '/api/v1/relations',
    {
      config: { roles: ['agency'] },
      schema: {
        tags: ['relations'],
        summary: 'Record that a subject holds a role in a legal entity (agency)',
        description: `From the legal entity to the holder of the role. Roles: ${RELATION_ROLES.join(', ')}; there are no family relations. The same relation again answers 200; sending it again with \`until\` ends it.`,
        security: bearer,
        body: Type.Object(
          {
            from: Ref,
            to: Ref,
            role: Type.String({ enum: [...RELATION_ROLES] }),
            since: Type.String(),
            until: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: problemResponses(401, 403, 409, 422),
      },
    },
    async (req, reply) => {
      const r = await addRelation(ctx, req.principal, req.body);
      await checker.follower.poll();
      reply.code(r.status === 'replayed' ? 200 : 201);
      return {
        id: r.relation.id,
        role: r.relation.role,
        from: presentSubject(r.from, { mask: false }),
        to: presentSubject(r.to, { mask: false }),
        since: r.relation.since,
        until: r.relation.until,
        agency: r.relation.agency,
        version: r.relation.version,
        auditSeq: r.relation.audit_seq,
      };
    },
  );
};
