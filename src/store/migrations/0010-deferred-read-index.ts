import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import { columnsFor } from './columns.js';

// Recorded reads by subject, as an index kept a little behind the log instead of on audit_items itself. Each read
// inserted into a subject index lands on a random page: a commit of twenty reads dirtied twenty index pages, and
// writing and checkpointing them was a third of a credit-file read's time. The reads are now indexed in bulk,
// sorted (each page once per run), by a background pass and before any query of the index (store/read-index.ts);
// `indexed_through` is the last audit entry whose reads are all in it.
export function deferredReadIndex(dialect: Dialect) {
  const { int } = columnsFor(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('read_index')
        .addColumn('subject_id', int, (c) => c.notNull())
        .addColumn('entry_seq', int, (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('read_index_pk', ['subject_id', 'entry_seq', 'idx'])
        .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
        .execute();
      await db.schema
        .createTable('read_index_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('indexed_through', int, (c) => c.notNull())
        .execute();
      await sql`insert into read_index (subject_id, entry_seq, idx)
        select subject_id, entry_seq, idx from audit_items where subject_id is not null`.execute(db);
      await sql`insert into read_index_state (id, indexed_through)
        select 1, size - 1 from audit_state where id = 1`.execute(db);
      await sql`drop index audit_items_subject`.execute(db);
    },
  };
}
