import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { columnsFor } from './columns.js';

// The current score of each subject in each scheme: a read model of the score.result records (the record is the
// source, with its ledger), kept for fast reads, for the grade benefits the check API answers, and for finding
// the scores the clock changes. Settings hold the scorer's position in the records and the change feed.
export function scores(dialect: Dialect) {
  const { int } = columnsFor(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('scores')
        .addColumn('subject_id', int, (c) => c.notNull().references('subjects.id'))
        .addColumn('scheme', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('record_id', int, (c) => c.notNull())
        .addColumn('computed_at', 'text', (c) => c.notNull())
        .addColumn('next_change_at', 'text')
        .addPrimaryKeyConstraint('scores_pk', ['subject_id', 'scheme'])
        .execute();
      await db.schema.createIndex('scores_next_change').on('scores').column('next_change_at').execute();
    },
  };
}
