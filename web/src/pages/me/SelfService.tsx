// Self-service for a subject: its whole file (object, repair), notices, requests with deadlines, report, access log.
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type ApiError, call, download } from '../../api/client';
import type { AccessEntry, CreditFile, MyRequest, Notice, Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useCatalogs } from '../../api/use-catalogs';
import { AreaTabs } from '../../components/AreaTabs';
import { Async, ProblemAlert } from '../../components/Async';
import { CreditFileView } from '../../components/CreditFileView';
import { DeadlineTag } from '../../components/DeadlineTag';
import { FilingAbout } from '../../components/FilingAbout';
import { TokenGate } from '../../components/TokenGate';
import { fmtDate, fmtTime } from '../../format';
import { useT } from '../../i18n';
import { type MessageKey, zh } from '../../i18n/zh';
import type { Session } from '../../session';
import { ObjectionModal, type ObjectTarget, RepairModal } from './FilingForms';
import { MyScores } from './MyScores';

function MyFile({ session }: { session: Session }) {
  const { t, pick } = useT();
  const subject = session.me.subject!;
  const file = useApi<CreditFile>(
    `/api/v1/subjects/${encodeURIComponent(subject.identifier)}`,
    session.token,
  );
  const catalogs = useCatalogs();
  // A listing with a repair application pending shows that application, not a second way to apply (which 409s).
  const requests = useApi<{ items: MyRequest[] }>('/api/v1/me/requests', session.token);
  const pendingRepair = new Map(
    (requests.data?.items ?? []).flatMap((r) =>
      r.kind === 'repair' && r.state === 'pending' ? [[r.listing, r] as const] : [],
    ),
  );
  const [objectTarget, setObjectTarget] = useState<ObjectTarget | null>(null);
  const [repairTarget, setRepairTarget] = useState<{ id: number; label: string } | null>(null);
  const closed = (filed: boolean) => {
    setObjectTarget(null);
    setRepairTarget(null);
    if (filed) {
      file.reload();
      requests.reload();
    }
  };
  return (
    <Async state={file}>
      {(f) => (
        <Async state={catalogs}>
          {(c) => (
            <>
              <CreditFileView
                file={f}
                catalogs={c}
                actions={{
                  record: (r) =>
                    !r.underObjection &&
                    !r.supersededAt &&
                    // A score is derived: objections go to the records its ledger names.
                    r.type !== 'score.result' && (
                      <Button
                        size="small"
                        onClick={() =>
                          setObjectTarget({ itemType: 'record', item: r.id, label: pick(r.typeNames) })
                        }
                      >
                        {t('me.object')}
                      </Button>
                    ),
                  listing: (l) =>
                    l.state !== 'ended' && (
                      <Space wrap>
                        {!l.underObjection && (
                          <Button
                            size="small"
                            danger
                            onClick={() =>
                              setObjectTarget({ itemType: 'listing', item: l.id, label: pick(l.listNames) })
                            }
                          >
                            {t('me.object')}
                          </Button>
                        )}
                        {pendingRepair.has(l.id) ? (
                          <Space size="small" className="repair-pending">
                            <Tag color="blue">{t('me.repairPending')}</Tag>
                            <DeadlineTag deadline={pendingRepair.get(l.id)!.deadline} pending />
                          </Space>
                        ) : (
                          l.repair.allowed &&
                          requests.data && (
                            <Button
                              size="small"
                              onClick={() => setRepairTarget({ id: l.id, label: pick(l.listNames) })}
                            >
                              {t('me.repair')}
                            </Button>
                          )
                        )}
                      </Space>
                    ),
                }}
              />
              <ObjectionModal target={objectTarget} token={session.token} onClose={closed} />
              <RepairModal listing={repairTarget} token={session.token} onClose={closed} />
            </>
          )}
        </Async>
      )}
    </Async>
  );
}

