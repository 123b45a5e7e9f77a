// Stores checked records in one transaction with their audit entry: the single path behind the API, the bulk
// import and the demo data. A replay of the same content stores nothing; different content under the same
// (agency, externalId) is a conflict unless sent as a correction, which becomes the next version.

import type { Transaction } from 'kysely';
import type { Principal } from '../domain/principal.js';
import type { NormalizedRecord, SubjectRef } from '../domain/records/submission.js';
import { auditedTransaction } from '../store/audit-log.js';
import { bulkWriter } from '../store/bulk-writer.js';
import { markSuperseded, versionKey } from '../store/records.js';
import type { DB, NewRecordRow, RecordRow, SubjectRow } from '../store/schema.js';
import { ensureSubjects, type KnownSubjects } from '../store/subjects.js';
import type { Context } from './context.js';
import type { BatchLookups, BatchWritten } from './read-ahead.js';

export type RowOutcome =
  | { status: 'created' | 'corrected'; record: RecordRow; subject: SubjectRow }
  | { status: 'duplicate'; recordId: number }
  | { status: 'conflict'; reason: string; recordId?: number };

export interface IngestOptions {
  /** `single`: one audit entry naming the record; `batch`: one group-committed entry covering every new row. */
  mode: 'single' | 'batch';
  /** For batch entries: what the batch is, e.g. `import:<job>#3`. */
  target?: string;
  /** For batch entries: the audit action (default `records.import`). */
  action?: string;
  /** Subjects a bulk load has already seen committed: not looked up again. */
  knownSubjects?: KnownSubjects;
  /** The rows' COPY tails, aligned with them, where an import's check worker encoded them (PostgreSQL). */
  copyTails?: readonly (Uint8Array | undefined)[];
  /** Runs in the same transaction once the rows are stored (read models that must not drift from the records). */
  within?: (trx: Transaction<DB>, outcomes: RowOutcome[]) => Promise<void>;
  /** The rows' reads made ahead (read-ahead.ts): used if they describe the state this transaction starts from. */
  lookups?: BatchLookups;
  /** Told, inside the transaction, what it wrote (for the next batch's read-ahead). */
  wrote?: (written: BatchWritten) => void;
}

