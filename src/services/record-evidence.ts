// Evidence files attached to a record by the agency that submitted it (an assessor's two photos or video of a deed,
// seed 002): stored with their SHA-256 in an audited write, shown to the subject, operators and the submitting
// agency — never published, never analysed. A scheme rule may count a record only with enough of them attached.
import { contentHash } from '../domain/canonical-json.js';
import { problems } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import { auditedTransaction } from '../store/audit-log.js';
import { announce } from '../store/listings.js';
import { findRecord } from '../store/records.js';
import type { RecordRow } from '../store/schema.js';
import type { Context } from './context.js';
import { type EvidenceFile, evidenceOf, fileHash, storeEvidence } from './evidence.js';

/** The record, if the principal may see its evidence: the subject, operators, the agency that submitted it. */
export async function recordForEvidence(ctx: Context, principal: Principal, id: number): Promise<RecordRow> {
  const record = await findRecord(ctx.store.db, id);
  const may =
    record !== undefined &&
    (principal.role === 'operator' ||
      (principal.role === 'agency' && principal.agency === record.agency) ||
      (principal.role === 'subject' && principal.subjectId === record.subject_id));
  if (!record || !may) throw problems.notFound(`no record ${id} with evidence you may see`);
  return record;
}

export async function attachRecordEvidence(
  ctx: Context,
  principal: Principal,
  id: number,
  files: EvidenceFile[],
) {
  if (principal.role !== 'agency')
    throw problems.forbidden('the agency that submitted the record attaches evidence');
  const record = await findRecord(ctx.store.db, id);
  if (!record || record.agency !== principal.agency)
    throw problems.notFound(`no record ${id} submitted by ${principal.agency}`);
  if (record.superseded_at !== null)
    throw problems.conflict(
      `record ${id} has been corrected or withdrawn; attach evidence to its current version`,
    );
  if (files.length === 0)
    throw problems.validation([{ pointer: '/evidence', reason: 'send at least one file' }]);
  const now = ctx.clock.now();
  await auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    audit.appendBy(principal, {
      action: 'record.evidence',
      target: `record:${id}`,
      subjectId: record.subject_id,
      contentHash: contentHash({ record: id, attachedAt: now, files: files.map(fileHash) }),
    });
    await storeEvidence(trx, 'record', id, files, now);
    // Scores that count the record only with evidence are recomputed.
    await announce(trx, now, [{ kind: 'record', subjectId: record.subject_id }]);
  });
  return evidenceOf(ctx, 'record', id);
}
