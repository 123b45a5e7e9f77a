import { type Kysely, sql } from 'kysely';

// Listings not yet ended, by their end date, as a partial index, in place of (ended_at, ends_at). Nearly every
// listing has ended_at null, but a planner without statistics (SQLite before any ANALYZE) takes `ended_at is null`
// for a selective equality and chose that index over the subject's for "these subjects' open listings" — a scan
// of every open listing per query (200 ms at 80,000 listings, most of a million-subject demo load). The partial
// index serves what the old one was for (the expiry sweep: open listings past their end) and offers nothing to
// a query about given subjects.
export function openListingsIndex() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`drop index listings_ends`.execute(db);
      await sql`create index listings_open_ends on listings (ends_at) where ended_at is null`.execute(db);
    },
  };
}
