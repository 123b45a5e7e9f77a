import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// The decision log in pages: a row per check cost each check a row insert (and index entries), more than the
// check itself; a page holds up to a thousand entries of one process as one JSON text, addressed by the decision
// id (`dec_<page key>-<index>`). Statistics read counts kept per month, action and decision. Rows of the
// former table become one-entry pages under their own ids (the page format is StoredPage in
// src/check/decision-log.ts: a JSON array per field), and are counted.
export function decisionPages(dialect: Dialect) {
  const int = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('decision_pages')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('entries', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('decision_counts')
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('n', int, (c) => c.notNull())
        .addPrimaryKeyConstraint('decision_counts_pk', ['month', 'action', 'decision'])
        .execute();
      const old = db as unknown as Kysely<{
        decisions: {
          id: string;
          at: string;
          caller: string;
          agency: string | null;
          subject: string;
          action: string;
          decision: string;
          reasons: string;
        };
        decision_pages: { key: string; opened_at: string; entries: string };
        decision_counts: { month: string; action: string; decision: string; n: number };
      }>;
      const counts = new Map<string, number>();
      for (let after = ''; ; ) {
        const rows = await old
          .selectFrom('decisions')
          .selectAll()
          .where('id', '>', after)
          .orderBy('id')
          .limit(1000)
          .execute();
        if (rows.length === 0) break;
        await old
          .insertInto('decision_pages')
          .values(
            rows.map((r) => ({
              key: r.id.slice(4),
              opened_at: r.at,
              // One entry as columns of runs (see src/check/decision-log.ts).
              entries: JSON.stringify({
                at: [[r.at, 1]],
                caller: [[r.caller, 1]],
                agency: [[r.agency, 1]],
                subject: [r.subject],
                action: [[r.action, 1]],
                decision: [[r.decision, 1]],
                reasons: [[r.reasons === '[]' ? null : JSON.parse(r.reasons), 1]],
              }),
            })),
          )
          .execute();
        for (const r of rows) {
          const month = new Date(Date.parse(r.at) + 8 * 3600_000).toISOString().slice(0, 7);
          const k = `${month}|${r.action}|${r.decision}`;
          counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        after = rows[rows.length - 1]!.id;
      }
      for (const [k, n] of counts) {
        const [month, action, decision] = k.split('|') as [string, string, string];
        await old.insertInto('decision_counts').values({ month, action, decision, n }).execute();
      }
      await db.schema.dropTable('decisions').execute();
    },
  };
}
