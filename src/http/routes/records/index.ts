import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RecordType } from '../../../domain/catalog/schema.js';
import { problems } from '../../../domain/errors.js';
import { fileViewFor, recordVisible } from '../../../policies/file-visibility.js';
import { evidenceOf } from '../../../services/evidence.js';
import { attachRecordEvidence, recordForEvidence } from '../../../services/record-evidence.js';
import { submitRecord } from '../../../services/submit-record.js';
import { findRecord } from '../../../store/records.js';
import { findSubject } from '../../../store/subjects.js';
import type { AppDeps } from '../../deps.js';
import { readEvidenceForm } from '../../evidence-form.js';
import { presentRecord } from '../../presenters/record.js';
import { evidenceDownload, numericId } from '../evidence-download.js';
import { bearer, IdParam, problemResponses, SubjectRefSchema } from '../schemas.js';

/** A valid identifier of each subject kind, for the examples in the API reference. */
const EXAMPLE_SUBJECTS: Record<string, { id: string; name: string }> = {
  enterprise: { id: '91350100M000100Y43', name: '福州示例贸易有限公司' },
  'social-organization': { id: '53350100MJ00000016', name: '福州市示例行业协会' },
  'government-body': { id: '11350100MB00000012', name: '福州市示例局' },
  person: { id: '11010519491231002X', name: '张三' },
};

/** One example body per record type, its fields the catalog's own example, named by type in the reference. */
function recordExamples(types: Iterable<RecordType>) {
  const out: Record<string, { summary: string; value: unknown }> = {};
  for (const t of types) {
    out[t.code] = {
      summary: `${t.names.zh} (${t.names.en})`,
      value: {
        type: t.code,
        subject: EXAMPLE_SUBJECTS[t.subjectKinds[0]!] ?? EXAMPLE_SUBJECTS.enterprise,
        externalId: `${t.code}-0001`,
        occurredAt: '2026-03-02',
        fields: t.example,
      },
    };
  }
  return out;
}

const recordBody = (types: Iterable<RecordType>) =>
  Type.Object(
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
    { additionalProperties: false, 'x-examples': recordExamples(types) },
  );

export const recordRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { ctx, access } = deps;
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
        body: recordBody(ctx.catalog.recordTypes.values()),
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
      // Reading a record is reading part of a credit file: logged before it is answered.
      await access.record(req.principal, { subjectId: subject.id, purpose: `record.read:${record.id}` });
      return presentRecord(record, ctx.catalog, subject, { mask: view === 'public', basis: 'full' });
    },
  );

  app.post(
    '/api/v1/records/:id/evidence',
    {
      config: { roles: ['agency'] },
      schema: {
        tags: ['records'],
        summary: 'Attach evidence files to a record (the agency that submitted it)',
        description:
          'multipart/form-data with up to 5 parts named `evidence`: PDF, JPEG, PNG or MP4, each checked by its content — e.g. the two photos or the video of a deed an assessor reports (a scheme rule may count a record only with them). Never published, never analysed; shown to the subject, operators and the submitting agency. Audited.',
        security: bearer,
        params: IdParam,
        response: problemResponses(401, 403, 404, 409, 422),
      },
    },
    async (req, reply) => {
      const id = numericId(req.params.id, 'record');
      const form = await readEvidenceForm(req);
      const files = await attachRecordEvidence(ctx, req.principal, id, form.files);
      reply.code(201);
      return { items: files, total: files.length };
    },
  );

  app.get(
    '/api/v1/records/:id/evidence',
    {
      config: { roles: ['operator', 'agency', 'subject'] },
      schema: {
        tags: ['records'],
        summary: 'The evidence files of a record (the subject, operators, the submitting agency)',
        security: bearer,
        params: IdParam,
        response: problemResponses(401, 404),
      },
    },
    async (req) => {
      const record = await recordForEvidence(ctx, req.principal, numericId(req.params.id, 'record'));
      await access.record(req.principal, {
        subjectId: record.subject_id,
        purpose: `record.evidence:${record.id}`,
      });
      const files = await evidenceOf(ctx, 'record', record.id);
      return { items: files, total: files.length };
    },
  );

  await app.register(
    evidenceDownload('record', 'records', (principal, id) => recordForEvidence(ctx, principal, id)),
    deps,
  );
};
