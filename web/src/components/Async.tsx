// Every screen's loading and error states: a spinner while loading, the problem document when it fails.
import { Alert, Button, Spin } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { Loaded } from '../api/use-api';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/zh';

const PROBLEM_KEYS: Record<number, MessageKey> = {
  400: 'problem.400',
  401: 'problem.401',
  403: 'problem.403',
  404: 'problem.404',
  409: 'problem.409',
  413: 'problem.413',
  422: 'problem.422',
  429: 'problem.429',
  500: 'problem.500',
};

export function ProblemAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t, lang } = useT();
  const p = error.problem;
  const known = PROBLEM_KEYS[p.status];
  // The API writes its details in English: Chinese pages say what happened in Chinese, and keep only the field
  // errors (each names its field), which the person needs to correct the form.
  const detail = p.status === 0 ? t('common.networkError') : lang === 'en' || !known ? p.detail : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={`${known ? t(known) : t('common.error')}${p.status ? ` (${p.status})` : ''}`}
      description={
        <>
          {detail && <div>{detail}</div>}
          {p.errors?.map((e) => (
            <div key={e.pointer + e.reason}>
              <code>{e.pointer}</code> {e.reason}
            </div>
          ))}
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
