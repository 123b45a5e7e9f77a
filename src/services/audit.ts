// Reading the audit log: signed tree heads, inclusion proofs (of an entry, and of an item inside a
// group-committed entry), consistency proofs between two sizes.
import { type AuditEntry, itemLeafHash, type TreeHead, treeHeadBytes } from '../domain/audit/entry.js';
import {
  consistencyProofRanges,
  type Hash,
  inclusionProofOf,
  inclusionProofRanges,
  verifyInclusion,
} from '../domain/audit/merkle.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { problems } from '../domain/errors.js';
import { getEntry, getItems, rangeHashes, readState } from '../store/audit-log.js';
import type { AuditEntryRow } from '../store/schema.js';
import { type SigningKey, signBytes, verifyBytes } from './audit-keys.js';
import type { Context } from './context.js';

export interface SignedTreeHead extends TreeHead {
  algorithm: 'Ed25519';
  keyId: string;
  signature: string;
}

export async function signedHead(ctx: Context, key: SigningKey): Promise<SignedTreeHead> {
  const { size, root } = await readState(ctx.store.db);
  const head: TreeHead = { treeSize: size, rootHash: root, timestamp: ctx.clock.now() };
  return { ...head, algorithm: 'Ed25519', keyId: key.keyId, signature: signBytes(key, treeHeadBytes(head)) };
}

export function verifySignedHead(head: SignedTreeHead, publicKeyPem: string): boolean {
  return verifyBytes(publicKeyPem, treeHeadBytes(head), head.signature);
}

export function toEntry(r: AuditEntryRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    role: r.role,
    agency: r.agency,
    action: r.action,
    target: r.target,
    subjectId: r.subject_id,
    itemCount: r.item_count,
    itemsRoot: r.items_root,
    contentHash: r.content_hash,
  };
}

async function rootAt(ctx: Context, size: number, current: { size: number; root: Hash }): Promise<Hash> {
  if (size === current.size) return current.root;
  const [root] = await rangeHashes(ctx.store.db, [{ start: 0, end: size }]);
  return root!;
}

export interface InclusionProof {
  entry: AuditEntry;
  leafHash: Hash;
  leafIndex: number;
  treeSize: number;
  rootHash: Hash;
  auditPath: Hash[];
  item?: { index: number; item: unknown; itemHash: Hash; itemsRoot: Hash; path: Hash[] };
}

export async function inclusionProof(
  ctx: Context,
  seq: number,
  options: { treeSize?: number; item?: number } = {},
): Promise<InclusionProof> {
  const state = await readState(ctx.store.db);
  const treeSize = options.treeSize ?? state.size;
  if (treeSize > state.size)
    throw problems.validation([{ pointer: '/treeSize', reason: `exceeds the log size ${state.size}` }]);
  if (!Number.isInteger(seq) || seq < 0 || seq >= treeSize)
    throw problems.notFound(`no audit entry ${seq} in a tree of size ${treeSize}`);
  const row = await getEntry(ctx.store.db, seq);
  if (!row) throw problems.notFound(`audit entry ${seq} is missing`);
  const auditPath = await rangeHashes(ctx.store.db, inclusionProofRanges(seq, treeSize));
  const proof: InclusionProof = {
    entry: toEntry(row),
    leafHash: row.leaf_hash,
    leafIndex: seq,
    treeSize,
    rootHash: await rootAt(ctx, treeSize, state),
    auditPath,
  };
  if (options.item !== undefined) {
    const items = await getItems(ctx.store.db, seq);
    const it = items[options.item];
    if (!it) throw problems.notFound(`audit entry ${seq} has no item ${options.item}`);
    const leaves = items.map((i) => i.item_hash);
    proof.item = {
      index: options.item,
      item: JSON.parse(it.item),
      itemHash: it.item_hash,
      itemsRoot: row.items_root ?? '',
      path: inclusionProofOf(leaves, options.item),
    };
  }
  return proof;
}

/** Checks an inclusion proof the way a client would, with nothing but the proof. */
export function checkInclusionProof(p: InclusionProof): boolean {
  if (!verifyInclusion(p.leafIndex, p.treeSize, p.leafHash, p.auditPath, p.rootHash)) return false;
  if (!p.item) return true;
  // Items are stored as canonical JSON, so re-serializing the parsed item gives back the hashed bytes.
  const leaf = itemLeafHash(canonicalJson(p.item.item));
  return (
    leaf === p.item.itemHash &&
    verifyInclusion(p.item.index, p.entry.itemCount, p.item.itemHash, p.item.path, p.item.itemsRoot) &&
    p.item.itemsRoot === p.entry.itemsRoot
  );
}

export interface ConsistencyProof {
  from: number;
  to: number;
  fromRoot: Hash;
  toRoot: Hash;
  proof: Hash[];
}

export async function consistencyProof(ctx: Context, from: number, to?: number): Promise<ConsistencyProof> {
  const state = await readState(ctx.store.db);
  const end = to ?? state.size;
  if (end > state.size)
    throw problems.validation([{ pointer: '/to', reason: `exceeds the log size ${state.size}` }]);
  if (!Number.isInteger(from) || from < 1 || from > end) {
    throw problems.validation([{ pointer: '/from', reason: `must be between 1 and ${end}` }]);
  }
  const proof = from === end ? [] : await rangeHashes(ctx.store.db, consistencyProofRanges(from, end));
  return {
    from,
    to: end,
    fromRoot: await rootAt(ctx, from, state),
    toRoot: await rootAt(ctx, end, state),
    proof,
  };
}
