// What a page of objections or repair applications is about, for the queues that list them: whose file (as the
// public sees the subject: a person's number masked) and which list or record type — one query per table, not per row.

import type { Kysely } from 'kysely';
import type { Names } from '../../domain/catalog/schema.js';
import type { CatalogView } from '../../domain/catalog/view.js';
import type { DB } from '../../store/schema.js';
import { presentSubject } from './subject.js';

export interface FilingAbout {
  subject: { identifier: string; name: string | null; kind: string } | null;
  list?: { code: string; names: Names };
  recordType?: { code: string; names: Names };
}

interface Filing {
  subjectId: number;
  list?: string | null;
  listingId?: number;
  recordId?: number;
}

export async function aboutFilings(
  db: Kysely<DB>,
  catalog: CatalogView,
  filings: Filing[],
): Promise<FilingAbout[]> {
  const ids = (pick: (f: Filing) => number | undefined) => [
    ...new Set(filings.map(pick).filter((id): id is number => id !== undefined)),
  ];
  const subjectIds = ids((f) => f.subjectId);
  const listingIds = ids((f) => (f.list ? undefined : f.listingId));
  const recordIds = ids((f) => f.recordId);
  const [subjects, listings, records] = await Promise.all([
    subjectIds.length ? db.selectFrom('subjects').selectAll().where('id', 'in', subjectIds).execute() : [],
    listingIds.length
      ? db.selectFrom('listings').select(['id', 'list']).where('id', 'in', listingIds).execute()
      : [],
    recordIds.length
      ? db.selectFrom('records').select(['id', 'type']).where('id', 'in', recordIds).execute()
      : [],
  ]);
  const subjectById = new Map(subjects.map((s) => [s.id, presentSubject(s, { mask: true })]));
  const listOf = new Map(listings.map((l) => [l.id, l.list]));
  const typeOf = new Map(records.map((r) => [r.id, r.type]));
  return filings.map((f) => {
    const s = subjectById.get(f.subjectId);
    const about: FilingAbout = {
      subject: s ? { identifier: s.identifier, name: s.name, kind: s.kind } : null,
    };
    const listCode = f.list ?? (f.listingId !== undefined ? listOf.get(f.listingId) : undefined);
    const list = listCode ? catalog.lists.get(listCode) : undefined;
    if (list) about.list = { code: list.code, names: list.names };
    const typeCode = f.recordId !== undefined ? typeOf.get(f.recordId) : undefined;
    const type = typeCode ? catalog.recordTypes.get(typeCode) : undefined;
    if (type) about.recordType = { code: type.code, names: type.names };
    return about;
  });
}
