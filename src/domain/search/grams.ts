// Names are searched by bigrams: every window of two characters of the normalized name. A query of n >= 2
// characters matches exactly the names holding its n-1 bigrams consecutively, i.e. containing it as a substring.
export const MIN_QUERY_LENGTH = 2;

/** NFKC (full-width to half-width), lower case, letters and digits only. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export function bigrams(norm: string): string[] {
  const chars = [...norm];
  if (chars.length < 2) return chars.length ? [chars.join('')] : [];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}
