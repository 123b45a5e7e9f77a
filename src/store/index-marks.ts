// The marks of the indexes kept behind the writes (read-index.ts, name-index.ts): one state row each, holding how
// far its index has caught up, and locked by each catch-up pass for its transaction.
import type { Transaction } from 'kysely';
import type { DB } from './schema.js';

export type IndexState = 'read_index_state' | 'name_index_state';

/** Locks the index's state row and returns its mark: two processes catching up take turns, the second starting where the first ended. */
export async function claimMark(trx: Transaction<DB>, state: IndexState): Promise<number> {
  const { indexed_through } = await trx
    .updateTable(state)
    .set((eb) => ({ indexed_through: eb.ref('indexed_through') }))
    .where('id', '=', 1)
    .returning('indexed_through')
    .executeTakeFirstOrThrow();
  return indexed_through;
}

/** Moves the mark of a state row claimed in this transaction. */
export async function setMark(trx: Transaction<DB>, state: IndexState, through: number): Promise<void> {
  await trx.updateTable(state).set({ indexed_through: through }).where('id', '=', 1).execute();
}
