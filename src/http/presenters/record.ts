// A record as the API returns it: the stored version with its type's names, basis and the agency that submitted it.
import type { CatalogView } from '../../domain/catalog/view.js';
import type { RecordRow, SubjectRow } from '../../store/schema.js';
import { presentSubject } from './subject.js';

export interface RecordPresentation {
  /** Mask a natural person's identity number (public views). */
  mask: boolean;
  /** `citation`: each basis as title and article, for files; `full` adds the notes, for a single record. */
  basis: 'citation' | 'full';
}

export function presentRecord(
  r: RecordRow,
  catalog: CatalogView,
  subject?: SubjectRow,
  options: RecordPresentation = { mask: false, basis: 'full' },
) {
  const type = catalog.recordTypes.get(r.type);
  const agency = catalog.agencies.get(r.agency);
  return {
    id: r.id,
    type: r.type,
    typeNames: type?.names ?? null,
    polarity: type?.polarity ?? null,
    domain: type?.domain ?? null,
    disclosure: type?.disclosure ?? null,
    ...(subject ? { subject: presentSubject(subject, options) } : { subjectId: r.subject_id }),
    agency: r.agency,
    agencyNames: agency?.names ?? null,
    externalId: r.external_id,
    version: r.version,
    occurredAt: r.occurred_at,
    fields: JSON.parse(r.fields) as unknown,
    submittedAt: r.submitted_at,
    publicationEndsAt: r.publication_ends_at,
    retentionEndsAt: r.retention_ends_at,
    supersededAt: r.superseded_at,
    correctionReason: r.correction_reason,
    underObjection:
      r.objection_id !== null
        ? { objection: r.objection_id, url: `/api/v1/objections/${r.objection_id}` }
        : null,
    legalBasis:
      options.basis === 'full'
        ? (type?.legalBasis ?? [])
        : (type?.legalBasis ?? []).map(({ title, titleEn, article }) => ({ title, titleEn, article })),
    contentHash: r.content_hash,
    auditSeq: r.audit_seq,
  };
}
