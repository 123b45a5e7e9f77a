// Signing in with a token for an area (self-service, agency console, operator dashboard): the token is checked
// against GET /api/v1/me and kept for this tab only.
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../api/client';
import type { Me } from '../api/types';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { type Session, useSession } from '../session';
import { ProblemAlert } from './Async';

const ROLE_KEYS: Record<Me['role'], MessageKey> = {
  subject: 'role.subject',
  agency: 'role.agency',
  operator: 'role.operator',
  enforcer: 'role.enforcer',
};

export function TokenGate({
  needs: role,
  title,
  children,
}: {
  needs: Me['role'];
  title: string;
  children: (session: Session) => ReactNode;
}) {
  const { t } = useT();
  const { session, signIn } = useSession();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  if (session && session.me.role === role) return <>{children(session)}</>;
  return (
    <div className="page narrow">
      <Typography.Title level={2}>{title}</Typography.Title>
      <Card title={t('login.title')}>
        {session && (
          <Alert
            type="warning"
            showIcon
            title={t('login.wrongRole', { role: t(ROLE_KEYS[role]), current: t(ROLE_KEYS[session.me.role]) })}
          />
        )}
        <Form
          layout="vertical"
          onFinish={async (v: { token: string }) => {
            setBusy(true);
            setError(undefined);
            try {
              await signIn(v.token.trim());
            } catch (err) {
              setError(
                err instanceof ApiError && err.problem.status === 401
                  ? new ApiError({ ...err.problem, detail: t('login.invalid') })
                  : (err as ApiError),
              );
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item
            label={t('login.token')}
            name="token"
            rules={[{ required: true }]}
            extra={t('login.tokenHelp')}
          >
            <Input.Password autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('login.button')}
          </Button>
        </Form>
        {error && <ProblemAlert error={error} />}
      </Card>
    </div>
  );
}
