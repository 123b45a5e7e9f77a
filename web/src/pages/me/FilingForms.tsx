// The subject's two filings: an objection (with evidence files) and a credit repair application.
import { App, Form, Input, Modal } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { call } from '../../api/client';
import type { Objection, Repair } from '../../api/types';
import { type Action, newIdempotencyKey, useAction } from '../../api/use-action';
import { ProblemAlert } from '../../components/Async';
import { FilePicker } from '../../components/FilePicker';
import { fmtDate } from '../../format';
import { useT } from '../../i18n';

export interface ObjectTarget {
  itemType: 'record' | 'listing';
  item: number;
  label: string;
}

function FilingModal({
  open,
  title,
  action,
  onOk,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  action: Action;
  onOk: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useT();
  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={action.busy}
      onOk={onOk}
      onCancel={onCancel}
      destroyOnHidden
    >
      {children}
      {action.error && <ProblemAlert error={action.error} />}
    </Modal>
  );
}

export function ObjectionModal({
  target,
  token,
  onClose,
}: {
  target: ObjectTarget | null;
  token: string;
  onClose: (filed: boolean) => void;
}) {
  const { t } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [files, setFiles] = useState<File[]>([]);
  const action = useAction();
  // One key per opening of the form: a double click or a retry after a lost answer is one filing, not two.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new target is a new filing
  const key = useMemo(newIdempotencyKey, [target]);
  const submit = async () => {
    if (!target) return;
    const { reason } = await form.validateFields();
    const body = new FormData();
    body.append('itemType', target.itemType);
    body.append('item', String(target.item));
    body.append('reason', reason);
    for (const f of files) body.append('evidence', f, f.name);
    const o = await action.run(() =>
      call<Objection>('/api/v1/objections', {
        method: 'POST',
        token,
        body,
        headers: { 'idempotency-key': key },
      }),
    );
    if (!o) return;
    message.success(t('objection.filed', { due: fmtDate(o.deadline.dueAt) }));
    form.resetFields();
    setFiles([]);
    onClose(true);
  };
  return (
    <FilingModal
      open={target !== null}
      title={t('objection.title')}
      action={action}
      onOk={submit}
      onCancel={() => onClose(false)}
    >
      <Form form={form} name="objection" layout="vertical">
        <Form.Item label={t('objection.item')}>{target?.label}</Form.Item>
        <Form.Item
          label={t('objection.reason')}
          name="reason"
          rules={[{ required: true, min: 2 }]}
          extra={t('objection.reasonHelp')}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item label={t('objection.evidence')} htmlFor="evidence">
          <FilePicker
            id="evidence"
            multiple
            accept="application/pdf,image/jpeg,image/png"
            onChange={(picked) => setFiles(picked.slice(0, 5))}
          />
        </Form.Item>
      </Form>
    </FilingModal>
  );
}

export function RepairModal({
  listing,
  token,
  onClose,
}: {
  listing: { id: number; label: string } | null;
  token: string;
  onClose: (filed: boolean) => void;
}) {
  const { t } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{
    obligationsPerformed: string;
    commitmentLetter: string;
    trainingCertificate?: string;
  }>();
  const action = useAction();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new listing is a new application
  const key = useMemo(newIdempotencyKey, [listing]);
  const submit = async () => {
    if (!listing) return;
    const v = await form.validateFields();
    const r = await action.run(() =>
      call<Repair>('/api/v1/repairs', {
        method: 'POST',
        token,
        headers: { 'idempotency-key': key },
        body: { listing: listing.id, ...v, trainingCertificate: v.trainingCertificate || undefined },
      }),
    );
    if (!r) return;
    message.success(t('repair.filed', { due: fmtDate(r.deadline.dueAt) }));
    form.resetFields();
    onClose(true);
  };
  return (
    <FilingModal
      open={listing !== null}
      title={t('repair.title')}
      action={action}
      onOk={submit}
      onCancel={() => onClose(false)}
    >
      <Form form={form} name="repair" layout="vertical">
        <Form.Item label={t('repair.listing')}>{listing?.label}</Form.Item>
        <Form.Item label={t('repair.obligations')} name="obligationsPerformed" rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label={t('repair.commitment')} name="commitmentLetter" rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label={t('repair.training')} name="trainingCertificate">
          <Input />
        </Form.Item>
      </Form>
    </FilingModal>
  );
}
