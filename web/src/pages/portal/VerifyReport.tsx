// Checks a credit report by its number (the QR code on the PDF links to /verify/<number>).
import { Alert, Descriptions, Input, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
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
  const result = useApi<ReportVerification>(number ? `/api/v1/reports/${encodeURIComponent(number)}` : null);
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
        (result.error ? (
          result.error.problem.status === 404 ? (
            <Alert type="warning" showIcon title={t('verify.notFound')} />
          ) : (
            <ProblemAlert error={result.error} onRetry={result.reload} />
          )
        ) : result.loading || !result.data ? (
          <Loading />
        ) : (
          <>
            <Alert
              type={result.data.valid ? 'success' : 'error'}
              showIcon
              title={result.data.valid ? t('verify.valid') : t('verify.invalid')}
            />
            <Descriptions bordered size="small" column={1} className="verify-details">
              <Descriptions.Item label={t('verify.number')}>{result.data.number}</Descriptions.Item>
              <Descriptions.Item label={t('common.name')}>{result.data.subject.name}</Descriptions.Item>
              <Descriptions.Item label={t('subject.kind')}>
                {t(kindKey(result.data.subject.kind))}
              </Descriptions.Item>
              <Descriptions.Item label={t('subject.code')}>
                {result.data.subject.identifier}
              </Descriptions.Item>
              <Descriptions.Item label={t('subject.generatedAt')}>
                {fmtTime(result.data.generatedAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('verify.hash')}>
                <code className="hash">{result.data.contentHash}</code>
              </Descriptions.Item>
              <Descriptions.Item label={t('verify.auditEntry')}>#{result.data.auditEntry}</Descriptions.Item>
            </Descriptions>
          </>
        ))}
    </div>
  );
}
