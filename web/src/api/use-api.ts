// Loads one API resource for a component: loading, error and data, reloadable; a changed path cancels the old one.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, call } from './client';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

export function useApi<T>(path: string | null, token?: string | null): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: round is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setLoading(true);
    setError(undefined);
    call<T>(path, { token, signal: abort.signal })
      .then((d) => {
        setData(d);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        setError(err instanceof ApiError ? err : new ApiError({ title: String(err), status: 0 }));
        setLoading(false);
      });
    return () => abort.abort();
  }, [path, token, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, loading, reload };
}

/** Like useApi, for a promise-returning function (e.g. a cached catalog); `deps` say when to run it again. */
export function usePromise<T>(factory: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names the dependencies
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(undefined);
    factory()
      .then((d) => {
        if (!live) return;
        setData(d);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (!live) return;
        setError(err instanceof ApiError ? err : new ApiError({ title: String(err), status: 0 }));
        setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, loading, reload };
}
