// A user's action against the API (file, decide, upload): whether it is running, and the problem if it failed.
import { useCallback, useState } from 'react';
import { ApiError } from './client';

export interface Action {
  busy: boolean;
  error: ApiError | undefined;
  /** Runs fn; a failure is kept in `error` (and undefined returned) rather than thrown. */
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
}

export const asApiError = (err: unknown): ApiError =>
  err instanceof ApiError ? err : new ApiError({ title: String(err), status: 0 });

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (err) {
      setError(asApiError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(undefined), []);
  return { busy, error, run, clear };
}

/** A key for Idempotency-Key: one per filing attempt, so a retry of the same attempt is not filed twice. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
