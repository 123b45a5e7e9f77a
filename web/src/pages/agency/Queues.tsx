// The objection and repair queues: pending first, by deadline (the API's order), overdue in red; each decided
// with a reason the subject will read.
import { App, Button, Form, Input, Modal, Radio, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { call, qs } from '../../api/client';
import type { Objection, Page, Repair } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApi } from '../../api/use-api';
import { Async, ProblemAlert } from '../../components/Async';
import { DeadlineTag } from '../../components/DeadlineTag';
import { FilingAbout } from '../../components/FilingAbout';
import { fmtTime } from '../../format';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import type { Session } from '../../session';
import { FilingDetail } from './FilingDetail';

type Kind = 'objections' | 'repairs';
const PAGE = 20;
type Item = Objection | Repair;

const OUTCOMES: Record<Kind, [string, MessageKey][]> = {
  objections: [
    ['upheld', 'agency.uphold'],
    ['rejected', 'agency.reject'],
  ],
  repairs: [
    ['granted', 'agency.grant'],
    ['refused', 'agency.refuse'],
  ],
};

export function Queue({ kind, session }: { kind: Kind; session: Session }) {
  const { t } = useT();
  const { message } = App.useApp();
  const [pendingOnly, setPendingOnly] = useState(true);
  const [offset, setOffset] = useState(0);
  const items = useApi<Page<Item>>(
    `/api/v1/${kind}${qs({ state: pendingOnly ? 'pending' : undefined, limit: PAGE, offset })}`,
    session.token,
  );
  const [deciding, setDeciding] = useState<Item | null>(null);
  const decision = useAction();
  const [form] = Form.useForm<{ outcome: string; reason: string }>();
  const decide = async () => {
    if (!deciding) return;
    const v = await form.validateFields();
    const done = await decision.run(() =>
      call(`/api/v1/${kind}/${deciding.id}/decision`, { method: 'POST', token: session.token, body: v }).then(
        () => true,
      ),
    );
    if (!done) return;
    message.success(t('agency.decided'));
    setDeciding(null);
    form.resetFields();
    items.reload();
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Switch
          checked={pendingOnly}
          onChange={(v) => {
            setPendingOnly(v);
            setOffset(0);
          }}
          id={`${kind}-pending`}
        />
        <label htmlFor={`${kind}-pending`}>{t('agency.pendingOnly')}</label>
      </Space>
      <Async state={items}>
        {(page) => (
          <Table
            rowKey="id"
            dataSource={page.items}
            pagination={{
              total: page.total,
              pageSize: PAGE,
              current: offset / PAGE + 1,
              showSizeChanger: false,
              hideOnSinglePage: true,
              showTotal: (n) => t('common.total', { n }),
              onChange: (p) => setOffset((p - 1) * PAGE),
            }}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('common.empty') }}
            rowClassName={(r) => (r.state === 'pending' && r.deadline.overdue ? 'overdue-row' : '')}
            columns={[
              { title: '#', dataIndex: 'id', width: 60 },
              { title: t('filing.about'), render: (_, r) => <FilingAbout filing={r} /> },
              {
                title: kind === 'objections' ? t('objection.reason') : t('repair.obligations'),
                render: (_, r) => (
                  <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>
                    {'reason' in r ? r.reason : r.obligationsPerformed}
                  </Typography.Paragraph>
                ),
              },
              { title: t('agency.filedAt'), render: (_, r) => fmtTime(r.filedAt) },
              {
                title: t('agency.dueAt'),
                render: (_, r) => <DeadlineTag deadline={r.deadline} pending={r.state === 'pending'} />,
              },
              {
                title: t('common.status'),
                render: (_, r) => <Tag>{t(`me.state.${r.state}` as MessageKey)}</Tag>,
              },
              {
                title: '',
                render: (_, r) =>
                  r.state === 'pending' && (
                    <Button size="small" type="primary" onClick={() => setDeciding(r)}>
                      {t('agency.decide')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Async>
      <Modal
        open={deciding !== null}
        title={`${t('agency.decide')} #${deciding?.id ?? ''}`}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        onOk={decide}
        confirmLoading={decision.busy}
        onCancel={() => setDeciding(null)}
        width={640}
      >
        {deciding && <FilingDetail url={`/api/v1/${kind}/${deciding.id}`} session={session} />}
        <Form form={form} name="decision" layout="vertical" style={{ marginTop: 16 }}>
          <Form.Item label={t('agency.outcomes')} name="outcome" rules={[{ required: true }]}>
            <Radio.Group>
              {OUTCOMES[kind].map(([value, key]) => (
                <Radio.Button key={value} value={value}>
                  {t(key)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('agency.decisionReason')} name="reason" rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
        {decision.error && <ProblemAlert error={decision.error} />}
      </Modal>
    </Space>
  );
}
