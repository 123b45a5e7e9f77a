// What the scoring engine reads, for a set of subjects: their current records of the types a scheme reads, and
// their listings not yet ended, each listing read as its list.entry record (a listing's decision is on file).
// Records whose publication has ended are left out: they no longer count.
import type { ScoreInput } from '../domain/scoring/engine.js';
import { shanghaiDate } from '../domain/time.js';
import type { Executor } from './audit-log.js';

const CHUNK = 500;

export async function loadScoreInputs(
  db: Executor,
  subjectIds: readonly number[],
  types: ReadonlySet<string>,
  /** A list's kind as list.entry names it (blacklist, redlist, ...), by list code. */
  listKinds: ReadonlyMap<string, string>,
  /** Types whose records' evidence files are counted (photos, videos). */
  evidenceTypes: ReadonlySet<string> = new Set(),
): Promise<Map<number, ScoreInput[]>> {
  const out = new Map<number, ScoreInput[]>(subjectIds.map((id) => [id, []]));
  const recordTypes = [...types];
  for (let i = 0; i < subjectIds.length; i += CHUNK) {
    const ids = subjectIds.slice(i, i + CHUNK);
    if (recordTypes.length) {
      const rows = await db
        .selectFrom('records')
        .select(['id', 'subject_id', 'type', 'agency', 'occurred_at', 'fields', 'publication_ends_at'])
        .where('subject_id', 'in', ids)
        .where('superseded_at', 'is', null)
        .where('type', 'in', recordTypes)
        .execute();
      const counted = await evidenceCounts(
        db,
        rows.filter((r) => evidenceTypes.has(r.type)).map((r) => r.id),
      );
      for (const r of rows) {
        const evidence = counted.get(r.id);
        out.get(r.subject_id)!.push({
          ...(evidence ? { evidence } : {}),
          ref: `record:${r.id}`,
          type: r.type,
          agency: r.agency,
          occurredMs: Date.parse(r.occurred_at),
          ...(r.publication_ends_at ? { endsMs: Date.parse(r.publication_ends_at) } : {}),
          fields: JSON.parse(r.fields) as Record<string, unknown>,
        });
      }
    }
    if (types.has('list.entry')) {
      const listings = await db
        .selectFrom('listings')
        .select([
          'id',
          'subject_id',
          'list',
          'severity',
          'agency',
          'decision_number',
          'effective_at',
          'ends_at',
        ])
        .where('subject_id', 'in', ids)
        .where('ended_at', 'is', null)
        .execute();
      for (const l of listings) {
        out.get(l.subject_id)!.push({
          ref: `listing:${l.id}`,
          type: 'list.entry',
          agency: l.agency,
          occurredMs: Date.parse(l.effective_at),
          endsMs: Date.parse(l.ends_at),
          fields: {
            listCode: l.list,
            ...(listKinds.has(l.list) ? { listKind: listKinds.get(l.list) } : {}),
            severity: l.severity,
            owner: l.agency,
            decisionNumber: l.decision_number,
            listedOn: shanghaiDate(l.effective_at),
            endsOn: shanghaiDate(l.ends_at),
          },
        });
      }
    }
  }
  // A listing submitted as a list.entry record as well is one listing: the live listing counts, the record not.
  for (const inputs of out.values()) {
    const listed = new Set(
      inputs
        .filter((i) => i.ref.startsWith('listing:'))
        .map((i) => `${i.fields.listCode}|${i.fields.decisionNumber}`),
    );
    if (listed.size === 0) continue;
    for (let i = inputs.length - 1; i >= 0; i--) {
      const x = inputs[i]!;
      if (
        x.type === 'list.entry' &&
        x.ref.startsWith('record:') &&
        listed.has(`${x.fields.listCode}|${x.fields.decisionNumber}`)
      )
        inputs.splice(i, 1);
    }
  }
  return out;
}

/** Photos and videos attached to these records. */
async function evidenceCounts(
  db: Executor,
  recordIds: number[],
): Promise<Map<number, { photos: number; videos: number }>> {
  const out = new Map<number, { photos: number; videos: number }>();
  for (let i = 0; i < recordIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('evidence')
      .select(['owner_id', 'media_type'])
      .where('owner_type', '=', 'record')
      .where('owner_id', 'in', recordIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      const c = out.get(r.owner_id) ?? { photos: 0, videos: 0 };
      if (r.media_type.startsWith('image/')) c.photos++;
      else if (r.media_type.startsWith('video/')) c.videos++;
      out.set(r.owner_id, c);
    }
  }
  return out;
}
