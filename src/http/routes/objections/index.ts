import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  decideObjection,
  extendObjection,
  fileObjection,
  getObjection,
  listObjections,
  type ObjectionView,
} from '../../../services/objections.js';
import type { AppDeps } from '../../deps.js';
import { readEvidenceForm, warnUncoveredYears } from '../../evidence-form.js';
import { nextLink } from '../../paging.js';
import { aboutFilings } from '../../presenters/filing-about.js';
import { presentObjection } from '../../presenters/objection.js';
import { evidenceDownload, numericId } from '../evidence-download.js';
import { bearer, IdParam, Paging, problemResponses } from '../schemas.js';

const idOf = (raw: string): number => numericId(raw, 'objection');

export const objectionRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { ctx, checker } = deps;
  const present = (o: ObjectionView, evidence: Parameters<typeof presentObjection>[2] = []) =>
    presentObjection(
      o,
      { catalog: ctx.catalog, now: ctx.clock.now(), list: o.item_list ?? undefined },
      evidence,
    );

  app.post(
    '/api/v1/objections',
    {
      schema: {
        tags: ['due process'],
        summary: 'Object to a record or a listing (its subject; anyone, for public information)',
        description:
          'JSON `{itemType: record|listing, item, reason}`, or multipart/form-data with the same fields as text parts and up to 5 files (PDF, JPEG, PNG; 10 MiB each) in parts named `evidence`. The item is shown as under objection wherever it appears until the owning agency decides, within the list’s deadline in working days. Send `Idempotency-Key` to make a retry safe. A score (`score.result`) is derived and is not objected to itself: 422 at `/item`, naming the records and listings in its ledger to object to instead.',
        consumes: ['application/json', 'multipart/form-data'],
        response: problemResponses(401, 404, 409, 422),
      },
    },
    async (req, reply) => {
      const form = await readEvidenceForm(req);
      const filed = await fileObjection(ctx, req.principal, form.fields, form.files, form.idempotencyKey);
      // This process's answers show the objection at once (others within the change feed's poll).
      await checker.follower.poll();
      const { objection, evidence } = await getObjection(ctx, req.principal, filed.objection.id);
      warnUncoveredYears(req, { objection: objection.id }, filed.uncoveredYears);
      reply
        .code(filed.status === 'created' ? 201 : 200)
        .header('location', `/api/v1/objections/${objection.id}`);
      return present(objection, evidence);
    },
  );

  app.get(
    '/api/v1/objections',
    {
      config: { roles: ['operator', 'agency', 'subject', 'enforcer'] },
      schema: {
        tags: ['due process'],
        summary:
          'Objections: all (operator), those to decide (agency), those about me (subject); by deadline',
        description:
          '`overdue=true`: pending past their deadline — escalated to the operators. Each carries `about`: the subject (a person’s number masked) and the list or record type objected to.',
        security: bearer,
        querystring: Type.Object({
          overdue: Type.Optional(Type.Boolean()),
          state: Type.Optional(
            Type.Union([Type.Literal('pending'), Type.Literal('upheld'), Type.Literal('rejected')]),
          ),
          ...Paging.properties,
        }),
        response: problemResponses(401, 403, 422),
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const offset = req.query.offset ?? 0;
      const { items, total } = await listObjections(ctx, req.principal, {
        limit,
        offset,
        overdue: req.query.overdue,
        state: req.query.state,
      });
      const about = await aboutFilings(
        ctx.store.db,
        ctx.catalog,
        items.map((o) => ({
          subjectId: o.subject_id,
          list: o.item_list,
          recordId: o.item_type === 'record' ? o.item_id : undefined,
        })),
      );
      return {
        items: items.map((o, i) => ({ ...present(o), about: about[i] })),
        total,
        ...nextLink(
          '/api/v1/objections',
          { overdue: req.query.overdue, state: req.query.state },
          {
            limit,
            offset,
            shown: items.length,
            total,
          },
        ),
      };
    },
  );

  app.get(
    '/api/v1/objections/:id',
    {
      schema: {
        tags: ['due process'],
        summary: 'An objection (its filer, its subject, the deciding agency, operators)',
        params: IdParam,
        response: problemResponses(404),
      },
    },
    async (req) => {
      const { objection, evidence } = await getObjection(ctx, req.principal, idOf(req.params.id));
      return present(objection, evidence);
    },
  );

  await app.register(
    evidenceDownload('objection', 'objections', (principal, id) => getObjection(ctx, principal, id)),
    deps,
  );

  app.post(
    '/api/v1/objections/:id/decision',
    {
      config: { roles: ['agency'] },
      schema: {
        tags: ['due process'],
        summary: 'Decide an objection (the agency that owns the item)',
        description:
          '`{outcome: upheld|rejected, reason}`. Upheld: a listing ends (with every listing that follows it) and checks stop applying it; a record is withdrawn and the listings resting on it end.',
        security: bearer,
        params: IdParam,
        body: Type.Object({ outcome: Type.String(), reason: Type.String() }, { additionalProperties: true }),
        response: problemResponses(401, 403, 404, 409, 422),
      },
    },
    async (req) => {
      const id = idOf(req.params.id);
      const decided = await decideObjection(ctx, req.principal, id, req.body);
      await checker.follower.poll();
      const { objection, evidence } = await getObjection(ctx, req.principal, id);
      return {
        ...present(objection, evidence),
        endedListings: decided.endedListings.map((l) => l.id),
        withdrawnRecord: decided.withdrawnRecord,
      };
    },
  );

  app.post(
    '/api/v1/objections/:id/extension',
    {
      config: { roles: ['agency'] },
      schema: {
        tags: ['due process'],
        summary: 'Extend the deadline once, giving a reason (the deciding agency)',
        security: bearer,
        params: IdParam,
        body: Type.Object({ reason: Type.String() }, { additionalProperties: true }),
        response: problemResponses(401, 403, 404, 409, 422),
      },
    },
    async (req) => {
      const id = idOf(req.params.id);
      await extendObjection(ctx, req.principal, id, req.body);
      const { objection, evidence } = await getObjection(ctx, req.principal, id);
      return present(objection, evidence);
    },
  );
};
