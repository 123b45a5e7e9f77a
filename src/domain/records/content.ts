// The content of a record and of a relation as hashed for idempotency and the audit log. The subject is named by
// its identifier, so editing a subject row is caught by verification as well.
import { canonicalJson, contentHash, type Json, sha256Hex } from '../canonical-json.js';

export interface RecordContent {
  type: string;
  subject: string;
  agency: string;
  externalId: string;
  occurredAt: string;
  fields: Json;
}

/** Fields are stored as canonical JSON text, so equal content is equal text. */
export const storedFields = (fields: Json) => canonicalJson(fields);

/**
 * Hash of canonicalJson(content), built around fields already in canonical form (as stored): the keys of the
 * content are fixed, so their sorted order is written out rather than sorted on every record.
 */
export function recordContentHashOf(c: Omit<RecordContent, 'fields'>, canonicalFields: string): string {
  const s = JSON.stringify;
  return sha256Hex(
    `{"agency":${s(c.agency)},"externalId":${s(c.externalId)},"fields":${canonicalFields},"occurredAt":${s(c.occurredAt)},"subject":${s(c.subject)},"type":${s(c.type)}}`,
  );
}

export const recordContentHash = (c: RecordContent) => recordContentHashOf(c, canonicalJson(c.fields));

export interface RelationContent {
  from: string;
  to: string;
  role: string;
  since: string;
  until: string | null;
  agency: string;
}

/** The content's keys written in their sorted order: canonical JSON then serializes without sorting them. */
export const relationContentHash = (c: RelationContent) =>
  contentHash({ agency: c.agency, from: c.from, role: c.role, since: c.since, to: c.to, until: c.until });
