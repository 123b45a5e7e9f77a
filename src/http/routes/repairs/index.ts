import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { evidenceOf } from '../../../services/evidence.js';
import { applyForRepair, decideRepair, getRepair, listRepairs } from '../../../services/repairs.js';
import type { AppDeps } from '../../deps.js';
import { readEvidenceForm, warnUncoveredYears } from '../../evidence-form.js';
import { nextLink } from '../../paging.js';
import { aboutFilings } from '../../presenters/filing-about.js';
import { presentRepair } from '../../presenters/repair.js';
import { evidenceDownload, numericId } from '../evidence-download.js';
import { bearer, IdParam, Paging, problemResponses } from '../schemas.js';

export const repairRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { ctx, checker } = deps;
  const show = async (id: number, principal: Parameters<typeof getRepair>[1]) => {
    const r = await getRepair(ctx, principal, id);
    return presentRepair(
      r,
      { calendar: ctx.catalog.calendar, now: ctx.clock.now() },
      await evidenceOf(ctx, 'repair', r.id),
    );
  };

  app.post(
    '/api/v1/repairs',
    {
      config: { roles: ['subject', 'operator'] },
      schema: {
        tags: ['due process'],
        summary: 'Apply for credit repair of a listing (the listed subject)',
        description:
          'JSON `{listing, obligationsPerformed, commitmentLetter, trainingCertificate?}`, or multipart/form-data with the same fields as text parts and up to 5 evidence files (PDF, JPEG, PNG; 10 MiB each) in parts named `evidence`. Eligibility follows the list’s repair procedure (catalog: `repair`). Send `Idempotency-Key` to make a retry safe.',
        security: bearer,
        consumes: ['application/json', 'multipart/form-data'],
        response: problemResponses(401, 403, 404, 409, 422),
      },
    },
    async (req, reply) => {
      const form = await readEvidenceForm(req);
      const filed = await applyForRepair(ctx, req.principal, form.fields, form.files, form.idempotencyKey);
      warnUncoveredYears(req, { repair: filed.repair.id }, filed.uncoveredYears);
      reply
        .code(filed.status === 'created' ? 201 : 200)
        .header('location', `/api/v1/repairs/${filed.repair.id}`);
      return show(filed.repair.id, req.principal);
    },
  );

  app.get(
    '/api/v1/repairs',
    {
      config: { roles: ['operator', 'agency', 'subject'] },
      schema: {
        tags: ['due process'],
        summary: 'Repair applications: all (operator), those to decide (agency), mine (subject); by deadline',
        description:
          'Each carries `about`: the subject (a person’s number masked) and the list it applies to leave.',
        security: bearer,
        querystring: Type.Object({
          overdue: Type.Optional(Type.Boolean()),
          state: Type.Optional(
            Type.Union([Type.Literal('pending'), Type.Literal('granted'), Type.Literal('refused')]),
          ),
          ...Paging.properties,
        }),
        response: problemResponses(401, 403, 422),
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const offset = req.query.offset ?? 0;
      const { items, total } = await listRepairs(ctx, req.principal, { ...req.query, limit, offset });
      const now = ctx.clock.now();
      const about = await aboutFilings(
        ctx.store.db,
        ctx.catalog,
        items.map((r) => ({ subjectId: r.subject_id, listingId: r.listing_id })),
      );
      return {
        items: items.map((r, i) => ({
          ...presentRepair(r, { calendar: ctx.catalog.calendar, now }),
          about: about[i],
        })),
        total,
        ...nextLink(
          '/api/v1/repairs',
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
    '/api/v1/repairs/:id',
    {
      config: { roles: ['operator', 'agency', 'subject'] },
      schema: {
        tags: ['due process'],
        summary: 'A repair application (its subject, the deciding agency, operators)',
        security: bearer,
        params: IdParam,
        response: problemResponses(401, 403, 404),
      },
    },
    async (req) => show(numericId(req.params.id, 'repair application'), req.principal),
  );

  await app.register(
    evidenceDownload('repair', 'repairs', (principal, id) => getRepair(ctx, principal, id)),
    deps,
  );

  app.post(
    '/api/v1/repairs/:id/decision',
    {
      config: { roles: ['agency'] },
      schema: {
        tags: ['due process'],
        summary: 'Decide a repair application (the list’s owner)',
        description:
          '`{outcome: granted|refused, reason}`. Granted: the listing ends early (with the listings that follow it) and its records stop being published; they stay on file for their retention period.',
        security: bearer,
        params: IdParam,
        body: Type.Object({ outcome: Type.String(), reason: Type.String() }, { additionalProperties: true }),
        response: problemResponses(401, 403, 404, 409, 422),
      },
    },
    async (req) => {
      const id = numericId(req.params.id, 'repair application');
      const decided = await decideRepair(ctx, req.principal, id, req.body);
      await checker.follower.poll();
      return {
        ...(await show(id, req.principal)),
        endedListings: decided.endedListings.map((l) => l.id),
        unpublishedRecords: decided.unpublishedRecords,
      };
    },
  );
};
