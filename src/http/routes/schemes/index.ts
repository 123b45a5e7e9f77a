import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problems } from '../../../domain/errors.js';
import { subjectScores } from '../../../services/scoring/subject-scores.js';
import { simulate } from '../../../services/simulate.js';
import type { AppDeps } from '../../deps.js';
import { bearer, IdParam, problemResponses } from '../schemas.js';

export const schemeRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, access }) => {
  const schemes = [...ctx.catalog.schemes.values()];
  const summaries = schemes.map((s) => ({
    code: s.code,
    names: s.names,
    owner: s.owner,
    subjectKinds: s.subjectKinds,
    regions: s.regions ?? [],
    start: s.start,
    range: s.range,
    bands: s.bands,
    ...(s.ruleGrades ? { ruleGrades: s.ruleGrades } : {}),
    review: s.review,
    effectiveFrom: s.effectiveFrom,
    ...(s.effectiveUntil ? { effectiveUntil: s.effectiveUntil } : {}),
    rules: s.rules.length,
    benefits: (s.benefits ?? []).length,
    legalBasis: s.legalBasis,
    source: s.source,
  }));

  app.get(
    '/api/v1/schemes',
    {
      schema: {
        tags: ['scores'],
        summary: 'The scoring schemes: city points, company ratings, operational grades',
        description:
          'Each with its owner, legal basis, subject kinds, regions, start value, range, bands and review cycle; `GET /api/v1/schemes/{code}` has the rules. Public.',
      },
    },
    async () => ({ items: summaries, total: summaries.length }),
  );

  app.get(
    '/api/v1/schemes/:code',
    {
      schema: {
        tags: ['scores'],
        summary: 'One scheme, every rule with its conditions, points, caps, lifetime and basis',
        description: 'In exactly the shape `xinyong catalog validate` accepts. Public.',
        params: Type.Object({ code: Type.String() }),
        response: problemResponses(404),
      },
    },
    async (req) => {
      const s = ctx.catalog.schemes.get(req.params.code);
      if (!s) throw problems.notFound(`no scheme ${req.params.code}`);
      return s;
    },
  );

  app.get(
    '/api/v1/subjects/:id/scores',
    {
      schema: {
        tags: ['scores'],
        summary: "A subject's scores, each with its ledger and what changes its grade",
        description:
          'The schemes that apply to the subject (by kind and region), or with `?scheme=` any one scheme (for comparison and simulation). Computed now from the records on file; `onFile` is the score.result record last written into the file. The subject itself, operators, and an agency for the schemes it runs; the read is written to the audit log.',
        params: IdParam,
        querystring: Type.Object({ scheme: Type.Optional(Type.String({ minLength: 1 })) }),
        security: bearer,
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (req) => {
      const { subject, items } = await subjectScores(ctx, req.principal, req.params.id, req.query.scheme);
      await access.record(req.principal, { subjectId: subject.id, purpose: 'scores.read' });
      return {
        subject: {
          id: subject.id,
          identifier: subject.identifier,
          kind: subject.kind,
          region: subject.region,
        },
        items,
        total: items.length,
      };
    },
  );

  app.post(
    '/api/v1/simulations',
    {
      schema: {
        tags: ['scores'],
        summary: 'Simulate a proposed scheme, list or memorandum on the current data (operator)',
        description:
          'The body is a catalog item or a list of them, in the shape `xinyong catalog validate` accepts; it is refused as the loader would refuse it. Nothing is changed. The report: subjects affected, grade distribution before and after, measures triggered, the depth of the cascade through derived lists and role extension, and fairness figures.',
        security: bearer,
        response: problemResponses(401, 403, 422),
      },
    },
    async (req, reply) => {
      if (req.principal.role === 'public') throw problems.unauthorized();
      if (req.principal.role !== 'operator') throw problems.forbidden('simulations are for operators');
      reply.code(200);
      return simulate(ctx, req.principal, req.body);
    },
  );
};
