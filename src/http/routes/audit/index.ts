import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { consistencyProof, inclusionProof, signedHead } from '../../../services/audit.js';
import type { AppDeps } from '../../deps.js';
import { bearer, problemResponses } from '../schemas.js';

export const auditRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, signingKey }) => {
  app.get(
    '/api/v1/audit/head',
    {
      config: { public: true },
      schema: {
        tags: ['audit'],
        summary: 'The signed tree head: size and RFC 6962 root hash of the audit log, signed with Ed25519',
        description:
          'The signature covers the canonical JSON {"log":"xinyong-audit-v1","rootHash":…,"timestamp":…,"treeSize":…}.',
      },
    },
    async () => signedHead(ctx, signingKey),
  );
  app.get(
    '/api/v1/audit/key',
    {
      config: { public: true },
      schema: { tags: ['audit'], summary: 'The public key that signs tree heads (PEM, SPKI)' },
    },
    async () => ({ algorithm: 'Ed25519', keyId: signingKey.keyId, publicKeyPem: signingKey.publicKeyPem }),
  );
  app.get(
    '/api/v1/audit/entries/:seq/proof',
    {
      config: { roles: ['operator', 'agency', 'enforcer', 'subject'] },
      schema: {
        tags: ['audit'],
        summary:
          'Inclusion proof of an entry (RFC 6962 audit path), and of one item of a group-committed entry',
        security: bearer,
        params: Type.Object({ seq: Type.Integer({ minimum: 0 }) }),
        querystring: Type.Object({
          treeSize: Type.Optional(Type.Integer({ minimum: 1 })),
          item: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: problemResponses(401, 404, 422),
      },
    },
    async (req) =>
      inclusionProof(ctx, req.params.seq, { treeSize: req.query.treeSize, item: req.query.item }),
  );
  app.get(
    '/api/v1/audit/consistency',
    {
      config: { public: true },
      schema: {
        tags: ['audit'],
        summary:
          'Consistency proof that the log at size `to` extends the log at size `from` (RFC 6962 2.1.2)',
        querystring: Type.Object({
          from: Type.Integer({ minimum: 1 }),
          to: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: problemResponses(422),
      },
    },
    async (req) => consistencyProof(ctx, req.query.from, req.query.to),
  );
};
