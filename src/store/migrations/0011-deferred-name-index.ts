import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import { columnsFor } from './columns.js';

// The names of new subjects go into the search index a little behind their creation, in bulk, by a background pass
// and before any name search (store/name-index.ts), instead of inside the writing transaction: on PostgreSQL the
// GIN insert was a tenth of a bulk import's time. `indexed_through` is the highest subject id the index has seen
// (named legal entities in it; persons and unnamed subjects need no entry). Names filled in later, on subjects
// already seen, are still indexed in the transaction that fills them in.
export function deferredNameIndex(dialect: Dialect) {
  const { int } = columnsFor(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('name_index_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('indexed_through', int, (c) => c.notNull())
        .execute();
      // Every subject on file so far was indexed as it was written.
      await sql`insert into name_index_state (id, indexed_through)
        select 1, coalesce(max(id), 0) from subjects`.execute(db);
    },
  };
}
