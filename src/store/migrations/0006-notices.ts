import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { columnsFor } from './columns.js';

// Notices (告知): each in the recipient's inbox, and in the outbox for every channel it goes out by (e-mail,
// signed webhooks), written in the transaction that makes the event, so a crash never loses one; the dispatcher
// claims outbox rows, delivers, retries with backoff and gives up after its limit (dead letters stay, visible).
// Contacts are the addresses a subject keeps; subscriptions are webhooks agencies and partners register.
export function notices(dialect: Dialect) {
  const { int, serialPk } = columnsFor(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('contacts')
        .addColumn('subject_id', int, (c) => c.primaryKey().references('subjects.id'))
        .addColumn('email', 'text')
        .addColumn('webhook_url', 'text')
        .addColumn('webhook_secret', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await serialPk(db.schema.createTable('subscriptions'), 'id')
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('agency', 'text')
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('lists', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .execute();
      await serialPk(db.schema.createTable('notices'), 'id')
        .addColumn('subject_id', int, (c) => c.notNull().references('subjects.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('listing_id', int)
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .execute();
      await db.schema.createIndex('notices_subject').on('notices').columns(['subject_id', 'id']).execute();
      await serialPk(db.schema.createTable('outbox'), 'id')
        .addColumn('notice_id', int, (c) => c.notNull().references('notices.id'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('secret', 'text')
        .addColumn('subscription_id', int)
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_notice').on('outbox').column('notice_id').execute();
    },
  };
}
