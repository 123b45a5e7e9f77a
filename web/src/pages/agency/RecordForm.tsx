// Submitting one record: the type's fields come from GET /api/v1/catalog/record-types/{code}; a refused field
// is shown at its control (the problem's JSON pointer names it).
import { Alert, Button, Card, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { catalog, submittableBy } from '../../api/catalog';
import { type ApiError, call } from '../../api/client';
import type { RecordType } from '../../api/types';
import { useApi, usePromise } from '../../api/use-api';
import { Async, ProblemAlert } from '../../components/Async';
import { LegalBasisList } from '../../components/LegalBasis';
import { today } from '../../format';
import { useT } from '../../i18n';
import type { Session } from '../../session';
import { fromFields, SchemaFields, toFields } from './SchemaForm';

interface Values {
  subjectId: string;
  subjectName?: string;
  externalId: string;
  occurredAt: string;
  fields?: Record<string, unknown>;
}

export function RecordForm({ session }: { session: Session }) {
  const { t, pick } = useT();
  const agency = session.me.agency!.code;
  const types = usePromise(() => catalog.recordTypes(), []);
  const [code, setCode] = useState<string>();
  const type = useApi<RecordType>(code ? `/api/v1/catalog/record-types/${encodeURIComponent(code)}` : null);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    if (!type.data) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const r = await call<{ id: number; version: number }>('/api/v1/records', {
        method: 'POST',
        token: session.token,
        body: {
          type: type.data.code,
          subject: { id: v.subjectId.trim(), ...(v.subjectName ? { name: v.subjectName } : {}) },
          externalId: v.externalId,
          occurredAt: v.occurredAt,
          fields: toFields(type.data.fields, v.fields),
        },
      });
      setSaved(t('agency.recordSaved', { id: r.id, version: r.version }));
    } catch (err) {
      const e = err as ApiError;
      setError(e);
      // Put each refusal beside its control: /fields/x → ['fields', 'x'], /subject/id → subjectId.
      form.setFields(
        (e.problem?.errors ?? []).flatMap((f): { name: string[]; errors: string[] }[] => {
          const parts = f.pointer.split('/').slice(1);
          if (parts[0] === 'fields' && parts[1]) return [{ name: ['fields', parts[1]], errors: [f.reason] }];
          if (parts[0] === 'subject') return [{ name: ['subjectId'], errors: [f.reason] }];
          if (parts[0] === 'externalId' || parts[0] === 'occurredAt')
            return [{ name: [parts[0]], errors: [f.reason] }];
          return [];
        }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Async state={types}>
      {(all) => (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ occurredAt: today() }}
          className="record-form"
        >
          <Form.Item label={t('agency.recordType')} required htmlFor="record-type">
            <Select
              id="record-type"
              showSearch
              optionFilterProp="label"
              value={code}
              onChange={(c: string) => {
                setCode(c);
                form.resetFields(['fields']);
              }}
              options={submittableBy(all, agency).map((rt) => ({
                value: rt.code,
                label: `${pick(rt.names)}（${rt.code}）`,
              }))}
            />
          </Form.Item>
          {code && (
            <Async state={type}>
              {(rt) => (
                <>
                  <Alert
                    type="info"
                    title={pick(rt.description)}
                    description={<LegalBasisList basis={rt.legalBasis} />}
                  />
                  <Card size="small" title={t('listing.subject')} style={{ marginTop: 12 }}>
                    <Form.Item label={t('agency.subjectId')} name="subjectId" rules={[{ required: true }]}>
                      <Input className="mono" />
                    </Form.Item>
                    <Form.Item label={t('agency.subjectName')} name="subjectName">
                      <Input />
                    </Form.Item>
                    <Form.Item label={t('agency.externalId')} name="externalId" rules={[{ required: true }]}>
                      <Input />
                    </Form.Item>
                    <Form.Item label={t('agency.occurredAt')} name="occurredAt" rules={[{ required: true }]}>
                      <Input type="date" />
                    </Form.Item>
                  </Card>
                  <Card
                    size="small"
                    title={t('agency.fields')}
                    style={{ marginTop: 12 }}
                    extra={
                      rt.example && (
                        <Button
                          size="small"
                          onClick={() => form.setFieldsValue({ fields: fromFields(rt.fields, rt.example) })}
                        >
                          {t('agency.fillExample')}
                        </Button>
                      )
                    }
                  >
                    <SchemaFields schema={rt.fields} prefix="fields" />
                  </Card>
                  <Space style={{ marginTop: 12 }}>
                    <Button type="primary" htmlType="submit" loading={busy}>
                      {t('common.submit')}
                    </Button>
                  </Space>
                  {saved && <Alert type="success" showIcon title={saved} style={{ marginTop: 12 }} />}
                  {error && <ProblemAlert error={error} />}
                </>
              )}
            </Async>
          )}
        </Form>
      )}
    </Async>
  );
}
