import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../database.js';
import { initial } from './0001-initial.js';
import { listings } from './0002-listings.js';
import { decisionPages } from './0003-decision-pages.js';
import { objections } from './0004-objections.js';
import { repairs } from './0005-repairs.js';
import { notices } from './0006-notices.js';
import { reports } from './0007-reports.js';
import { scores } from './0008-scores.js';
import { openListingsIndex } from './0009-open-listings-index.js';
import { deferredReadIndex } from './0010-deferred-read-index.js';
import { deferredNameIndex } from './0011-deferred-name-index.js';
import { recordsSubjectCheck } from './0012-records-subject-check.js';

/** Migrations are code, in order; each gets the dialect for the few statements that differ. */
export function migrations(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-initial': initial(dialect),
        '0002-listings': listings(dialect),
        '0003-decision-pages': decisionPages(dialect),
        '0004-objections': objections(dialect),
        '0005-repairs': repairs(dialect),
        '0006-notices': notices(dialect),
        '0007-reports': reports(dialect),
        '0008-scores': scores(dialect),
        '0009-open-listings-index': openListingsIndex(),
        '0010-deferred-read-index': deferredReadIndex(dialect),
        '0011-deferred-name-index': deferredNameIndex(dialect),
        '0012-records-subject-check': recordsSubjectCheck(dialect),
      };
    },
  };
}
