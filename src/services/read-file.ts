// Reading a credit file as the caller may see it; every read is in the audit log before it is answered.
import { problems } from '../domain/errors.js';
import { parseIdentifier } from '../domain/identifiers/identifier.js';
import { listingState } from '../domain/listings/listing.js';
import type { Principal } from '../domain/principal.js';
import { shanghaiDate } from '../domain/time.js';
import {
  type FileView,
  fileViewFor,
  listingPublic,
  personReachable,
  recordVisible,
} from '../policies/file-visibility.js';
import { recordsOfSubject } from '../store/records.js';
import type { ListingRow, RecordRow, RelationRow, SubjectRow } from '../store/schema.js';
import { findSubject } from '../store/subjects.js';
import type { AccessRecorder } from './access-recorder.js';
import type { Context } from './context.js';
import { relationsOf } from './relations.js';

export interface CreditFile {
  view: FileView;
  subject: SubjectRow;
  records: RecordRow[];
  listings: ListingRow[];
  relations: RelationRow[];
  related: Map<number, SubjectRow>;
}

/** Finds a subject by internal id, Unified Social Credit Code, identity number or passport identifier. */
export async function resolveSubject(
  ctx: Context,
  ref: string,
): Promise<{ subject?: SubjectRow; byIdentifier: boolean }> {
  if (/^\d{1,15}$/.test(ref))
    return { subject: await findSubject(ctx.store.db, { id: Number(ref) }), byIdentifier: false };
  const parsed = parseIdentifier(ref, shanghaiDate(ctx.clock.now()));
  if (!parsed.ok)
    throw problems.badRequest(`not a subject id or a valid identifier: ${parsed.reason}`, [
      { pointer: '/id', reason: parsed.reason },
    ]);
  return { subject: await findSubject(ctx.store.db, { identifier: parsed.info.value }), byIdentifier: true };
}

/** The file as the principal may see it, not yet logged: callers log the read before they answer it. */
export async function loadCreditFile(
  ctx: Context,
  principal: Principal,
  ref: string,
  options: { history?: boolean } = {},
): Promise<CreditFile> {
  const { subject, byIdentifier } = await resolveSubject(ctx, ref);
  const notFound = () => problems.notFound(`no credit file for ${ref}`);
  if (!subject) throw notFound();
  const view = fileViewFor(principal, subject.id);
  if (subject.kind === 'person' && !personReachable(view, byIdentifier)) throw notFound();
  const now = ctx.clock.now();
  const all = await recordsOfSubject(ctx.store.db, subject.id, {
    history: options.history && (view === 'operator' || view === 'subject'),
  });
  const records = all.filter((r) =>
    recordVisible(
      ctx.catalog,
      view,
      principal,
      {
        type: ctx.catalog.recordTypes.get(r.type),
        subjectKind: subject.kind,
        publicationEndsAt: r.publication_ends_at,
        supersededAt: r.superseded_at,
      },
      now,
    ),
  );
  const allListings = await ctx.store.db
    .selectFrom('listings')
    .selectAll()
    .where('subject_id', '=', subject.id)
    .orderBy('decided_at', 'desc')
    .execute();
  const listings =
    view === 'public'
      ? allListings.filter((l) =>
          listingPublic(
            ctx.catalog.lists.get(l.list),
            subject.kind,
            listingState({ effectiveAt: l.effective_at, endsAt: l.ends_at, endedAt: l.ended_at }, now),
          ),
        )
      : allListings;
  // A natural person with nothing publishable is not shown to the public at all, not even as existing.
  if (view === 'public' && subject.kind === 'person' && records.length === 0 && listings.length === 0)
    throw notFound();
  const { rows, others } =
    view === 'public' && subject.kind === 'person'
      ? { rows: [], others: new Map<number, SubjectRow>() }
      : await relationsOf(ctx, subject.id);
  return { view, subject, records, listings, relations: rows, related: others };
}

/** Reads a credit file and logs the read (group-committed) before returning it. */
export async function readCreditFile(
  ctx: Context,
  access: AccessRecorder,
  principal: Principal,
  ref: string,
  options: { history?: boolean; purpose?: string } = {},
): Promise<CreditFile> {
  const file = await loadCreditFile(ctx, principal, ref, options);
  await access.record(principal, {
    subjectId: file.subject.id,
    purpose: options.purpose ?? `file.read:${file.view}`,
  });
  return file;
}
