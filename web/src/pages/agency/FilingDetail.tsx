// What the agency reads before deciding: the filing in full, with its evidence files to download.
import { Button, Descriptions, Space } from 'antd';
import { ApiError, download } from '../../api/client';
import type { Evidence } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApi } from '../../api/use-api';
import { Async, ProblemAlert } from '../../components/Async';
import { useT } from '../../i18n';
import type { Session } from '../../session';

interface Filing {
  id: number;
  subjectId: number;
  reason?: string;
  obligationsPerformed?: string;
  commitmentLetter?: string;
  trainingCertificate?: string | null;
  evidence: Evidence[];
}

export function FilingDetail({ url, session }: { url: string; session: Session }) {
  const { t } = useT();
  const filing = useApi<Filing>(url, session.token);
  const fetching = useAction();
  return (
    <Async state={filing}>
      {(f) => (
        <>
          <Descriptions size="small" column={1} bordered className="filing-detail">
            <Descriptions.Item label={t('listing.subject')}>#{f.subjectId}</Descriptions.Item>
            {f.reason && <Descriptions.Item label={t('objection.reason')}>{f.reason}</Descriptions.Item>}
            {f.obligationsPerformed && (
              <Descriptions.Item label={t('repair.obligations')}>{f.obligationsPerformed}</Descriptions.Item>
            )}
            {f.commitmentLetter && (
              <Descriptions.Item label={t('repair.commitment')}>{f.commitmentLetter}</Descriptions.Item>
            )}
            {f.trainingCertificate && (
              <Descriptions.Item label={t('repair.training')}>{f.trainingCertificate}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('agency.evidence')}>
              {f.evidence.length === 0 ? (
                t('common.none')
              ) : (
                <Space wrap>
                  {f.evidence.map((e) => (
                    <Button
                      key={e.id}
                      size="small"
                      onClick={() => fetching.run(() => download(e.url, e.name, session.token))}
                    >
                      {e.name}
                    </Button>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
          {fetching.error instanceof ApiError && <ProblemAlert error={fetching.error} />}
        </>
      )}
    </Async>
  );
}
