// What an audit log entry is, and the exact bytes its leaf hash is taken over.
import { canonicalJson, contentHash } from '../canonical-json.js';
import { type Hash, leafHash } from './merkle.js';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  role: string;
  agency: string | null;
  action: string;
  target: string;
  subjectId: number | null;
  itemCount: number;
  itemsRoot: string | null;
  contentHash: string;
}

export function entryBytes(e: AuditEntry): string {
  return canonicalJson({ v: 1, ...e });
}

export function entryLeafHash(e: AuditEntry): Hash {
  return leafHash(entryBytes(e));
}

/** An item of a group-committed entry is a canonical JSON document; its leaf is RFC 6962's leaf hash. */
export function itemLeafHash(itemJson: string): Hash {
  return leafHash(itemJson);
}

/** An imported or submitted record as an audit item: its id, version and content hash. */
export function recordItem(r: { id: number; version: number; contentHash: string }): string {
  // canonicalJson({ id, version, contentHash }) written out: this runs once per imported row.
  return `{"contentHash":${JSON.stringify(r.contentHash)},"id":${r.id},"version":${r.version}}`;
}

/** A read of a credit file as an audit item: who read whose file, when and why. */
export interface ReadItem {
  at: string;
  actor: string;
  role: string;
  agency: string | null;
  subjectId: number;
  purpose: string;
}

export function readItem(r: ReadItem): string {
  // canonicalJson of the six fields written out, keys in order: this runs once per file read.
  return `{"actor":${JSON.stringify(r.actor)},"agency":${JSON.stringify(r.agency)},"at":${JSON.stringify(r.at)},"purpose":${JSON.stringify(r.purpose)},"role":${JSON.stringify(r.role)},"subjectId":${r.subjectId}}`;
}

export const hashOf = contentHash;

/** The signed tree head: CT's STH, as canonical JSON signed with Ed25519. */
export interface TreeHead {
  treeSize: number;
  rootHash: Hash;
  timestamp: string;
}

export function treeHeadBytes(h: TreeHead): string {
  return canonicalJson({
    log: 'xinyong-audit-v1',
    treeSize: h.treeSize,
    rootHash: h.rootHash,
    timestamp: h.timestamp,
  });
}
