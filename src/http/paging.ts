// The `next` link of a collection page (DESIGN.md §4: `{items, total, next?}`), keeping the query's filters.

/** `{next}` when items remain after this page, else nothing. Undefined filters are left out of the link. */
export function nextLink(
  path: string,
  filters: Record<string, string | number | boolean | undefined>,
  page: { limit: number; offset: number; shown: number; total: number },
): { next?: string } {
  const after = page.offset + page.shown;
  if (after >= page.total || page.shown === 0) return {};
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined) params.set(k, String(v));
  params.set('limit', String(page.limit));
  params.set('offset', String(after));
  return { next: `${path}?${params}` };
}
