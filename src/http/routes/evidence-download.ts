// GET /api/v1/{objections|repairs|records}/:id/evidence/:file — to whoever may see what the file was sent with.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problems } from '../../domain/errors.js';
import type { Principal } from '../../domain/principal.js';
import { type EvidenceOwner, evidenceFile } from '../../services/evidence.js';
import type { AppDeps } from '../deps.js';
import { problemResponses } from './schemas.js';

export const numericId = (raw: string, what: string): number => {
  if (!/^\d{1,15}$/.test(raw)) throw problems.notFound(`no ${what} ${raw}`);
  return Number(raw);
};

export function evidenceDownload(
  ownerType: EvidenceOwner,
  collection: string,
  /** Throws (404) unless the principal may see the owner. */
  assertVisible: (principal: Principal, id: number) => Promise<unknown>,
): FastifyPluginAsyncTypebox<AppDeps> {
  return async (app, { ctx }) => {
    app.get(
      `/api/v1/${collection}/:id/evidence/:file`,
      {
        schema: {
          tags: ['due process'],
          summary: `An evidence file of ${ownerType === 'objection' ? 'an objection' : ownerType === 'repair' ? 'a repair application' : 'a record (never public)'}`,
          params: Type.Object({ id: Type.String(), file: Type.String() }),
          response: problemResponses(404),
        },
      },
      async (req, reply) => {
        const id = numericId(req.params.id, ownerType);
        await assertVisible(req.principal, id);
        const fileId = /^\d{1,15}$/.test(req.params.file) ? Number(req.params.file) : -1;
        const file = await evidenceFile(ctx, ownerType, id, fileId);
        if (!file) throw problems.notFound(`${ownerType} ${id} has no evidence file ${req.params.file}`);
        reply
          .type(file.media_type)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('x-content-type-options', 'nosniff');
        return Buffer.from(file.content);
      },
    );
  };
}
