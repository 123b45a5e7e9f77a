// RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification, as Certificate Transparency logs do
// it. Pure: subtree hashes come from a lookup the caller fills, so the store decides where nodes live.
// Sizes and indexes are plain numbers (< 2^53); halving uses arithmetic, not 32-bit shifts.
import { hash } from 'node:crypto';

export type Hash = string; // lower-case hex SHA-256

const NODE = Buffer.from([1]);

/** RFC 6962 leaf hash: SHA-256(0x00 || data). A string is hashed as its UTF-8 bytes. */
export function leafHash(data: string | Uint8Array): Hash {
  return typeof data === 'string'
    ? hash('sha256', `\u0000${data}`, 'hex')
    : hash('sha256', Buffer.concat([Buffer.from([0]), data]), 'hex');
}

/** RFC 6962 interior node: SHA-256(0x01 || left || right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  return hash('sha256', Buffer.concat([NODE, Buffer.from(left, 'hex'), Buffer.from(right, 'hex')]), 'hex');
}

/** The hash of the empty tree, SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = hash('sha256', '', 'hex');

/** Largest power of two strictly less than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A complete, aligned subtree: leaves [index * 2^level, (index + 1) * 2^level). */
export interface NodeRef {
  level: number;
  index: number;
}

export const nodeKey = (n: NodeRef) => `${n.level}:${n.index}`;

/** A range [start, end) as it arises in RFC 6962's recursion. */
export interface Range {
  start: number;
  end: number;
}

/** The complete aligned subtrees a range is made of, left to right, largest first. */
export function rangeNodes({ start, end }: Range): NodeRef[] {
  const nodes: NodeRef[] = [];
  let at = start;
  while (at < end) {
    let size = 1;
    while (size * 2 <= end - at && at % (size * 2) === 0) size *= 2;
    let level = 0;
    for (let s = size; s > 1; s /= 2) level++;
    nodes.push({ level, index: at / size });
    at += size;
  }
  return nodes;
}

export type NodeLookup = (node: NodeRef) => Hash;

/** MTH(D[start:end]) from the hashes of its complete subtrees. */
export function rangeHash(range: Range, lookup: NodeLookup): Hash {
  const nodes = rangeNodes(range);
  if (nodes.length === 0) return EMPTY_ROOT;
  let acc = lookup(nodes[nodes.length - 1]!);
  for (let i = nodes.length - 2; i >= 0; i--) acc = nodeHash(lookup(nodes[i]!), acc);
  return acc;
}

/** RFC 6962 2.1.1 PATH(m, D[n]): the ranges whose hashes form the inclusion proof, leaf upwards. */
export function inclusionProofRanges(m: number, n: number): Range[] {
  if (m < 0 || m >= n) throw new RangeError(`leaf ${m} is not in a tree of size ${n}`);
  const out: Range[] = [];
  const path = (m: number, start: number, end: number) => {
    const size = end - start;
    if (size === 1) return;
    const k = splitPoint(size);
    if (m < k) {
      path(m, start, start + k);
      out.push({ start: start + k, end });
    } else {
      path(m - k, start + k, end);
      out.push({ start, end: start + k });
    }
  };
  path(m, 0, n);
  return out;
}

/** RFC 6962 2.1.2 PROOF(m, D[n]): the ranges whose hashes prove size n extends size m. */
export function consistencyProofRanges(m: number, n: number): Range[] {
  if (m < 1 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  const out: Range[] = [];
  const sub = (m: number, start: number, end: number, complete: boolean) => {
    const size = end - start;
    if (m === size) {
      if (!complete) out.push({ start, end });
      return;
    }
    const k = splitPoint(size);
    if (m <= k) {
      sub(m, start, start + k, complete);
      out.push({ start: start + k, end });
    } else {
      sub(m - k, start + k, end, false);
      out.push({ start, end: start + k });
    }
  };
  sub(m, 0, n, true);
  return out;
}

const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** RFC 9162 2.1.3.2: does `proof` show leaf `index` with `leaf` hash is in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: Hash[], root: Hash): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r === root;
}

/** RFC 9162 2.1.4.2: does `proof` show the tree (size2, root2) extends (size1, root1)? */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Hash,
  root2: Hash,
  proof: Hash[],
): boolean {
  if (size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && root1 === root2;
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = [...proof];
  if (Number.isInteger(Math.log2(size1))) path.unshift(root1);
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr === root1 && sr === root2 && sn === 0;
}

/**
 * The right edge of a tree: the roots of its complete subtrees, largest first (one per set bit of the size).
 * Enough to append a leaf and to compute the root without reading the rest of the tree.
 */
export interface Frontier {
  size: number;
  hashes: Hash[];
}

export const EMPTY_FRONTIER: Frontier = { size: 0, hashes: [] };

export interface AppendResult {
  frontier: Frontier;
  /** Every complete subtree the new leaf finished, itself included (level 0). */
  completed: (NodeRef & { hash: Hash })[];
}

export function appendLeaf(frontier: Frontier, leaf: Hash): AppendResult {
  const hashes = [...frontier.hashes];
  const index = frontier.size;
  const completed: (NodeRef & { hash: Hash })[] = [{ level: 0, index, hash: leaf }];
  let hash = leaf;
  let level = 0;
  let at = index;
  while (odd(at)) {
    hash = nodeHash(hashes.pop()!, hash);
    level++;
    at = half(at);
    completed.push({ level, index: at, hash });
  }
  hashes.push(hash);
  return { frontier: { size: index + 1, hashes }, completed };
}

export function frontierRoot(frontier: Frontier): Hash {
  const { hashes } = frontier;
  if (hashes.length === 0) return EMPTY_ROOT;
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}

/**
 * Root of a tree held in memory (the items of a group-committed entry: one per imported row). The same
 * right-edge fold as appendLeaf, on bytes and one scratch buffer, since it runs for every row of a bulk load.
 */
export function rootOf(leaves: Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  const scratch = Buffer.allocUnsafe(65);
  scratch[0] = 1;
  const node = (l: Buffer, r: Buffer) => {
    l.copy(scratch, 1);
    r.copy(scratch, 33);
    return hash('sha256', scratch, 'buffer');
  };
  const edge: Buffer[] = [];
  for (let i = 0; i < leaves.length; i++) {
    let h = Buffer.from(leaves[i]!, 'hex');
    for (let at = i; at % 2 === 1; at = Math.floor(at / 2)) h = node(edge.pop()!, h);
    edge.push(h);
  }
  let acc = edge[edge.length - 1]!;
  for (let k = edge.length - 2; k >= 0; k--) acc = node(edge[k]!, acc);
  return acc.toString('hex');
}

/** Inclusion proof within a small in-memory tree. */
export function inclusionProofOf(leaves: Hash[], index: number): Hash[] {
  const lookup = memoryLookup(leaves);
  return inclusionProofRanges(index, leaves.length).map((r) => rangeHash(r, lookup));
}

function memoryLookup(leaves: Hash[]): NodeLookup {
  return ({ level, index }) => {
    const size = 2 ** level;
    const start = index * size;
    let layer = leaves.slice(start, start + size);
    while (layer.length > 1) {
      const next: Hash[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(nodeHash(layer[i]!, layer[i + 1]!));
      layer = next;
    }
    return layer[0]!;
  };
}
