// Canonical JSON (keys sorted by UTF-16 code units, no insignificant white space, numbers as ECMAScript prints
// them, as RFC 8785 does): the form every content hash is taken over, so the same content always hashes the same.
import { hash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('non-finite number in canonical JSON');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as RFC 8785 asks; < compares
  // them the same way. Objects built in that order (a bulk file's rows) need no sorting.
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      sorted = false;
      break;
    }
  }
  if (!sorted) keys.sort();
  // Most record fields are flat (scalars, arrays of scalars): the native serializer gives the same text several
  // times faster — with the sorted keys as its property list, or, for an object already in order, without one
  // (twice as fast again). Nested objects take the general path.
  if (keys.every((k) => isFlatValue(obj[k]))) return sorted ? JSON.stringify(obj) : JSON.stringify(obj, keys);
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** One-shot SHA-256 (crypto.hash is several times faster than createHash for small inputs). */
function isFlatValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object') return typeof v === 'string' || typeof v === 'boolean';
  return Array.isArray(v) && v.every((x) => x === null || (typeof x !== 'object' && isFlatValue(x)));
}

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
