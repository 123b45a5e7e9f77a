import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { problems } from '../../../domain/errors.js';
import type { Principal } from '../../../domain/principal.js';
import {
  formatFromName,
  type ImportEncoding,
  type ImportFormat,
} from '../../../services/imports/read-rows.js';
import { rejectsCsvHeader, rejectsCsvLine } from '../../../services/imports/rejects.js';
import { checkImportSpec, createImportJob, runImport } from '../../../services/imports/run-import.js';
import { findJob, listRejects } from '../../../store/imports.js';
import type { ImportJobRow } from '../../../store/schema.js';
import type { AppDeps } from '../../deps.js';
import { bearer, IdParam, problemResponses } from '../schemas.js';

export function presentJob(j: ImportJobRow) {
  return {
    id: j.id,
    state: j.state,
    agency: j.agency,
    type: j.type,
    format: j.format,
    encoding: j.encoding,
    fileName: j.file_name,
    counts: { rows: j.total_rows, stored: j.stored, duplicates: j.duplicates, rejected: j.rejected },
    error: j.error,
    createdAt: j.created_at,
    startedAt: j.started_at,
    finishedAt: j.finished_at,
    links: { self: `/api/v1/imports/${j.id}`, rejects: `/api/v1/imports/${j.id}/rejects` },
  };
}

async function visibleJob(deps: AppDeps, principal: Principal, id: string): Promise<ImportJobRow> {
  const job = await findJob(deps.ctx.store.db, id);
  if (!job || (principal.role === 'agency' && job.agency !== principal.agency))
    throw problems.notFound(`no import ${id}`);
  return job;
}

const fieldValue = (
  req: FastifyRequest,
  fields: Record<string, unknown>,
  name: string,
): string | undefined => {
  const f = fields[name] as { value?: unknown } | undefined;
  const q = (req.query as Record<string, unknown>)[name];
  return typeof f?.value === 'string' && f.value !== '' ? f.value : typeof q === 'string' ? q : undefined;
};

export const importRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { ctx, imports } = deps;
  app.post(
    '/api/v1/imports',
    {
      config: { roles: ['agency'] },
      schema: {
        tags: ['imports'],
        summary: 'Upload a bulk file of records (agency); answers 202 with the job',
        description:
          'multipart/form-data with the fields `type` (record type), `format` (csv | ndjson | xlsx; default from the file name), `encoding` (utf8 | gb18030; default utf8) before the part `file`. The same path as `xinyong import`: batches are atomic, rows already stored are not stored again, every other row is stored or rejected with its reason.',
        security: bearer,
        consumes: ['multipart/form-data'],
        response: problemResponses(401, 403, 413, 422),
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw problems.badRequest('send multipart/form-data with the file in the part `file`');
      const file = await req.file();
      if (!file) throw problems.validation([{ pointer: '/file', reason: 'is required' }]);
      const spec = checkImportSpec(ctx.catalog, req.principal, {
        type: fieldValue(req, file.fields, 'type'),
        format: (fieldValue(req, file.fields, 'format') ?? formatFromName(file.filename)) as
          | ImportFormat
          | undefined,
        encoding: (fieldValue(req, file.fields, 'encoding') ?? 'utf8') as ImportEncoding,
        fileName: file.filename || 'upload',
      });
      const dir = await mkdtemp(join(tmpdir(), 'xinyong-import-'));
      const path = join(dir, 'upload');
      await pipeline(file.file, createWriteStream(path));
      if (file.file.truncated) {
        await rm(dir, { recursive: true, force: true });
        throw problems.validation([{ pointer: '/file', reason: 'is larger than the upload limit' }]);
      }
      const job = await createImportJob(ctx, req.principal, spec);
      imports.track(
        runImport(ctx, req.principal, job.id, { path })
          .catch((err) => req.log.warn({ err, job: job.id }, 'import ended with an error'))
          .finally(() => rm(dir, { recursive: true, force: true })),
      );
      reply.code(202).header('location', `/api/v1/imports/${job.id}`);
      return presentJob(job);
    },
  );

  app.get(
    '/api/v1/imports/:id',
    {
      config: { roles: ['agency', 'operator'] },
      schema: {
        tags: ['imports'],
        summary: 'Progress and counts of an import',
        security: bearer,
        params: IdParam,
        response: problemResponses(401, 403, 404),
      },
    },
    async (req) => presentJob(await visibleJob(deps, req.principal, req.params.id)),
  );

  app.get(
    '/api/v1/imports/:id/rejects',
    {
      config: { roles: ['agency', 'operator'] },
      schema: {
        tags: ['imports'],
        summary: 'The rejects file of an import (CSV: rowNumber, reason, then the row as sent)',
        security: bearer,
        params: IdParam,
        response: problemResponses(401, 403, 404),
      },
    },
    async (req, reply) => {
      const job = await visibleJob(deps, req.principal, req.params.id);
      const rows = await listRejects(ctx.store.db, job.id);
      const body =
        rejectsCsvHeader() +
        rows
          .map((r) =>
            rejectsCsvLine({ rowNumber: r.row_number, reason: r.reason, raw: JSON.parse(r.raw) as string[] }),
          )
          .join('');
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${job.id}-rejects.csv"`);
      return body;
    },
  );
};
