// A bounded memo for pure functions called with the same arguments many times in a bulk load (the same dates,
// the same company on many rows). Cleared when full: simple, and bounded.
export function memo<A extends string, R>(fn: (key: A) => R, max = 50_000): (key: A) => R {
  const cache = new Map<A, R>();
  return (key: A) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as R;
    const value = fn(key);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}