export async function ingestRecords(
  ctx: Context,
  principal: Principal,
  rows: NormalizedRecord[],
  options: IngestOptions,
): Promise<RowOutcome[]> {
  const now = ctx.clock.now();
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const seq = audit.nextSeq;
    const writer = bulkWriter(trx, ctx.store);
    // Nothing was logged since the reads made ahead, so nothing was written since: they hold.
    const ahead = options.lookups?.atLogSize === seq ? options.lookups : undefined;
    // Keyed by agency and externalId: a batch may mix agencies (demo data); the API and imports send one.
    const latest =
      ahead?.latest ??
      (await writer.latestVersions(rows.map((r) => ({ agency: r.agency, externalId: r.externalId }))));

    const outcomes: (
      | RowOutcome
      | { status: 'pending'; row: NewRecordRow; corrected: boolean; subject: SubjectRef; source: number }
    )[] = [];
    const pending = new Map<string, { contentHash: string; version: number; index: number }>();
    const superseded: number[] = [];
    for (const [source, r] of rows.entries()) {
      const key = versionKey(r.agency, r.externalId);
      const inBatch = pending.get(key);
      const onFile = latest.get(key);
      if (onFile?.withdrawn) {
        outcomes.push({
          status: 'conflict',
          reason: `externalId ${r.externalId} (record ${onFile.id}) was withdrawn on an upheld objection; submit a new record under a new externalId`,
          recordId: onFile.id,
        });
        continue;
      }
      const current =
        inBatch ??
        (onFile ? { contentHash: onFile.contentHash, version: onFile.version, index: -1 } : undefined);
      if (current && current.contentHash === r.contentHash) {
        outcomes.push(
          current.index >= 0
            ? { status: 'duplicate', recordId: -1 - current.index }
            : { status: 'duplicate', recordId: onFile!.id },
        );
        continue;
      }
      if (current && !r.correctionReason) {
        outcomes.push({
          status: 'conflict',
          reason: `externalId ${r.externalId} already holds different content${onFile ? ` (record ${onFile.id})` : ' earlier in this batch'}; send it as a correction with a reason`,
          recordId: onFile?.id,
        });
        continue;
      }
      if (!current && r.correctionReason) {
        outcomes.push({
          status: 'conflict',
          reason: `there is no record with externalId ${r.externalId} to correct`,
        });
        continue;
      }
      if (current && current.index >= 0) {
        outcomes.push({
          status: 'conflict',
          reason: `externalId ${r.externalId} is corrected twice in one batch`,
        });
        continue;
      }
      if (onFile) superseded.push(onFile.id);
      const version = (current?.version ?? 0) + 1;
      pending.set(key, { contentHash: r.contentHash, version, index: outcomes.length });
      outcomes.push({
        status: 'pending',
        corrected: current !== undefined,
        subject: r.subject,
        source,
        row: {
          type: r.type,
          subject_id: 0, // set below, once the subjects of the rows to store exist
          agency: r.agency,
          external_id: r.externalId,
          version,
          occurred_at: r.occurredAt,
          fields: r.fields,
          content_hash: r.contentHash,
          submitted_at: now,
          publication_ends_at: r.publicationEndsAt,
          retention_ends_at: r.retentionEndsAt,
          superseded_at: null,
          correction_reason: r.correctionReason,
          audit_seq: seq,
        },
      });
    }

    const pendingRows = outcomes.flatMap((o) => (o.status === 'pending' ? [o] : []));
    if (pendingRows.length === 0) {
      const finished = outcomes.map((o) => finish(o, outcomes));
      options.wrote?.({ logFrom: seq, logTo: audit.nextSeq, stored: [] });
      if (options.within) await options.within(trx, finished);
      return finished;
    }
    // Subjects are created only for rows that are stored: a rejected row leaves nothing behind.
    const subjects = await ensureSubjects(
      trx,
      writer,
      pendingRows.map((o) => o.subject),
      now,
      { known: options.knownSubjects, onFile: ahead?.subjects },
    );
    for (const o of pendingRows) o.row.subject_id = subjects.get(o.subject.identifier)!.id;
    const newRows = pendingRows.map((o) => o.row);
    await markSuperseded(trx, superseded, now);
    const subjectsById = new Map([...subjects.values()].map((s) => [s.id, s]));
    let done: RowOutcome[] = [];
    // The outcomes and the audit entry's hashes need the ids, not the rows stored: made while the database stores
    // them (on PostgreSQL, during the COPY).
    const tails = options.copyTails && pendingRows.map((o) => options.copyTails![o.source]);
    await writer.insertRecords(
      newRows,
      (ids) => {
        let next = 0;
        done = outcomes.map((o) => {
          if (o.status !== 'pending') return o;
          const id = ids[next++]!;
          // The row becomes the record: no copy per row on the bulk path.
          const record = Object.assign(o.row, { id }) as RecordRow;
          return {
            status: o.corrected ? 'corrected' : 'created',
            record,
            subject: subjectsById.get(record.subject_id)!,
          };
        });
        const stored = done.flatMap((o) =>
          o.status === 'created' || o.status === 'corrected' ? [o.record] : [],
        );
        const first = stored[0]!;
        audit.appendRows(
          principal,
          stored.map((r) => ({ id: r.id, version: r.version, contentHash: r.content_hash })),
          {
            ...(options.mode === 'single'
              ? {
                  single: {
                    action: first.version > 1 ? 'record.correct' : 'record.create',
                    target: `record:${first.id}`,
                    subjectId: first.subject_id,
                  },
                }
              : {}),
            batch: { action: options.action ?? 'records.import', target: options.target ?? 'records' },
          },
        );
      },
      tails,
    );
    if (options.wrote) {
      const stored = done.flatMap((o) => (o.status === 'created' || o.status === 'corrected' ? [o] : []));
      options.wrote({ logFrom: seq, logTo: audit.nextSeq, stored });
    }
    const finished = done.map((o) => finish(o, done));
    if (options.within) await options.within(trx, finished);
    return finished;
  });
}

/** Resolves a duplicate of a row earlier in the same batch to that row's id. */
function finish(
  o: RowOutcome | { status: 'pending' },
  all: (RowOutcome | { status: 'pending' })[],
): RowOutcome {
  if (o.status === 'duplicate' && o.recordId < 0) {
    const first = all[-1 - o.recordId];
    if (first && (first.status === 'created' || first.status === 'corrected'))
      return { status: 'duplicate', recordId: first.record.id };
  }
  return o as RowOutcome;
}
