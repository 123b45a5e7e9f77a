// Credit reports: issued from a subject's file as JSON or PDF; verified by number by anyone.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { settings } from '../../../config.js';
import { findReport, issueReport, verifyReport } from '../../../services/credit-reports.js';
import { reportPdf } from '../../../services/report-pdf.js';
import type { AppDeps } from '../../deps.js';
import { IdParam, problemResponses } from '../schemas.js';

export const reportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx, access, signingKey }) => {
  app.get(
    '/api/v1/subjects/:id/report',
    {
      schema: {
        tags: ['subjects'],
        summary:
          'A credit report (JSON, or a PDF with ?format=pdf): the subject, operators, agencies; anyone for an enterprise',
        description:
          'The PBoC second-generation fields the platform holds (arrears, unpaid taxes, court records, administrative penalties, awards, list memberships, grades), as the caller may see the file. Numbered, hashed into the audit log, and verifiable at GET /api/v1/reports/{number} (the PDF carries a QR code of that address). A natural person’s report goes to the person, operators and agencies only.',
        params: IdParam,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('pdf')])),
        }),
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (req, reply) => {
      const publicUrl = settings.publicUrl ?? `${req.protocol}://${req.host}`;
      const report = await issueReport(ctx, { access, signingKey, publicUrl }, req.principal, req.params.id);
      if (req.query.format !== 'pdf') return report;
      reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="credit-report-${report.number}.pdf"`);
      return reportPdf(report);
    },
  );

  app.get(
    '/api/v1/reports/:number',
    {
      schema: {
        tags: ['subjects'],
        summary: 'Verify a credit report by its number (public)',
        description:
          'When and as whom it was made, whose it is (a person masked), its content hash and the audit entry that issued it.',
        params: Type.Object({ number: Type.String({ maxLength: 40 }) }),
        response: problemResponses(404),
      },
    },
    async (req) => verifyReport(ctx, req.params.number),
  );

  app.get(
    '/api/v1/reports',
    {
      schema: {
        tags: ['subjects'],
        summary: 'Look a credit report up by its number (public): a collection of none or one',
        description:
          'The same verification as GET /api/v1/reports/{number}, as `{items, total}`: an unknown number is an empty collection, not a 404 (the web app’s verification page asks here, so a mistyped number is an answer, not an error).',
        querystring: Type.Object({ number: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: problemResponses(422),
      },
    },
    async (req) => {
      const found = await findReport(ctx, req.query.number);
      return { items: found ? [found] : [], total: found ? 1 : 0 };
    },
  );
};
