import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { columnsFor } from './columns.js';

// Applications for credit repair (信用修复) of a listing, decided by the list's owner within a deadline; their
// evidence files go in `evidence` (owner_type 'repair').
export function repairs(dialect: Dialect) {
  const { int, serialPk } = columnsFor(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await serialPk(db.schema.createTable('repairs'), 'id')
        .addColumn('listing_id', int, (c) => c.notNull().references('listings.id'))
        .addColumn('subject_id', int, (c) => c.notNull().references('subjects.id'))
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('filed_by', 'text', (c) => c.notNull())
        .addColumn('obligations_performed', 'text', (c) => c.notNull())
        .addColumn('commitment_letter', 'text', (c) => c.notNull())
        .addColumn('training_certificate', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('filed_at', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('outcome_reason', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('audit_seq', int, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('repairs_listing').on('repairs').column('listing_id').execute();
      await db.schema.createIndex('repairs_subject').on('repairs').column('subject_id').execute();
      await db.schema
        .createIndex('repairs_agency_state')
        .on('repairs')
        .columns(['agency', 'state', 'due_at'])
        .execute();
      await db.schema
        .createIndex('repairs_idempotency')
        .on('repairs')
        .columns(['filed_by', 'idempotency_key'])
        .unique()
        .execute();
    },
  };
}