function Notices({ session }: { session: Session }) {
  const { t, pick, colon } = useT();
  const notices = useApi<Page<Notice>>('/api/v1/me/notices', session.token);
  const [error, setError] = useState<ApiError>();
  const markRead = async (id: number) => {
    try {
      await call(`/api/v1/me/notices/${id}/read`, { method: 'POST', token: session.token });
      notices.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <Async state={notices}>
      {(page) => (
        <>
          {error && <ProblemAlert error={error} />}
          {page.items.length === 0 && <Empty description={t('common.empty')} />}
          {page.items.map((n) => (
            <Card
              key={n.id}
              size="small"
              className="notice"
              title={
                <Space wrap>
                  {!n.readAt && <Tag color="red">{t('me.unread')}</Tag>}
                  <span>{n.title}</span>
                </Space>
              }
              extra={
                !n.readAt && (
                  <Button size="small" onClick={() => markRead(n.id)}>
                    {t('me.markRead')}
                  </Button>
                )
              }
              style={{ marginBottom: 12 }}
            >
              <Space orientation="vertical">
                {n.content.list && (
                  <span>
                    {t('listing.list')}
                    {colon}
                    {pick(n.content.list.names)} · {t('common.agency')}
                    {colon}
                    {pick(n.content.agency?.names)}
                  </span>
                )}
                {n.content.why && (
                  <span>
                    {t('listing.decision')}
                    {colon}
                    {n.content.why.decisionNumber} · {t('listing.reason')}
                    {colon}
                    {n.content.why.reason}
                  </span>
                )}
                {n.content.effectiveAt && (
                  <span>
                    {t('me.noticeEffective')}
                    {colon}
                    {fmtDate(n.content.effectiveAt)} · {t('listing.endsAt')}
                    {colon}
                    {fmtDate(n.content.endsAt)}
                  </span>
                )}
                {n.content.object?.before && (
                  <Typography.Text strong>
                    {t('me.objectBefore')}
                    {colon}
                    {fmtDate(n.content.object.before)}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary">{fmtTime(n.createdAt)}</Typography.Text>
              </Space>
            </Card>
          ))}
        </>
      )}
    </Async>
  );
}

function Requests({ session }: { session: Session }) {
  const { t } = useT();
  const requests = useApi<{ items: MyRequest[]; total: number }>('/api/v1/me/requests', session.token);
  return (
    <Async state={requests}>
      {(page) => (
        <Table
          rowKey={(r) => `${r.kind}-${r.id}`}
          dataSource={page.items}
          pagination={false}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('common.empty') }}
          rowClassName={(r) => (r.state === 'pending' && r.deadline.overdue ? 'overdue-row' : '')}
          columns={[
            { title: t('filing.number'), render: (_, r) => `#${r.id}` },
            { title: t('filing.kind'), render: (_, r) => t(`me.requestKind.${r.kind}`) },
            { title: t('filing.about'), render: (_, r) => <FilingAbout filing={r} showSubject={false} /> },
            { title: t('agency.filedAt'), render: (_, r) => fmtTime(r.filedAt) },
            {
              title: t('me.deadline'),
              render: (_, r) => <DeadlineTag deadline={r.deadline} pending={r.state === 'pending'} />,
            },
            {
              title: t('common.status'),
              render: (_, r) => (
                <Tag color={r.state === 'pending' ? 'blue' : 'default'}>
                  {t(`me.state.${r.state}` as MessageKey)}
                </Tag>
              ),
            },
            { title: t('me.decisionReason'), render: (_, r) => r.decision?.reason ?? '' },
          ]}
        />
      )}
    </Async>
  );
}

function AccessLog({ session }: { session: Session }) {
  const { t, pick } = useT();
  const [offset, setOffset] = useState(0);
  const log = useApi<Page<AccessEntry>>(`/api/v1/me/access-log?limit=20&offset=${offset}`, session.token);
  const catalogs = useCatalogs();
  const agencyName = (code: string | null) =>
    code ? pick(catalogs.data?.agencies.get(code)?.names) || code : '';
  return (
    <Async state={log}>
      {(page) => (
        <Table
          rowKey={(r) => r.proof}
          dataSource={page.items}
          scroll={{ x: 640 }}
          pagination={{
            total: page.total,
            pageSize: 20,
            current: offset / 20 + 1,
            showSizeChanger: false,
            onChange: (p) => setOffset((p - 1) * 20),
          }}
          columns={[
            { title: t('me.at'), render: (_, r) => fmtTime(r.at) },
            {
              title: t('me.reader'),
              render: (_, r) => (r.agency ? agencyName(r.agency) : t(roleKey(r.role))),
            },
            {
              title: t('me.purpose'),
              // Purposes the platform records are named in the page's language; another is shown as recorded.
              render: (_, r) =>
                `purpose.${r.purpose}` in PURPOSES ? t(`purpose.${r.purpose}` as MessageKey) : r.purpose,
            },
            {
              title: t('me.proof'),
              // The audit entry that holds the read (its inclusion proof is at r.proof).
              render: (_, r) => <code>#{/entries\/(\d+)/.exec(r.proof)?.[1] ?? ''}</code>,
            },
          ]}
        />
      )}
    </Async>
  );
}

const PURPOSES = Object.fromEntries(
  Object.keys(zh)
    .filter((k) => k.startsWith('purpose.'))
    .map((k) => [k, true]),
);

function roleKey(role: string): MessageKey {
  const keys: Record<string, MessageKey> = {
    subject: 'role.subject',
    agency: 'role.agency',
    operator: 'role.operator',
    enforcer: 'role.enforcer',
    public: 'subject.view.public',
  };
  return keys[role] ?? 'subject.view.public';
}

function Report({ session }: { session: Session }) {
  const { t } = useT();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const subject = session.me.subject!;
  return (
    <Space orientation="vertical">
      <Typography.Paragraph>{t('me.reportHelp')}</Typography.Paragraph>
      <Button
        type="primary"
        loading={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await download(
              `/api/v1/subjects/${encodeURIComponent(subject.identifier)}/report?format=pdf`,
              `credit-report-${subject.identifier}.pdf`,
              session.token,
            );
          } catch (err) {
            setError(err as ApiError);
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('me.reportDownload')}
      </Button>
      {error && <ProblemAlert error={error} />}
    </Space>
  );
}

export default function SelfService() {
  const { t } = useT();
  return (
    <TokenGate needs="subject" title={t('me.title')}>
      {(session) =>
        session.me.subject ? (
          <AreaTabs
            base="/me"
            title={t('me.title')}
            who={`${session.me.subject.name ?? ''} ${session.me.subject.identifier}`}
            tabs={[
              { path: '', label: t('me.file'), render: () => <MyFile session={session} /> },
              { path: 'notices', label: t('me.notices'), render: () => <Notices session={session} /> },
              { path: 'requests', label: t('me.requests'), render: () => <Requests session={session} /> },
              { path: 'scores', label: t('me.scores'), render: () => <MyScores session={session} /> },
              { path: 'report', label: t('me.report'), render: () => <Report session={session} /> },
              { path: 'access', label: t('me.accessLog'), render: () => <AccessLog session={session} /> },
            ]}
          />
        ) : (
          <Alert type="error" title={t('common.error')} />
        )
      }
    </TokenGate>
  );
}
