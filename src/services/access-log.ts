// A subject's access log: every read of its credit file, from the audit tree's group-committed items — who read
// it (the role, and the agency for an agency: never hidden), when, and why — each with its inclusion proof.
// Anonymous readers are shown as the public, without their address.
import { catchUpReadIndex } from '../store/read-index.js';
import type { Context } from './context.js';

export interface AccessLogEntry {
  at: string;
  role: string;
  agency: string | null;
  /** The token that read it (`token:<id>`), `public`, or the CLI user. */
  reader: string;
  purpose: string;
  proof: string;
}

interface ReadItem {
  at: string;
  actor: string;
  role: string;
  agency: string | null;
  purpose: string;
}

export async function accessLog(
  ctx: Context,
  subjectId: number,
  page: { limit: number; offset: number },
): Promise<{ items: AccessLogEntry[]; total: number }> {
  // The index follows the log in bulk; it takes in every read committed so far before it is asked.
  await catchUpReadIndex(ctx.store.db);
  const base = ctx.store.db
    .selectFrom('read_index')
    .innerJoin('audit_entries', 'audit_entries.seq', 'read_index.entry_seq')
    .where('read_index.subject_id', '=', subjectId)
    .where('audit_entries.action', '=', 'file.read');
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin('audit_items', (j) =>
      j
        .onRef('audit_items.entry_seq', '=', 'read_index.entry_seq')
        .onRef('audit_items.idx', '=', 'read_index.idx'),
    )
    .select(['read_index.entry_seq', 'read_index.idx', 'audit_items.item'])
    .orderBy('read_index.entry_seq', 'desc')
    .orderBy('read_index.idx', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    total: Number(counted.n),
    items: rows.map((r) => {
      const item = JSON.parse(r.item) as ReadItem;
      return {
        at: item.at,
        role: item.role,
        agency: item.agency,
        reader: item.actor.startsWith('public:') ? 'public' : item.actor,
        purpose: item.purpose,
        proof: `/api/v1/audit/entries/${r.entry_seq}/proof?item=${r.idx}`,
      };
    }),
  };
}
