// A batch's reads made ahead of its transaction, on another connection, while the batch before it is written
// (PostgreSQL bulk loads): the versions on file of its externalIds and its subjects. They hold for the state the
// previous batch started from; that batch's own writes are laid over them once it has committed; and they are
// used only if nothing else was logged in between, which the audit log's size tells exactly (every write appends
// to it under its lock). Otherwise the batch reads inside its transaction, as without them.
import type { NormalizedRecord } from '../domain/records/submission.js';
import { bulkWriter } from '../store/bulk-writer.js';
import { type LatestVersion, versionKey } from '../store/records.js';
import type { RecordRow, SubjectRow } from '../store/schema.js';
import type { KnownSubjects } from '../store/subjects.js';
import type { Context } from './context.js';

export interface BatchLookups {
  /** The audit log's size in the state these reads describe. */
  atLogSize: number;
  /** Versions on file by `agency|externalId`; a key not here has none. */
  latest: Map<string, LatestVersion>;
  /** Subjects by identifier: the row, or null for none on file; an identifier not here was not looked up. */
  subjects: Map<string, SubjectRow | null>;
}

/** Reads for `rows` in one snapshot, with the log's size in it. */
export async function readAhead(
  ctx: Context,
  rows: readonly NormalizedRecord[],
  known?: KnownSubjects,
): Promise<BatchLookups> {
  // One snapshot for every statement (SQLite's single connection reads one state anyway).
  const begin = ctx.store.db.transaction();
  return (
    ctx.store.dialect === 'postgres'
      ? begin.setIsolationLevel('repeatable read').setAccessMode('read only')
      : begin
  ).execute(async (trx) => {
    const { size } = await trx
      .selectFrom('audit_state')
      .select('size')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const writer = bulkWriter(trx, ctx.store);
    const latest = await writer.latestVersions(
      rows.map((r) => ({ agency: r.agency, externalId: r.externalId })),
    );
    const asked = [...new Set(rows.map((r) => r.subject.identifier))].filter((i) => !known?.get(i));
    const found = await writer.subjectsByIdentifier(asked);
    const subjects = new Map<string, SubjectRow | null>();
    for (const identifier of asked) subjects.set(identifier, found.get(identifier) ?? null);
    return { atLogSize: Number(size), latest, subjects };
  });
}

/** What a batch wrote: the log's size before and after it, and the records it stored with their subjects. */
export interface BatchWritten {
  logFrom: number;
  logTo: number;
  stored: readonly { record: RecordRow; subject: SubjectRow }[];
}

/**
 * The reads made while `written` was being written, brought up to the state after it (in place: the reads are
 * taken over); undefined if they were made in another state than the one it started from.
 */
export function carryOver(read: BatchLookups, written: BatchWritten): BatchLookups | undefined {
  if (read.atLogSize !== written.logFrom) return undefined;
  const { latest, subjects } = read;
  for (const { record, subject } of written.stored) {
    latest.set(versionKey(record.agency, record.external_id), {
      id: record.id,
      externalId: record.external_id,
      version: record.version,
      contentHash: record.content_hash,
      withdrawn: false,
    });
    // Only identifiers asked about: the others are looked up where they are used.
    if (subjects.has(subject.identifier)) subjects.set(subject.identifier, subject);
  }
  read.atLogSize = written.logTo;
  return read;
}
