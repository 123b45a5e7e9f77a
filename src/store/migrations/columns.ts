// The few column types that differ by dialect, for migrations from 0004 on (earlier ones keep their own words).
import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from '../database.js';

export function columnsFor(dialect: Dialect) {
  return {
    /** A 64-bit integer (ids, sequence numbers). */
    int: dialect === 'postgres' ? ('bigint' as const) : ('integer' as const),
    bytes: dialect === 'postgres' ? ('bytea' as const) : ('blob' as const),
    /** An auto-incrementing primary key. */
    serialPk: <T extends CreateTableBuilder<string, never>>(t: T, column: string): T =>
      (dialect === 'postgres'
        ? t.addColumn(column, 'bigserial', (c) => c.primaryKey())
        : t.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement())) as T,
  };
}
