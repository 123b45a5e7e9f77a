import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

// Identity columns differ by dialect; everything else is the same DDL.
export function initial(dialect: Dialect) {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const int = dialect === 'postgres' ? 'bigint' : 'integer';
  // Tables written once per read or per entry and read by their key: on SQLite the rows live in the key's
  // B-tree (WITHOUT ROWID), one insert instead of two. PostgreSQL has no such option; its heap is fine.
  const clustered = <T extends CreateTableBuilder<string, never>>(t: T): T =>
    dialect === 'sqlite' ? (t.modifyEnd(sql`without rowid`) as T) : t;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('subjects')
        .addColumn('id', serial, (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('identifier', 'text', (c) => c.notNull().unique())
        .addColumn('scheme', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('region', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('records')
        .addColumn('id', serial, (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('subject_id', int, (c) => c.notNull().references('subjects.id'))
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('publication_ends_at', 'text')
        .addColumn('retention_ends_at', 'text', (c) => c.notNull())
        .addColumn('superseded_at', 'text')
        .addColumn('correction_reason', 'text')
        .addColumn('audit_seq', int, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('records_agency_external_version')
        .on('records')
        .columns(['agency', 'external_id', 'version'])
        .unique()
        .execute();
      await db.schema.createIndex('records_subject').on('records').columns(['subject_id', 'type']).execute();
      await db.schema.createIndex('records_audit_seq').on('records').column('audit_seq').execute();

      await db.schema
        .createTable('relations')
        .addColumn('id', serial, (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('from_subject_id', int, (c) => c.notNull().references('subjects.id'))
        .addColumn('to_subject_id', int, (c) => c.notNull().references('subjects.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('until', 'text')
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('superseded_at', 'text')
        .addColumn('audit_seq', int, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('relations_unique')
        .on('relations')
        .columns(['from_subject_id', 'to_subject_id', 'role', 'since', 'version'])
        .unique()
        .execute();
      await db.schema.createIndex('relations_from').on('relations').column('from_subject_id').execute();
      await db.schema.createIndex('relations_audit_seq').on('relations').column('audit_seq').execute();
      await db.schema.createIndex('relations_to').on('relations').column('to_subject_id').execute();

      await db.schema
        .createTable('audit_entries')
        .addColumn('seq', int, (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('agency', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('subject_id', int)
        .addColumn('item_count', 'integer', (c) => c.notNull())
        .addColumn('items_root', 'text')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('leaf_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_entries_subject').on('audit_entries').column('subject_id').execute();

      await db.schema
        .createTable('audit_items')
        .addColumn('entry_seq', int, (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('subject_id', int)
        .addColumn('item', 'text', (c) => c.notNull())
        .addColumn('item_hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_items_pk', ['entry_seq', 'idx'])
        .$call(clustered)
        .execute();
      await db.schema.createIndex('audit_items_subject').on('audit_items').column('subject_id').execute();

      await db.schema
        .createTable('audit_nodes')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', int, (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_nodes_pk', ['level', 'idx'])
        .$call(clustered)
        .execute();

      await db.schema
        .createTable('audit_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('size', int, (c) => c.notNull())
        .addColumn('root', 'text', (c) => c.notNull())
        .addColumn('frontier', 'text', (c) => c.notNull())
        .addColumn('data_version', int, (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into audit_state (id, size, root, frontier, data_version, updated_at) values (1, 0, ${'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'}, '[]', 0, '')`.execute(
        db,
      );

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('agency', 'text')
        .addColumn('subject_id', int)
        .addColumn('label', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('import_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('encoding', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('total_rows', 'integer', (c) => c.notNull())
        .addColumn('stored', 'integer', (c) => c.notNull())
        .addColumn('duplicates', 'integer', (c) => c.notNull())
        .addColumn('rejected', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('import_rejects')
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('row_number', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_rejects_pk', ['job_id', 'row_number'])
        .execute();

      // Name search over bigrams (every 2-character window of a normalized name), so a Chinese substring of two
      // characters or more is found through an index: a phrase of consecutive bigrams is exactly a substring.
      if (dialect === 'postgres') {
        await db.schema
          .createTable('subject_names')
          .addColumn('subject_id', int, (c) => c.primaryKey())
          .addColumn('norm', 'text', (c) => c.notNull())
          .addColumn('grams', sql`text[]`, (c) => c.notNull())
          .execute();
        await sql`create index subject_names_grams on subject_names using gin (grams)`.execute(db);
      } else {
        await sql`create virtual table subject_names using fts5(grams, content='', contentless_delete=1, tokenize='unicode61')`.execute(
          db,
        );
      }
    },
  };
}
