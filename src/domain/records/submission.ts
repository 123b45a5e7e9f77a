// Checks a record submission against the catalog and normalizes it: the identifier, the instant, the content
// hash, the publication and retention ends. Every problem is reported with a pointer to its field.
import type { Json } from '../canonical-json.js';
import type { RecordType } from '../catalog/schema.js';
import type { RecordTypesView } from '../catalog/view.js';
import type { FieldError } from '../errors.js';
import { identifySubject, SUBJECT_KINDS, type SubjectKind } from '../identifiers/identifier.js';
import { toFieldErrors } from '../json-schema.js';
import { addDuration, type Instant, parseInstant, shanghaiDate } from '../time.js';
import { recordContentHashOf, storedFields } from './content.js';

export interface SubjectRef {
  identifier: string;
  scheme: string;
  kind: SubjectKind;
  region: string | null;
  name: string | null;
}

export interface RecordSubmission {
  type: string;
  subject: { id: string; name?: string; kind?: string };
  externalId: string;
  occurredAt: string;
  fields: Record<string, unknown>;
  correction?: { reason: string };
}

export interface NormalizedRecord {
  type: string;
  subject: SubjectRef;
  agency: string;
  externalId: string;
  occurredAt: Instant;
  fields: string;
  contentHash: string;
  publicationEndsAt: Instant | null;
  retentionEndsAt: Instant;
  correctionReason: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Resolves a subject reference (`{id, name?, kind?}`) into its identifier and kind. */
export function checkSubjectRef(raw: unknown, pointer: string, now: Instant): Checked<SubjectRef> {
  const errors: FieldError[] = [];
  if (!isObject(raw)) return { ok: false, errors: [{ pointer, reason: 'must be an object with an id' }] };
  for (const k of Object.keys(raw)) {
    if (!['id', 'name', 'kind'].includes(k))
      errors.push({ pointer: `${pointer}/${k}`, reason: 'is not a known field here' });
  }
  if (typeof raw.id !== 'string')
    return {
      ok: false,
      errors: [
        ...errors,
        {
          pointer: `${pointer}/id`,
          reason: 'is required (a USCC, a resident identity number, or passport:<country>:<number>)',
        },
      ],
    };
  const parsed = identifySubject(raw.id, shanghaiDate(now));
  if (!parsed.ok)
    return { ok: false, errors: [...errors, { pointer: `${pointer}/id`, reason: parsed.reason }] };
  const info = parsed.identity;
  if (raw.kind !== undefined && raw.kind !== info.kind) {
    errors.push({
      pointer: `${pointer}/kind`,
      reason: SUBJECT_KINDS.includes(raw.kind as SubjectKind)
        ? `is ${String(raw.kind)} but the identifier is of a ${info.kind}`
        : `must be one of: ${SUBJECT_KINDS.join(', ')}`,
    });
  }
  let name: string | null = null;
  if (raw.name !== undefined) {
    if (typeof raw.name !== 'string' || raw.name.trim().length === 0 || raw.name.length > 200) {
      errors.push({
        pointer: `${pointer}/name`,
        reason: 'must be a non-empty string of at most 200 characters',
      });
    } else name = raw.name.trim();
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      identifier: info.value,
      scheme: info.scheme,
      kind: info.kind,
      region: info.region,
      name,
    },
  };
}

export function checkRecordSubmission(
  catalog: RecordTypesView,
  agency: string,
  raw: unknown,
  now: Instant,
): Checked<NormalizedRecord> {
  if (!isObject(raw)) return { ok: false, errors: [{ pointer: '/', reason: 'must be a JSON object' }] };
  const errors: FieldError[] = [];
  for (const k of Object.keys(raw)) {
    if (!['type', 'subject', 'externalId', 'occurredAt', 'fields', 'correction'].includes(k)) {
      errors.push({ pointer: `/${k}`, reason: 'is not a known field here' });
    }
  }
  const type = typeof raw.type === 'string' ? catalog.recordTypes.get(raw.type) : undefined;
  if (typeof raw.type !== 'string') errors.push({ pointer: '/type', reason: 'is required' });
  else if (!type) errors.push({ pointer: '/type', reason: `unknown record type ${raw.type}` });
  else if (!type.submitters.includes(agency)) {
    errors.push({
      pointer: '/type',
      reason: `agency ${agency} may not submit ${type.code}; the catalog allows ${type.submitters.join(', ')}`,
    });
  }

  const subject = checkSubjectRef(raw.subject, '/subject', now);
  if (!subject.ok) errors.push(...subject.errors);
  else if (type && !type.subjectKinds.includes(subject.value.kind)) {
    errors.push({
      pointer: '/subject/id',
      reason: `${type.code} applies to ${type.subjectKinds.join(', ')}, not to a ${subject.value.kind}`,
    });
  }

  const externalId = raw.externalId;
  if (typeof externalId !== 'string' || externalId.trim().length === 0 || externalId.length > 200) {
    errors.push({
      pointer: '/externalId',
      reason: 'is required: the agency’s own id for the record (at most 200 characters)',
    });
  }
  const occurredAt = typeof raw.occurredAt === 'string' ? parseInstant(raw.occurredAt) : undefined;
  if (typeof raw.occurredAt !== 'string')
    errors.push({ pointer: '/occurredAt', reason: 'is required (RFC 3339 or YYYY-MM-DD)' });
  else if (!occurredAt) errors.push({ pointer: '/occurredAt', reason: 'must be RFC 3339 or YYYY-MM-DD' });
  else if (occurredAt > now) errors.push({ pointer: '/occurredAt', reason: 'is in the future' });

  if (!isObject(raw.fields)) errors.push({ pointer: '/fields', reason: 'is required: an object' });
  else if (type) {
    const validate = catalog.validator(type.code);
    if (!validate(raw.fields)) errors.push(...toFieldErrors(validate.errors, '/fields'));
  }

  let correctionReason: string | null = null;
  if (raw.correction !== undefined) {
    const c = raw.correction;
    if (!isObject(c) || typeof c.reason !== 'string' || c.reason.trim().length === 0) {
      errors.push({ pointer: '/correction/reason', reason: 'a correction needs a reason' });
    } else correctionReason = c.reason.trim();
  }

  if (errors.length || !type || !subject.ok || !occurredAt) return { ok: false, errors };
  return {
    ok: true,
    value: normalizeRecord(
      type,
      subject.value,
      agency,
      (externalId as string).trim(),
      occurredAt,
      raw.fields as Json,
      correctionReason,
    ),
  };
}

/** The stored form of a record already known to be valid: content hash, canonical fields, publication and retention ends. */
export function normalizeRecord(
  type: RecordType,
  subject: SubjectRef,
  agency: string,
  externalId: string,
  occurredAt: Instant,
  fields: Json,
  correctionReason: string | null = null,
): NormalizedRecord {
  const canonicalFields = storedFields(fields);
  return {
    type: type.code,
    subject,
    agency,
    externalId,
    occurredAt,
    fields: canonicalFields,
    contentHash: recordContentHashOf(
      { type: type.code, subject: subject.identifier, agency, externalId, occurredAt },
      canonicalFields,
    ),
    publicationEndsAt: type.publicationPeriod ? addDuration(occurredAt, type.publicationPeriod) : null,
    retentionEndsAt: addDuration(occurredAt, type.retention),
    correctionReason,
  };
}
