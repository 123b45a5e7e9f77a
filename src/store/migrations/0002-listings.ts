import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// Listings on agency-owned lists, the change feed the decision index follows, and the decision log of checks.
export function listings(dialect: Dialect) {
  const int = dialect === 'postgres' ? 'bigint' : 'integer';
  const serialPk = <T extends CreateTableBuilder<string, never>>(t: T, column: string): T =>
    (dialect === 'postgres'
      ? t.addColumn(column, 'bigserial', (c) => c.primaryKey())
      : t.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement())) as T;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await serialPk(db.schema.createTable('listings'), 'id')
        .addColumn('list', 'text', (c) => c.notNull())
        .addColumn('subject_id', int, (c) => c.notNull().references('subjects.id'))
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('decision_number', 'text', (c) => c.notNull())
        .addColumn('conduct_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('effective_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('records', 'text', (c) => c.notNull())
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('derived_from', int)
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('audit_seq', int, (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('end_reason', 'text')
        .addColumn('end_note', 'text')
        .addColumn('end_audit_seq', int)
        .execute();
      await db.schema
        .createIndex('listings_decision')
        .on('listings')
        .columns(['list', 'subject_id', 'decision_number'])
        .unique()
        .execute();
      await db.schema.createIndex('listings_subject').on('listings').column('subject_id').execute();
      await db.schema.createIndex('listings_derived_from').on('listings').column('derived_from').execute();
      await db.schema.createIndex('listings_audit_seq').on('listings').column('audit_seq').execute();
      await db.schema.createIndex('listings_end_audit_seq').on('listings').column('end_audit_seq').execute();
      await db.schema.createIndex('listings_ends').on('listings').columns(['ended_at', 'ends_at']).execute();

      // What changed, in commit order within each writer: every process's decision index reads it.
      await serialPk(db.schema.createTable('changes'), 'seq')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', int, (c) => c.notNull())
        .addColumn('listing_id', int)
        .execute();

      await db.schema
        .createTable('decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('caller', 'text', (c) => c.notNull())
        .addColumn('agency', 'text')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('decisions_month')
        .on('decisions')
        .columns(['decision', 'action', 'at'])
        .execute();
    },
  };
}
