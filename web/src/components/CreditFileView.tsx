// A credit file grouped into sections, each item with its source agency, basis, status, end date and the way to
// object. The public subject page and "my file" both show it; the latter adds object and repair buttons.
import { Card, Collapse, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { CreditFile, CreditRecord, Listing } from '../api/types';
import type { Catalogs } from '../api/use-catalogs';
import { fmtDate } from '../format';
import { useT } from '../i18n';
import { Badges } from './Badges';
import { Fields } from './FieldValue';
import { LegalBasisList } from './LegalBasis';
import { ListingCard } from './ListingCard';
import { SubjectLink } from './SubjectLine';
import { SECTIONS, type Section, sectionKey, sectionOf } from './sections';

export interface ItemActions {
  record?: (r: CreditRecord) => ReactNode;
  listing?: (l: Listing) => ReactNode;
}

/** A score written back into the file: its scheme and grade by name (the record holds their codes). */
function ScoreSummary({ fields, catalogs }: { fields: Record<string, unknown>; catalogs: Catalogs }) {
  const { t, pick } = useT();
  const scheme = catalogs.schemes.get(String(fields.scheme));
  const band = scheme?.bands.find((b) => b.grade === fields.grade);
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 3 }} bordered className="fields">
      <Descriptions.Item label={t('scores.scheme')}>
        {pick(scheme?.names) || String(fields.scheme)}
      </Descriptions.Item>
      <Descriptions.Item label={t('scores.score')}>{String(fields.score)}</Descriptions.Item>
      <Descriptions.Item label={t('scores.grade')}>
        {pick(band?.names) || String(fields.grade)}
      </Descriptions.Item>
    </Descriptions>
  );
}

function RecordCard({
  r,
  catalogs,
  actions,
}: {
  r: CreditRecord;
  catalogs: Catalogs;
  actions?: ItemActions;
}) {
  const { t, pick, colon } = useT();
  const type = catalogs.recordTypes.get(r.type);
  return (
    <Card
      size="small"
      className={`record polarity-${r.polarity}`}
      data-record={r.id}
      title={
        <Space wrap>
          <span>{pick(r.typeNames)}</span>
          {r.polarity === 'negative' && <Tag color="volcano">{t('polarity.negative')}</Tag>}
          {r.polarity === 'positive' && <Tag color="green">{t('polarity.positive')}</Tag>}
          {r.underObjection && <Badges badges={['under-objection']} />}
          <Tag>{r.supersededAt ? t('item.status.superseded') : t('item.status.current')}</Tag>
        </Space>
      }
      extra={actions?.record?.(r)}
    >
      <Space wrap size="large" className="meta">
        <span>
          <Typography.Text type="secondary">
            {t('common.agency')}
            {colon}
          </Typography.Text>
          {pick(r.agencyNames)}
        </span>
        <span>
          <Typography.Text type="secondary">
            {t('item.occurredAt')}
            {colon}
          </Typography.Text>
          {fmtDate(r.occurredAt)}
        </span>
        <span>
          <Typography.Text type="secondary">
            {t('item.publishedUntil')}
            {colon}
          </Typography.Text>
          {r.publicationEndsAt ? fmtDate(r.publicationEndsAt) : t('common.permanent')}
        </span>
      </Space>
      {r.type === 'score.result' ? (
        <ScoreSummary fields={r.fields} catalogs={catalogs} />
      ) : (
        <Fields fields={r.fields} schema={type?.fields} />
      )}
      <div className="block">
        <Typography.Text type="secondary">
          {t('common.basis')}
          {colon}
        </Typography.Text>
        <LegalBasisList basis={r.legalBasis} />
      </div>
      {r.underObjection ? (
        <Typography.Paragraph type="warning">{t('item.underObjection')}</Typography.Paragraph>
      ) : (
        r.polarity === 'negative' && (
          <Typography.Paragraph>
            <Typography.Text strong>
              {t('item.objection')}
              {colon}
            </Typography.Text>
            {t('item.objectionGeneric')}
            {!actions && (
              <>
                {' '}
                <Link to="/me">{t('item.objectLink')}</Link>
              </>
            )}
          </Typography.Paragraph>
        )
      )}
    </Card>
  );
}

export function CreditFileView({
  file,
  catalogs,
  actions,
}: {
  file: CreditFile;
  catalogs: Catalogs;
  actions?: ItemActions;
}) {
  const { t, pick, colon } = useT();
  const bySection = new Map<Section, ReactNode[]>(SECTIONS.map((s) => [s, []]));
  // Listings first in their section: they are what has consequences.
  for (const l of [...file.listings].sort((a, b) => b.decidedAt.localeCompare(a.decidedAt)))
    bySection
      .get('lists')!
      .push(<ListingCard key={`l${l.id}`} listing={l} catalogs={catalogs} actions={actions?.listing?.(l)} />);
  for (const r of [...file.records].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)))
    bySection
      .get(sectionOf(r))!
      .push(<RecordCard key={`r${r.id}`} r={r} catalogs={catalogs} actions={actions} />);
  const sections = SECTIONS.filter((s) => s !== 'other' || bySection.get(s)!.length > 0);
  return (
    <>
      <Collapse
        className="sections"
        defaultActiveKey={sections.filter((s) => bySection.get(s)!.length > 0)}
        items={sections.map((s) => {
          const items = bySection.get(s)!;
          return {
            key: s,
            label: (
              <span>
                {t(sectionKey(s))} <Tag>{items.length}</Tag>
              </span>
            ),
            children: items.length ? (
              <div className="items">{items}</div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('subject.noItems')} />
            ),
          };
        })}
      />
      {file.relations.length > 0 && (
        <Card size="small" title={t('subject.relations')} className="relations">
          <ul>
            {file.relations.map((r) => (
              <li key={r.id}>
                {pick(r.roleNames)}
                {colon}
                {r.subject.identifier ? (
                  <SubjectLink s={{ identifier: r.subject.identifier, name: r.subject.name }} />
                ) : (
                  r.subject.name
                )}
                <Typography.Text type="secondary">
                  {' '}
                  {fmtDate(r.since)}
                  {r.until ? ` – ${fmtDate(r.until)}` : ''}
                </Typography.Text>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
