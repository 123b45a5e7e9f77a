// Queries on the hot read path, compiled once per database and run with new parameters: Kysely builds and
// compiles a query on every call, which costs more than SQLite takes to answer it.
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.js';

export function prepared<P extends readonly unknown[], R>(
  build: (db: Kysely<DB>) => Compilable<R>,
): (db: Kysely<DB>, params: P) => Promise<R[]> {
  const compiled = new WeakMap<Kysely<DB>, CompiledQuery<R>>();
  return async (db, params) => {
    let q = compiled.get(db);
    if (!q) {
      q = build(db).compile();
      compiled.set(db, q);
    }
    if (q.parameters.length !== params.length)
      throw new Error(`query takes ${q.parameters.length} parameters, got ${params.length}`);
    const result = await db.executeQuery<R>({ ...q, parameters: params });
    return result.rows;
  };
}
