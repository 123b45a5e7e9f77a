// The dialect loop: every store test runs on SQLite (a fresh file) and on PostgreSQL (a fresh database created
// through XINYONG_TEST_PG, by default the local server). Real databases, never mocks.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Clock, Context } from '../../src/services/context.js';
import { type Dialect, openStore } from '../../src/store/database.js';

export const DIALECTS: Dialect[] = (process.env.XINYONG_TEST_DIALECTS ?? 'sqlite,postgres').split(
  ',',
) as Dialect[];
export const ADMIN_PG = process.env.XINYONG_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let catalog: Catalog | undefined;
export function testCatalog(): Catalog {
  catalog ??= loadCatalog();
  return catalog;
}

export class TestClock implements Clock {
  constructor(public instant = '2026-11-23T02:00:00.000Z') {}
  now(): string {
    return this.instant;
  }
  advance(ms: number): void {
    this.instant = new Date(Date.parse(this.instant) + ms).toISOString();
  }
  set(instant: string): void {
    this.instant = instant;
  }
}

export interface TestStore {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect. */
export async function freshDatabase(dialect: Dialect): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'xinyong-test-'));
    return { url: join(dir, 'test.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `xinyong_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_PG });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_PG);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_PG });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestContext {
  ctx: Context;
  clock: TestClock;
  url: string;
  close(): Promise<void>;
}

export async function testContext(dialect: Dialect, clock = new TestClock()): Promise<TestContext> {
  const db = await freshDatabase(dialect);
  const store = await openStore(db.url);
  const ctx: Context = { store, catalog: testCatalog(), clock };
  return {
    ctx,
    clock,
    url: db.url,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}
