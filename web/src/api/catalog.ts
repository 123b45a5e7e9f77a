// The catalogs change only with a deployment: each is fetched once per page load and shared.
import { call } from './client';
import type { ActionDef, Agency, ListDef, Measure, Memorandum, Page, RecordType, Scheme } from './types';

const cache = new Map<string, Promise<unknown>>();

function once<T>(path: string): Promise<T> {
  let p = cache.get(path);
  if (!p) {
    p = call<T>(path);
    // A failed load is tried again next time rather than remembered.
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return p as Promise<T>;
}

export const catalog = {
  recordTypes: () => once<Page<RecordType>>('/api/v1/catalog/record-types').then((p) => p.items),
  lists: () => once<Page<ListDef>>('/api/v1/catalog/lists').then((p) => p.items),
  measures: () => once<Page<Measure>>('/api/v1/catalog/measures').then((p) => p.items),
  memoranda: () => once<Page<Memorandum>>('/api/v1/catalog/memoranda').then((p) => p.items),
  actions: () => once<Page<ActionDef>>('/api/v1/catalog/actions').then((p) => p.items),
  agencies: () => once<Page<Agency>>('/api/v1/catalog/agencies').then((p) => p.items),
  schemes: () => once<Page<Scheme>>('/api/v1/schemes').then((p) => p.items),
};

export const byCode = <T extends { code: string }>(items: T[]): Map<string, T> =>
  new Map(items.map((i) => [i.code, i]));

/**
 * The record types an agency may send itself: those the catalog lists it as a submitter of, less the scores, which
 * the scoring engine alone writes (the API refuses them with 403 at /type).
 */
export function submittableBy(types: RecordType[], agency: string): RecordType[] {
  return types.filter((rt) => rt.submitters.includes(agency) && rt.code !== 'score.result');
}
