// The audit log's signed head, and the inclusion proof of one entry.
import { Button, Card, Descriptions, Form, InputNumber, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { AuditHead, AuditProof, Health } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Async } from '../../components/Async';
import { fmtTime } from '../../format';
import { useT } from '../../i18n';
import type { Session } from '../../session';

export function AuditPanel({ session }: { session: Session }) {
  const { t } = useT();
  const head = useApi<AuditHead>('/api/v1/audit/head');
  const [seq, setSeq] = useState<number>();
  const proof = useApi<AuditProof>(
    seq !== undefined ? `/api/v1/audit/entries/${seq}/proof` : null,
    session.token,
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('operator.audit')}>
        <Async state={head}>
          {(h) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('operator.treeSize')}>{h.treeSize}</Descriptions.Item>
              <Descriptions.Item label={t('operator.rootHash')}>
                <code className="hash">{h.rootHash}</code>
              </Descriptions.Item>
              <Descriptions.Item label={t('operator.timestamp')}>{fmtTime(h.timestamp)}</Descriptions.Item>
              <Descriptions.Item label={t('operator.keyId')}>
                {h.algorithm} · <code>{h.keyId}</code>
              </Descriptions.Item>
              <Descriptions.Item label={t('operator.signature')}>
                <code className="hash">{h.signature}</code>
              </Descriptions.Item>
            </Descriptions>
          )}
        </Async>
      </Card>
      <Card size="small" title={t('operator.proofLookup')}>
        <Form layout="inline" onFinish={(v: { seq: number }) => setSeq(v.seq)}>
          <Form.Item label={t('operator.seq')} name="seq" rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
        </Form>
        {seq !== undefined && (
          <div style={{ marginTop: 12 }}>
            <Async state={proof}>
              {(p) => (
                <Descriptions size="small" column={1} bordered className="proof">
                  <Descriptions.Item label={t('operator.entry')}>
                    #{p.entry.seq} · {fmtTime(p.entry.at)} · {p.entry.role}
                    {p.entry.agency ? `（${p.entry.agency}）` : ''} · <code>{p.entry.action}</code> ·{' '}
                    <code>{p.entry.target}</code>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('operator.leafHash')}>
                    <code className="hash">{p.leafHash}</code>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('operator.treeSize')}>{p.treeSize}</Descriptions.Item>
                  <Descriptions.Item label={t('operator.rootHash')}>
                    <code className="hash">{p.rootHash}</code>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('operator.path')}>
                    {p.auditPath.map((h) => (
                      <div key={h}>
                        <code className="hash">{h}</code>
                      </div>
                    ))}
                  </Descriptions.Item>
                </Descriptions>
              )}
            </Async>
          </div>
        )}
      </Card>
    </Space>
  );
}

export function HealthPanel() {
  const { t } = useT();
  const health = useApi<Health>('/api/v1/health');
  // Figures of a running process: read again every five seconds while the panel is open.
  useEffect(() => {
    const timer = setInterval(health.reload, 5000);
    return () => clearInterval(timer);
  }, [health.reload]);
  return (
    <Async state={health}>
      {(h) => (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('operator.status')}>
            {h.status === 'ok' ? '✓ ok' : h.status}
          </Descriptions.Item>
          <Descriptions.Item label={t('operator.version')}>{h.version}</Descriptions.Item>
          <Descriptions.Item label={t('operator.store')}>{h.store}</Descriptions.Item>
          <Descriptions.Item label={t('operator.treeSize')}>{h.auditTreeSize}</Descriptions.Item>
          <Descriptions.Item label={t('operator.time')}>{fmtTime(h.time)}</Descriptions.Item>
          <Descriptions.Item label={t('operator.indexSize')}>
            {t('operator.indexFigures', {
              subjects: h.decisionIndex.subjects,
              listings: h.decisionIndex.listings,
              consequences: h.decisionIndex.consequences,
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('operator.feedLag')}>
            {h.decisionIndex.changeFeedLagMs === null
              ? t('common.none')
              : `${h.decisionIndex.changeFeedLagMs} ms`}
          </Descriptions.Item>
          <Descriptions.Item label={t('operator.requests')}>
            {t('operator.requestFigures', {
              n: h.requests.requests,
              rate: h.requests.perSecond,
              errors: h.requests.serverErrors,
            })}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Async>
  );
}
