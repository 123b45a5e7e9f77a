// The agency's own lists: who is on them (every state), listing a subject, ending a listing early.
import { App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { call, qs } from '../../api/client';
import type { Listing, Page } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApi } from '../../api/use-api';
import { useCatalogs } from '../../api/use-catalogs';
import { Async, ProblemAlert } from '../../components/Async';
import { SubjectLink } from '../../components/SubjectLine';
import { fmtDate, today } from '../../format';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import type { Session } from '../../session';

const END_REASONS = ['revoked', 'repaired', 'objection-upheld'] as const;

interface NewListing {
  list: string;
  subject: string;
  severity: string;
  decisionNumber: string;
  conductAt: string;
  decidedAt: string;
  reason: string;
}

export function ListingsPanel({ session }: { session: Session }) {
  const { t, pick } = useT();
  const { message } = App.useApp();
  const agency = session.me.agency!.code;
  const catalogs = useCatalogs();
  const [list, setList] = useState<string>();
  const [state, setState] = useState<string>();
  const [offset, setOffset] = useState(0);
  const listings = useApi<Page<Listing>>(
    list ? `/api/v1/listings${qs({ list, state, limit: 20, offset })}` : null,
    session.token,
  );
  const [creating, setCreating] = useState(false);
  const [ending, setEnding] = useState<Listing | null>(null);
  const createAction = useAction();
  const endAction = useAction();
  const [form] = Form.useForm<NewListing>();
  const [endForm] = Form.useForm<{ reason: string; note?: string }>();
  const own = [...(catalogs.data?.lists.values() ?? [])].filter((l) => l.owner === agency);
  // Open on the agency's first list rather than an empty page.
  const firstOwn = own[0]?.code;
  useEffect(() => {
    if (firstOwn) setList((l) => l ?? firstOwn);
  }, [firstOwn]);
  const chosen = Form.useWatch('list', form);
  const severities = catalogs.data?.lists.get(chosen ?? '')?.severities ?? [];

  const create = async () => {
    const v = await form.validateFields();
    const l = await createAction.run(() =>
      call<Listing>('/api/v1/listings', { method: 'POST', token: session.token, body: v }),
    );
    if (!l) return;
    message.success(t('agency.listingSaved', { id: l.id, date: fmtDate(l.effectiveAt) }));
    setCreating(false);
    form.resetFields();
    setList(l.list);
    listings.reload();
  };
  const end = async () => {
    if (!ending) return;
    const v = await endForm.validateFields();
    const done = await endAction.run(() =>
      call(`/api/v1/listings/${ending.id}/end`, { method: 'POST', token: session.token, body: v }).then(
        () => true,
      ),
    );
    if (!done) return;
    setEnding(null);
    endForm.resetFields();
    listings.reload();
  };

  return (
    <Async state={catalogs}>
      {() => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <label htmlFor="own-list">{t('agency.ownLists')}</label>
            <Select
              id="own-list"
              style={{ minWidth: 260 }}
              value={list}
              onChange={(v: string) => {
                setList(v);
                setOffset(0);
              }}
              options={own.map((l) => ({ value: l.code, label: pick(l.names) }))}
            />
            <label htmlFor="listing-state">{t('common.status')}</label>
            <Select
              id="listing-state"
              allowClear
              style={{ minWidth: 160 }}
              value={state}
              placeholder={t('common.all')}
              onChange={(v?: string) => setState(v)}
              options={(['noticed', 'effective', 'ended'] as const).map((s) => ({
                value: s,
                label: t(`listing.state.${s}`),
              }))}
            />
            <Button type="primary" onClick={() => setCreating(true)} disabled={own.length === 0}>
              {t('agency.newListing')}
            </Button>
          </Space>
          {list && (
            <Async state={listings}>
              {(page) => (
                <Table
                  rowKey="id"
                  dataSource={page.items}
                  scroll={{ x: 800 }}
                  locale={{ emptyText: t('common.empty') }}
                  pagination={{
                    total: page.total,
                    pageSize: 20,
                    current: offset / 20 + 1,
                    showSizeChanger: false,
                    onChange: (p) => setOffset((p - 1) * 20),
                  }}
                  columns={[
                    { title: '#', dataIndex: 'id', width: 70 },
                    {
                      title: t('listing.subject'),
                      // The public page: a person on a list that does not publish persons has none.
                      render: (_, l) =>
                        l.subject.kind === 'person' ? (
                          `${l.subject.name ?? ''} ${l.subject.identifier}`
                        ) : (
                          <SubjectLink s={l.subject} />
                        ),
                    },
                    { title: t('listing.decision'), dataIndex: 'decisionNumber' },
                    { title: t('listing.effectiveAt'), render: (_, l) => fmtDate(l.effectiveAt) },
                    { title: t('listing.endsAt'), render: (_, l) => fmtDate(l.endsAt) },
                    {
                      title: t('common.status'),
                      render: (_, l) => (
                        <Space wrap>
                          <Tag>{t(`listing.state.${l.state}`)}</Tag>
                          {l.underObjection && <Tag color="blue">{t('badge.under-objection')}</Tag>}
                        </Space>
                      ),
                    },
                    {
                      title: '',
                      render: (_, l) =>
                        l.state !== 'ended' &&
                        l.derivedFrom === null && (
                          <Button size="small" danger onClick={() => setEnding(l)}>
                            {t('agency.endListing')}
                          </Button>
                        ),
                    },
                  ]}
                />
              )}
            </Async>
          )}
          <Modal
            open={creating}
            title={t('agency.newListing')}
            okText={t('common.submit')}
            cancelText={t('common.cancel')}
            onOk={create}
            confirmLoading={createAction.busy}
            onCancel={() => setCreating(false)}
          >
            <Form
              form={form}
              name="new-listing"
              layout="vertical"
              initialValues={{ decidedAt: today(), list }}
            >
              <Form.Item label={t('listing.list')} name="list" rules={[{ required: true }]}>
                <Select options={own.map((l) => ({ value: l.code, label: pick(l.names) }))} />
              </Form.Item>
              <Form.Item label={t('agency.subjectId')} name="subject" rules={[{ required: true }]}>
                <Input className="mono" />
              </Form.Item>
              <Form.Item label={t('listing.severity')} name="severity" rules={[{ required: true }]}>
                <Select
                  options={severities.map((s) => ({
                    value: s.code,
                    label: t(`listing.severity.${s.code}` as MessageKey),
                  }))}
                />
              </Form.Item>
              <Form.Item label={t('listing.decision')} name="decisionNumber" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item label={t('agency.conductAt')} name="conductAt" rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
              <Form.Item label={t('agency.decidedAt')} name="decidedAt" rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
              <Form.Item label={t('listing.reason')} name="reason" rules={[{ required: true }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
            </Form>
            {createAction.error && <ProblemAlert error={createAction.error} />}
          </Modal>
          <Modal
            open={ending !== null}
            title={t('agency.endListing')}
            okText={t('common.submit')}
            cancelText={t('common.cancel')}
            onOk={end}
            confirmLoading={endAction.busy}
            onCancel={() => setEnding(null)}
          >
            <Form form={endForm} name="end-listing" layout="vertical">
              <Form.Item label={t('agency.endReason')} name="reason" rules={[{ required: true }]}>
                <Select
                  options={END_REASONS.map((r) => ({
                    value: r,
                    label: t(`listing.endReason.${r}` as MessageKey),
                  }))}
                />
              </Form.Item>
              <Form.Item label={t('agency.endNote')} name="note">
                <Input.TextArea rows={2} />
              </Form.Item>
            </Form>
            {endAction.error && <ProblemAlert error={endAction.error} />}
          </Modal>
        </Space>
      )}
    </Async>
  );
}
