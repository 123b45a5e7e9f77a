// A request body for an objection or a repair: JSON, or multipart/form-data with the same fields as text parts
// and evidence files in parts named `evidence`. Either way: the fields, and the files checked (see
// src/domain/due-process/evidence.ts).
import type { FastifyRequest } from 'fastify';
import { checkEvidenceFile, EVIDENCE_LIMITS, evidenceMediaType } from '../domain/due-process/evidence.js';
import { type FieldError, problems } from '../domain/errors.js';
import type { EvidenceFile } from '../services/evidence.js';

export interface EvidenceForm {
  fields: Record<string, unknown>;
  files: EvidenceFile[];
  /** The `Idempotency-Key` header, if any: a retry with it is answered with what the first filing made. */
  idempotencyKey: string | undefined;
}

function idempotencyKey(req: FastifyRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' && key.length > 0 ? key.slice(0, 200) : undefined;
}

/** Tells the operator when a deadline was counted without holiday data for a year (see working-calendar.ts). */
export function warnUncoveredYears(req: FastifyRequest, what: object, years: number[]): void {
  if (years.length > 0)
    req.log.warn(
      { ...what, years },
      'deadline counted by weekends alone: no holiday data for these years (add them to catalog/calendar.yaml)',
    );
}

export async function readEvidenceForm(req: FastifyRequest): Promise<EvidenceForm> {
  if (!req.isMultipart())
    return {
      fields: (req.body ?? {}) as Record<string, unknown>,
      files: [],
      idempotencyKey: idempotencyKey(req),
    };
  const fields: Record<string, unknown> = {};
  const files: EvidenceFile[] = [];
  const errors: FieldError[] = [];
  let i = 0;
  for await (const part of req.parts({
    limits: { files: EVIDENCE_LIMITS.files + 1, fileSize: EVIDENCE_LIMITS.fileBytes, fields: 20 },
  })) {
    if (part.type === 'field') {
      fields[part.fieldname] = part.value;
      continue;
    }
    const content = await part.toBuffer().catch((err: { code?: string }) => {
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') return undefined;
      throw err;
    });
    if (part.fieldname !== 'evidence') {
      errors.push({ pointer: `/${part.fieldname}`, reason: 'files go in parts named evidence' });
      continue;
    }
    const name = part.filename || `evidence-${i + 1}`;
    const problemsOfFile = checkEvidenceFile(i, {
      name,
      mediaType: part.mimetype,
      content: content ?? Buffer.alloc(0),
      truncated: content === undefined,
    });
    errors.push(...problemsOfFile);
    if (problemsOfFile.length === 0 && content)
      files.push({ name, mediaType: evidenceMediaType(content)!, content });
    i++;
  }
  if (errors.length) throw problems.validation(errors);
  return { fields, files, idempotencyKey: idempotencyKey(req) };
}
