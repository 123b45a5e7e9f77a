// A read model of credit files as the API answers them: the presented JSON, per caller class and lookup, kept
// while the store's data version is unchanged (this process's writes move it at once, other processes' within
// OTHER_PROCESS_STALENESS_MS) and while no record in it can
// leave publication. Every read is still logged before it is answered; only the database work is saved.
import type { Principal } from '../domain/principal.js';

export interface CachedFile {
  subjectId: number;
  view: string;
  /**
   * The presented file as UTF-8 JSON without its opening brace, so `{"generatedAt":…,` goes in front: encoded once,
   * not on every answer (measuring and encoding ten kilobytes of Chinese text was a tenth of a read's time).
   */
  tail: Buffer;
  version: string;
  validUntil: string;
}

/** Who sees the same file: everyone public alike, an agency, a subject, operators. */
export function callerClass(p: Principal): string {
  if (p.role === 'agency') return `agency:${p.agency}`;
  if (p.role === 'subject') return `subject:${p.subjectId}`;
  return p.role === 'operator' ? 'operator' : 'public';
}

export class FileCache {
  private readonly entries = new Map<string, CachedFile>();

  constructor(private readonly max = 10_000) {}

  get(key: string, version: string, now: string): CachedFile | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.version !== version || hit.validUntil <= now) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last, so the oldest is evicted first.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  put(key: string, file: CachedFile): void {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, file);
  }
}
