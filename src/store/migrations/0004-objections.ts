import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { columnsFor } from './columns.js';

// Objections (异议) to a record or a listing, decided by the owning agency within a deadline in working days;
// the evidence files sent with objections (and, later, repairs), stored with their hash. A record or listing
// under objection points at its pending objection, so every view (file, portal, check) can say so.
export function objections(dialect: Dialect) {
  const { int, bytes, serialPk } = columnsFor(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await serialPk(db.schema.createTable('objections'), 'id')
        .addColumn('item_type', 'text', (c) => c.notNull())
        .addColumn('item_id', int, (c) => c.notNull())
        .addColumn('subject_id', int, (c) => c.notNull().references('subjects.id'))
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('filed_by', 'text', (c) => c.notNull())
        .addColumn('filed_role', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('filed_at', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('extended_at', 'text')
        .addColumn('extension_reason', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('outcome_reason', 'text')
        .addColumn('escalated_at', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('audit_seq', int, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('objections_subject').on('objections').column('subject_id').execute();
      await db.schema
        .createIndex('objections_agency_state')
        .on('objections')
        .columns(['agency', 'state', 'due_at'])
        .execute();
      await db.schema.createIndex('objections_state').on('objections').columns(['state', 'due_at']).execute();
      await db.schema
        .createIndex('objections_item')
        .on('objections')
        .columns(['item_type', 'item_id'])
        .execute();
      await db.schema
        .createIndex('objections_idempotency')
        .on('objections')
        .columns(['filed_by', 'idempotency_key'])
        .unique()
        .execute();
      await serialPk(db.schema.createTable('evidence'), 'id')
        .addColumn('owner_type', 'text', (c) => c.notNull())
        .addColumn('owner_id', int, (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', int, (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', bytes, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('evidence_owner')
        .on('evidence')
        .columns(['owner_type', 'owner_id'])
        .execute();
      await db.schema.alterTable('listings').addColumn('objection_id', int).execute();
      await db.schema.alterTable('records').addColumn('objection_id', int).execute();
    },
  };
}
