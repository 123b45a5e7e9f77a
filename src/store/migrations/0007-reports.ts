import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { columnsFor } from './columns.js';

// Credit reports as issued: the number printed on them, whose file they are, as whom it was read, the hash of
// their content and the audit entry that issued them — what a verification by number answers.
export function reports(dialect: Dialect) {
  const { int } = columnsFor(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('reports')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('subject_id', int, (c) => c.notNull().references('subjects.id'))
        .addColumn('view', 'text', (c) => c.notNull())
        .addColumn('generated_at', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('audit_seq', int, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reports_subject').on('reports').column('subject_id').execute();
    },
  };
}
