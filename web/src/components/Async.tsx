// Every screen's loading and error states: a spinner while loading, the problem document when it fails.
import { Alert, Button, Spin } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { Loaded } from '../api/use-api';
import { useT } from '../i18n';
import { fieldName, reasonKey } from './problem-text';

const KNOWN = [400, 401, 403, 404, 409, 413, 422, 429, 500] as const;
type Known = (typeof KNOWN)[number] | 0;

/** The status whose message applies: itself when known, 500 for any server error, 400 for another client error. */
function known(status: number): Known {
  if (status === 0) return 0;
  if ((KNOWN as readonly number[]).includes(status)) return status as Known;
  return status >= 500 ? 500 : 400;
}

/**
 * A failed request in the page's language: what happened and what to do, each field error with its field and the
 * kind of fault. The API writes its details in English: Chinese pages keep the server's own words folded away,
 * labelled as such, for whoever needs to quote them.
 */
export function ProblemAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t, lang, colon } = useT();
  const p = error.problem;
  const k = known(p.status);
  const serverWords = [p.detail, ...(p.errors ?? []).map((e) => `${e.pointer} ${e.reason}`)].filter(Boolean);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={`${t(`problem.${k}`)}${p.status ? ` (${p.status})` : ''}`}
      description={
        <>
          <div>{t(`problem.desc.${k}`)}</div>
          {p.errors && p.errors.length > 0 && (
            <ul className="problem-fields">
              {p.errors.map((e) => (
                <li key={e.pointer + e.reason}>
                  {lang === 'zh' ? (
                    <>
                      {fieldName(e.pointer)}
                      {colon}
                      {t(reasonKey(e.reason))}
                    </>
                  ) : (
                    <>
                      <code>{e.pointer}</code> {e.reason}
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          {lang === 'en'
            ? p.detail && <div>{p.detail}</div>
            : serverWords.length > 0 && (
                <details className="problem-server">
                  <summary>{t('problem.server')}</summary>
                  {serverWords.map((w) => (
                    <div key={w} lang="en">
                      {w}
                    </div>
                  ))}
                </details>
              )}
        </>
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  );
}

export function Loading() {
  const { t } = useT();
  return (
    <div className="loading" role="status" aria-live="polite">
      <Spin />
      <span>{t('common.loading')}</span>
    </div>
  );
}

/** Renders `children(data)` once loaded; the spinner or the error otherwise. */
export function Async<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  if (state.error) return <ProblemAlert error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}
