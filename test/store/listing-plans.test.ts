// Queries about given subjects' open listings go through the subject index, also on a SQLite store that has never
// been analyzed: an index led by `ended_at` (null for nearly every listing) looked selective to the planner and
// turned each such query into a scan of every open listing. The expiry sweep keeps an index of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { freshDatabase, type TestStore } from '../support/stores.js';

describe('query plans for open listings on an unanalyzed SQLite store', () => {
  let db: TestStore;
  let store: Store;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    store = await openStore(db.url);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const plan = (query: string, ...params: unknown[]) =>
    (store.raw.sqlite!.prepare(`explain query plan ${query}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');

  it('finds given subjects’ open listings by the subject index', () => {
    expect(
      plan('select subject_id from listings where subject_id in (?, ?, ?) and ended_at is null', 1, 2, 3),
    ).toContain('USING INDEX listings_subject');
    expect(
      plan(
        'select subject_id from listings where subject_id in (?, ?) and effective_at <= ? and ends_at > ? and ended_at is null',
        1,
        2,
        'x',
        'x',
      ),
    ).toContain('USING INDEX listings_subject');
    expect(
      plan(
        'select * from listings where subject_id = ? and ended_at is null and derived_from is null and ends_at > ?',
        1,
        'x',
      ),
    ).toContain('USING INDEX listings_subject');
  });

  it('sweeps open listings past their end by the partial index of open listings', () => {
    expect(plan('select id from listings where ended_at is null and ends_at <= ?', 'x')).toContain(
      'USING INDEX listings_open_ends',
    );
  });
});
