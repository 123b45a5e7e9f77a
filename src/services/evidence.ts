// Evidence files sent with objections and repair applications: stored in the database with their SHA-256 (the
// audit entry of the filing covers the hashes), served to whoever may see what they were sent with.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB, EvidenceRow } from '../store/schema.js';
import type { Context } from './context.js';

/** A file sent with an objection or a repair application. */
export interface EvidenceFile {
  name: string;
  mediaType: string;
  content: Buffer;
}

export type EvidenceOwner = 'objection' | 'repair' | 'record';

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** What the audit entry of a filing records of each file. */
export function fileHash(f: EvidenceFile) {
  return { name: f.name, mediaType: f.mediaType, sha256: sha256(f.content) };
}

export async function storeEvidence(
  trx: Transaction<DB>,
  ownerType: EvidenceOwner,
  ownerId: number,
  files: EvidenceFile[],
  now: string,
): Promise<void> {
  for (const f of files) {
    await trx
      .insertInto('evidence')
      .values({
        owner_type: ownerType,
        owner_id: ownerId,
        name: f.name,
        media_type: f.mediaType,
        size: f.content.length,
        sha256: sha256(f.content),
        content: f.content,
        created_at: now,
      })
      .execute();
  }
}

/** The files of an objection or application, without their content. */
export async function evidenceOf(
  ctx: Context,
  ownerType: EvidenceOwner,
  ownerId: number,
): Promise<Omit<EvidenceRow, 'content'>[]> {
  return ctx.store.db
    .selectFrom('evidence')
    .select(['id', 'owner_type', 'owner_id', 'name', 'media_type', 'size', 'sha256', 'created_at'])
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .orderBy('id')
    .execute();
}

/** One file with its content; the caller has checked that the asker may see its owner. */
export async function evidenceFile(
  ctx: Context,
  ownerType: EvidenceOwner,
  ownerId: number,
  fileId: number,
): Promise<EvidenceRow | undefined> {
  return ctx.store.db
    .selectFrom('evidence')
    .selectAll()
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .where('id', '=', fileId)
    .executeTakeFirst();
}
