import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problems } from '../../../domain/errors.js';
import { fileViewFor, recordVisible } from '../../../policies/file-visibility.js';
import { submitRecord } from '../../../services/submit-record.js';
import { findRecord } from '../../../store/records.js';
import { findSubject } from '../../../store/subjects.js';
import type { AppDeps } from '../../deps.js';
import { presentRecord } from '../../presenters/record.js';
import { bearer, IdParam, problemResponses, SubjectRefSchema } from '../schemas.js';

const RecordBody = Type.Object(
  {
    type: Type.String({ description: 'Record type code from the catalog' }),
    subject: SubjectRefSchema,
    externalId: Type.String({
      description: 'The agency’s own id of the record; (agency, externalId) makes a submission idempotent',
    }),
    occurredAt: Type.String({ description: 'RFC 3339, or YYYY-MM-DD (midnight Asia/Shanghai)' }),
    fields: Type.Object(
      {},
      { additionalProperties: true, description: 'As the record type’s JSON Schema says' },
    ),
    correction: Type.Optional(Type.Object({ reason: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const recordRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx }) => {
  app.post(
    '/api/v1/records',
    {
      config: { roles: ['agency'] },
      schema: {
        tags: ['records'],
        summary: 'Submit a record (agency)',
        description:
          'Creates the subject if it is not on file. The same (agency, externalId) with the same body answers 200 with the stored record and stores nothing; a different body is 409 unless sent with `correction: {reason}`, which stores the next version and keeps the history.',
        security: bearer,
        body: RecordBody,
        response: problemResponses(401, 403, 409, 422),
      },
    },
    async (req, reply) => {
      const result = await submitRecord(ctx, req.principal, req.body);
      reply.code(result.status === 'replayed' ? 200 : 201);
      if (result.status !== 'replayed') reply.header('location', `/api/v1/records/${result.record.id}`);
      return presentRecord(result.record, ctx.catalog, result.subject);
    },
  );

  app.get(
    '/api/v1/records/:id',
    {
      config: { roles: ['operator', 'agency', 'subject'] },
      schema: {
        tags: ['records'],
        summary: 'One record version',
        security: bearer,
        params: IdParam,
        response: problemResponses(401, 403, 404),
      },
    },
    async (req) => {
      const id = Number(req.params.id);
      const record = Number.isSafeInteger(id) ? await findRecord(ctx.store.db, id) : undefined;
      const subject = record && (await findSubject(ctx.store.db, { id: record.subject_id }));
      if (!record || !subject) throw problems.notFound(`no record ${req.params.id}`);
      const view = fileViewFor(req.principal, subject.id);
      const visible = recordVisible(
        ctx.catalog,
        view,
        req.principal,
        {
          type: ctx.catalog.recordTypes.get(record.type),
          subjectKind: subject.kind,
          publicationEndsAt: record.publication_ends_at,
          supersededAt: null,
        },
        ctx.clock.now(),
      );
      if (!visible || (view === 'public' && subject.kind === 'person'))
        throw problems.notFound(`no record ${req.params.id}`);
      return presentRecord(record, ctx.catalog, subject, { mask: view === 'public' });
    },
  );
};
