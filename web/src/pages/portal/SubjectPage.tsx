// A subject's public credit file (no token: always the public view, whoever is signed in).
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, download } from '../../api/client';
import type { Badge, CreditFile } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useCatalogs } from '../../api/use-catalogs';
import { Async, ProblemAlert } from '../../components/Async';
import { Badges, listKindBadge } from '../../components/Badges';
import { CreditFileView } from '../../components/CreditFileView';
import { SubjectLine } from '../../components/SubjectLine';
import { fmtTime } from '../../format';
import { useT } from '../../i18n';
import { isSubjectRef } from '../../subject-ref';

export function fileBadges(file: CreditFile): Badge[] {
  const out = new Set<Badge>();
  for (const l of file.listings) {
    if (l.state !== 'effective') continue;
    out.add(listKindBadge(l.listKind));
    if (l.underObjection) out.add('under-objection');
  }
  if (file.records.some((r) => r.underObjection)) out.add('under-objection');
  return [...out];
}

export default function SubjectPage() {
  const { t } = useT();
  const { id = '' } = useParams();
  // An address that cannot name a subject is answered here, without a request the API would refuse with 400.
  const valid = isSubjectRef(id);
  const file = useApi<CreditFile>(valid ? `/api/v1/subjects/${encodeURIComponent(id)}` : null);
  const catalogs = useCatalogs();
  const [reportError, setReportError] = useState<ApiError>();
  if (!valid)
    return (
      <div className="page">
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('subject.badRef')}
          description={t('subject.badRefHint')}
        />
      </div>
    );
  return (
    <div className="page">
      <Async state={file}>
        {(f) => (
          <>
            <Card className="subject-head">
              <Typography.Title level={2}>
                {f.name ?? f.identifier} <Badges badges={fileBadges(f)} />
              </Typography.Title>
              <SubjectLine s={f} />
              <Typography.Paragraph type="secondary" className="view-note">
                {t(`subject.view.${f.view}`)} · {t('subject.generatedAt')} {fmtTime(f.generatedAt)}
              </Typography.Paragraph>
              {f.kind === 'person' && <Alert type="info" showIcon title={t('subject.maskedNote')} />}
              {f.kind !== 'person' && (
                <Space>
                  <Button
                    onClick={() =>
                      download(
                        `/api/v1/subjects/${encodeURIComponent(f.identifier)}/report?format=pdf`,
                        `${f.identifier}.pdf`,
                      ).catch((e: unknown) => setReportError(e instanceof ApiError ? e : undefined))
                    }
                  >
                    {t('subject.report')}
                  </Button>
                </Space>
              )}
              {reportError && <ProblemAlert error={reportError} />}
            </Card>
            <Async state={catalogs}>{(c) => <CreditFileView file={f} catalogs={c} />}</Async>
          </>
        )}
      </Async>
    </div>
  );
}
