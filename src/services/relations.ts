// Relations between subjects (legal representative, officers, shareholders, branches, subsidiaries) with the time
// each role was held. The same relation again is a replay; sending it again with an end date stores the next
// version, ending it. One path for the API (one entry per relation) and bulk loads (one group-committed entry).
import { problems } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import { relationContentHash } from '../domain/records/content.js';
import { checkRelation, type NormalizedRelation } from '../domain/relations.js';
import { auditedTransaction } from '../store/audit-log.js';
import { bulkWriter } from '../store/bulk-writer.js';
import { announce, entitiesWithListings } from '../store/listings.js';
import { markRelationsSuperseded } from '../store/relations.js';
import type { NewRelationRow, RelationRow, SubjectRow } from '../store/schema.js';
import { ensureSubjects, type KnownSubjects } from '../store/subjects.js';
import type { Context } from './context.js';

export type RelationOutcome =
  | { status: 'created' | 'ended'; relation: RelationRow; from: SubjectRow; to: SubjectRow }
  | { status: 'replayed'; relation: RelationRow; from: SubjectRow; to: SubjectRow }
  | { status: 'conflict'; reason: string };

const relationKey = (fromId: number, toId: number, role: string, since: string) =>
  `${fromId}|${toId}|${role}|${since}`;

export async function ingestRelations(
  ctx: Context,
  principal: Principal,
  rels: NormalizedRelation[],
  options: { mode: 'single' | 'batch'; target?: string; knownSubjects?: KnownSubjects },
): Promise<RelationOutcome[]> {
  const now = ctx.clock.now();
  const agency = principal.agency!;
  return auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const seq = audit.nextSeq;
    const writer = bulkWriter(trx, ctx.store);
    const subjects = await ensureSubjects(
      trx,
      writer,
      rels.flatMap((r) => [r.from, r.to]),
      now,
      { known: options.knownSubjects },
    );
    const pairs = rels.map((r) => ({
      r,
      from: subjects.get(r.from.identifier)!,
      to: subjects.get(r.to.identifier)!,
    }));
    const existing = await writer.currentRelations([...new Set(pairs.map((p) => p.from.id))]);
    const current = new Map(
      existing.map((e) => [relationKey(e.from_subject_id, e.to_subject_id, e.role, e.since), e]),
    );

    const outcomes: (
      | RelationOutcome
      | { status: 'pending'; row: NewRelationRow; ended: boolean; from: SubjectRow; to: SubjectRow }
    )[] = [];
    const superseded: number[] = [];
    const seen = new Set<string>();
    for (const { r, from, to } of pairs) {
      const key = relationKey(from.id, to.id, r.role, r.since);
      const prev = current.get(key);
      if (seen.has(key)) {
        outcomes.push({ status: 'conflict', reason: 'the same relation appears twice in one batch' });
        continue;
      }
      seen.add(key);
      if (prev && prev.until === r.until) {
        outcomes.push({ status: 'replayed', relation: prev, from, to });
        continue;
      }
      if (prev && prev.until !== null) {
        outcomes.push({
          status: 'conflict',
          reason: `this relation already ended on ${prev.until}; a different end is a new relation`,
        });
        continue;
      }
      if (prev) superseded.push(prev.id);
      outcomes.push({
        status: 'pending',
        ended: prev !== undefined,
        from,
        to,
        row: {
          from_subject_id: from.id,
          to_subject_id: to.id,
          role: r.role,
          since: r.since,
          until: r.until,
          agency,
          version: (prev?.version ?? 0) + 1,
          created_at: now,
          superseded_at: null,
          audit_seq: seq,
        },
      });
    }
    const newRows = outcomes.flatMap((o) => (o.status === 'pending' ? [o.row] : []));
    if (newRows.length === 0) return outcomes as RelationOutcome[];
    await markRelationsSuperseded(trx, superseded, now);
    const inserted = await writer.insertRelations(newRows);
    let i = 0;
    const done: RelationOutcome[] = outcomes.map((o) =>
      o.status === 'pending'
        ? { status: o.ended ? 'ended' : 'created', relation: inserted[i++]!, from: o.from, to: o.to }
        : o,
    );
    const stored = done.flatMap((o) => (o.status === 'created' || o.status === 'ended' ? [o] : []));
    // A listed entity's officers decide whom its listing reaches: tell the decision index.
    const listed = await entitiesWithListings(trx, [...new Set(stored.map((o) => o.from.id))]);
    await announce(
      trx,
      now,
      [...listed].map((subjectId) => ({ kind: 'relation' as const, subjectId })),
    );
    const first = stored[0]!;
    audit.appendRows(
      principal,
      stored.map((o) => ({
        id: o.relation.id,
        version: o.relation.version,
        contentHash: relationContentHash({
          from: o.from.identifier,
          to: o.to.identifier,
          role: o.relation.role,
          since: o.relation.since,
          until: o.relation.until,
          agency,
        }),
      })),
      {
        ...(options.mode === 'single'
          ? {
              single: {
                action: first.status === 'ended' ? 'relation.end' : 'relation.create',
                target: `relation:${first.relation.id}`,
                subjectId: first.from.id,
              },
            }
          : {}),
        batch: { action: 'relations.import', target: options.target ?? 'relations' },
      },
    );
    return done;
  });
}

export async function addRelation(ctx: Context, principal: Principal, body: unknown) {
  const checked = checkRelation(body, ctx.clock.now());
  if (!checked.ok) throw problems.validation(checked.errors);
  const [o] = await ingestRelations(ctx, principal, [checked.value], { mode: 'single' });
  if (o!.status === 'conflict')
    throw problems.conflict(o!.reason, [{ pointer: '/until', reason: o!.reason }]);
  return o as Exclude<RelationOutcome, { status: 'conflict' }>;
}

export async function relationsOf(ctx: Context, subjectId: number) {
  const rows = await ctx.store.db
    .selectFrom('relations')
    .selectAll()
    .where((eb) => eb.or([eb('from_subject_id', '=', subjectId), eb('to_subject_id', '=', subjectId)]))
    .where('superseded_at', 'is', null)
    .orderBy('since')
    .orderBy('id')
    .execute();
  const otherIds = [
    ...new Set(rows.map((r) => (r.from_subject_id === subjectId ? r.to_subject_id : r.from_subject_id))),
  ];
  const others = otherIds.length
    ? await ctx.store.db.selectFrom('subjects').selectAll().where('id', 'in', otherIds).execute()
    : [];
  return { rows, others: new Map(others.map((s) => [s.id, s])) };
}
