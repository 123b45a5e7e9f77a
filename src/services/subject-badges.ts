// The badges a search result shows beside a name: the kinds of public list a subject is on now, and whether
// anything the public can see on its file is under objection. Computed for one page of results at a time, from
// what the public sees, whoever asks (a result list is a public surface).
import type { Context } from './context.js';

export type Badge = 'black' | 'red' | 'irregularity' | 'key-attention' | 'alert' | 'under-objection';

export async function badgesOf(
  ctx: Context,
  subjects: { id: number; kind: string }[],
): Promise<Map<number, Badge[]>> {
  const out = new Map<number, Badge[]>(subjects.map((s) => [s.id, []]));
  if (subjects.length === 0) return out;
  const now = ctx.clock.now();
  const ids = subjects.map((s) => s.id);
  const persons = new Set(subjects.filter((s) => s.kind === 'person').map((s) => s.id));
  const lists = ctx.catalog.lists;
  const listings = await ctx.store.db
    .selectFrom('listings')
    .select(['subject_id', 'list', 'objection_id'])
    .where('subject_id', 'in', ids)
    .where('effective_at', '<=', now)
    .where('ends_at', '>', now)
    .where('ended_at', 'is', null)
    .execute();
  const publicTypes = [...ctx.catalog.recordTypes.values()]
    .filter((t) => t.disclosure === 'public')
    .map((t) => t.code);
  const recordsUnderObjection = await ctx.store.db
    .selectFrom('records')
    .select(['subject_id', 'type'])
    .where('subject_id', 'in', ids)
    .where('objection_id', 'is not', null)
    .where('superseded_at', 'is', null)
    .where('type', 'in', publicTypes.length ? publicTypes : [''])
    .execute();
  const add = (id: number, b: Badge) => {
    const badges = out.get(id);
    if (badges && !badges.includes(b)) badges.push(b);
  };
  for (const l of listings) {
    const list = lists.get(l.list);
    if (!list?.publication.public || (persons.has(l.subject_id) && !list.publication.persons)) continue;
    add(l.subject_id, list.kind as Badge);
    if (l.objection_id !== null) add(l.subject_id, 'under-objection');
  }
  for (const r of recordsUnderObjection) {
    const type = ctx.catalog.recordTypes.get(r.type);
    if (persons.has(r.subject_id) && !type?.publishPersons) continue;
    add(r.subject_id, 'under-objection');
  }
  return out;
}
