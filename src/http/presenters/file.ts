// The credit file as the caller's view allows: public views mask natural persons and show related persons by
// name only.
import type { CatalogView } from '../../domain/catalog/view.js';
import type { RuleBook } from '../../domain/check/rule-book.js';
import { RELATION_ROLE_NAMES, type RelationRole } from '../../domain/relations.js';
import { maskPersons } from '../../policies/file-visibility.js';
import type { CreditFile } from '../../services/read-file.js';
import { presentListing } from './listing.js';
import { presentRecord } from './record.js';
import { presentSubject } from './subject.js';

export function presentFile(file: CreditFile, catalog: CatalogView, book: RuleBook, now: string) {
  const mask = maskPersons(file.view);
  const subjectId = file.subject.id;
  return {
    ...presentSubject(file.subject, { mask }),
    view: file.view,
    // The basis of each item as its citation; the notes are one catalog request away.
    records: file.records.map((r) => presentRecord(r, catalog, undefined, { mask, basis: 'citation' })),
    listings: file.listings.map((l) => presentListing(l, catalog, book, now)),
    relations: file.relations.map((rel) => {
      const outgoing = rel.from_subject_id === subjectId;
      const other = file.related.get(outgoing ? rel.to_subject_id : rel.from_subject_id);
      const hidePerson = mask && other?.kind === 'person';
      return {
        id: rel.id,
        role: rel.role,
        roleNames: RELATION_ROLE_NAMES[rel.role as RelationRole] ?? null,
        // Which side of the relation this file's subject is on.
        side: outgoing ? 'entity' : 'holder',
        subject: other
          ? hidePerson
            ? { kind: other.kind, name: other.name }
            : presentSubject(other, { mask })
          : null,
        since: rel.since,
        until: rel.until,
        agency: rel.agency,
      };
    }),
  };
}
