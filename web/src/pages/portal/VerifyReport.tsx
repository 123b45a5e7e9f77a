// Checks a credit report by its number (the QR code on the PDF links to /verify/<number>).
import { Alert, Descriptions, Input, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { qs } from '../../api/client';
import type { ReportVerification } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Loading, ProblemAlert } from '../../components/Async';
import { kindKey } from '../../components/SubjectLine';
import { fmtTime } from '../../format';
import { useT } from '../../i18n';

export default function VerifyReport() {
  const { t } = useT();
  const { number } = useParams();
  const navigate = useNavigate();
  // Asked as a collection: an unknown number is an empty answer, not a 404 the browser would log as an error.
  const lookup = useApi<{ items: ReportVerification[]; total: number }>(
    number ? `/api/v1/reports${qs({ number })}` : null,
  );
  const found = lookup.data?.items[0];
  return (
    <div className="page narrow">
      <Typography.Title level={2}>{t('verify.title')}</Typography.Title>
      <label htmlFor="report-number" className="label">
        {t('verify.number')}
      </label>
      <Input.Search
        id="report-number"
        defaultValue={number}
        placeholder={t('verify.placeholder')}
        enterButton={t('verify.button')}
        onSearch={(v) => v.trim() && navigate(`/verify/${encodeURIComponent(v.trim())}`)}
      />
      <Typography.Paragraph type="secondary">{t('verify.qrHint')}</Typography.Paragraph>
      {number &&
        (lookup.error ? (
          <ProblemAlert error={lookup.error} onRetry={lookup.reload} />
        ) : lookup.loading || !lookup.data ? (
          <Loading />
        ) : !found ? (
          <Alert type="warning" showIcon title={t('verify.notFound')} />
        ) : (
          <>
            <Alert
              type={found.valid ? 'success' : 'error'}
              showIcon
              title={found.valid ? t('verify.valid') : t('verify.invalid')}
            />
            <Descriptions bordered size="small" column={1} className="verify-details">
              <Descriptions.Item label={t('verify.number')}>{found.number}</Descriptions.Item>
              <Descriptions.Item label={t('common.name')}>{found.subject.name}</Descriptions.Item>
              <Descriptions.Item label={t('subject.kind')}>
                {t(kindKey(found.subject.kind))}
              </Descriptions.Item>
              <Descriptions.Item label={t('subject.code')}>{found.subject.identifier}</Descriptions.Item>
              <Descriptions.Item label={t('subject.generatedAt')}>
                {fmtTime(found.generatedAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('verify.hash')}>
                <code className="hash">{found.contentHash}</code>
              </Descriptions.Item>
              <Descriptions.Item label={t('verify.auditEntry')}>#{found.auditEntry}</Descriptions.Item>
            </Descriptions>
          </>
        ))}
    </div>
  );
}
