// Who sees what of a credit file (DESIGN.md section 4 and guardrail 7). The subject and operators see all of it;
// an agency sees public and conditional records and the restricted ones the catalog shares with it; everyone
// else sees public records while they are published, and a natural person's only where the basis requires it.
import type { CreditList, RecordType } from '../domain/catalog/schema.js';
import type { CatalogView } from '../domain/catalog/view.js';
import type { ListingState } from '../domain/listings/listing.js';
import type { Principal } from '../domain/principal.js';

export type FileView = 'operator' | 'subject' | 'agency' | 'public';

export function fileViewFor(principal: Principal, subjectId: number): FileView {
  if (principal.role === 'operator') return 'operator';
  if (principal.role === 'subject' && principal.subjectId === subjectId) return 'subject';
  if (principal.role === 'agency') return 'agency';
  return 'public';
}

export interface RecordVisibilityInput {
  type: RecordType | undefined;
  subjectKind: string;
  publicationEndsAt: string | null;
  supersededAt: string | null;
}

export function recordVisible(
  catalog: CatalogView,
  view: FileView,
  principal: Principal,
  r: RecordVisibilityInput,
  now: string,
): boolean {
  if (view === 'operator' || view === 'subject') return true;
  if (!r.type || r.supersededAt !== null) return false;
  if (view === 'agency') return catalog.canAgencyRead(principal.agency!, r.type);
  return (
    r.type.disclosure === 'public' &&
    (r.subjectKind !== 'person' || r.type.publishPersons === true) &&
    (r.publicationEndsAt === null || r.publicationEndsAt > now)
  );
}

/** The public finds a natural person only by the full identifier, never by internal id or name. */
export function personReachable(view: FileView, lookedUpByIdentifier: boolean): boolean {
  return view !== 'public' || lookedUpByIdentifier;
}

/** Full identifiers of natural persons are masked for everyone but the person, agencies and operators. */
export function maskPersons(view: FileView): boolean {
  return view === 'public';
}

/**
 * A listing in public: only on a list whose basis publishes it, only once in effect (the notice period is for the
 * subject to object, not for the public), and a natural person only where the list publishes persons.
 */
export function listingPublic(
  list: CreditList | undefined,
  subjectKind: string,
  state: ListingState,
): boolean {
  return (
    !!list &&
    list.publication.public &&
    state === 'effective' &&
    (subjectKind !== 'person' || list.publication.persons)
  );
}
