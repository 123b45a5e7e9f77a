// One record from an agency over the API: checked against the catalog, stored with its audit entry.
import { problems } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import { checkRecordSubmission } from '../domain/records/submission.js';
import { notSubmittable } from '../domain/scoring/engine.js';
import { findRecord } from '../store/records.js';
import type { RecordRow, SubjectRow } from '../store/schema.js';
import { findSubject } from '../store/subjects.js';
import type { Context } from './context.js';
import { ingestRecords } from './ingest-records.js';

export interface SubmitResult {
  status: 'created' | 'corrected' | 'replayed';
  record: RecordRow;
  subject: SubjectRow;
}

export async function submitRecord(ctx: Context, principal: Principal, body: unknown): Promise<SubmitResult> {
  const agency = principal.agency!;
  const typeCode = (body as { type?: unknown } | null)?.type;
  const type = typeof typeCode === 'string' ? ctx.catalog.recordTypes.get(typeCode) : undefined;
  const derived = type ? notSubmittable(type.code) : undefined;
  if (derived)
    throw problems.forbidden(`no agency submits ${type!.code}`, [{ pointer: '/type', reason: derived }]);
  if (type && !type.submitters.includes(agency)) {
    throw problems.forbidden(`agency ${agency} may not submit ${type.code}`, [
      { pointer: '/type', reason: `the catalog allows ${type.submitters.join(', ')} to submit ${type.code}` },
    ]);
  }
  const checked = checkRecordSubmission(ctx.catalog, agency, body, ctx.clock.now());
  if (!checked.ok) throw problems.validation(checked.errors);
  const [outcome] = await ingestRecords(ctx, principal, [checked.value], { mode: 'single' });
  switch (outcome!.status) {
    case 'created':
    case 'corrected':
      return { status: outcome!.status, record: outcome!.record, subject: outcome!.subject };
    case 'duplicate': {
      const record = (await findRecord(ctx.store.db, outcome!.recordId))!;
      const subject = (await findSubject(ctx.store.db, { id: record.subject_id }))!;
      return { status: 'replayed', record, subject };
    }
    case 'conflict':
      throw problems.conflict(outcome!.reason, [{ pointer: '/externalId', reason: outcome!.reason }]);
  }
}
