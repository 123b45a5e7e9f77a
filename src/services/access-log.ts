// A subject's access log: every read of its credit file, from the audit tree's group-committed items — who read
// it (the role, and the agency for an agency: never hidden), when, and why — each with its inclusion proof.
// Anonymous readers are shown as the public, without their address.
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
  const base = ctx.store.db
    .selectFrom('audit_items')
    .innerJoin('audit_entries', 'audit_entries.seq', 'audit_items.entry_seq')
    .where('audit_items.subject_id', '=', subjectId)
    .where('audit_entries.action', '=', 'file.read');
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['audit_items.entry_seq', 'audit_items.idx', 'audit_items.item'])
    .orderBy('audit_items.entry_seq', 'desc')
    .orderBy('audit_items.idx', 'desc')
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
