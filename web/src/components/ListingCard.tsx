// One listing, as the issue asks of every negative item: why, from when, until when, what follows, how to object
// and how to repair.
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Listing } from '../api/types';
import type { Catalogs } from '../api/use-catalogs';
import { fmtDate } from '../format';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { Badges, listKindBadge } from './Badges';
import { LegalBasisList } from './LegalBasis';
import { SubjectLink } from './SubjectLine';

const STATE_COLOURS = { noticed: 'gold', effective: 'red', ended: 'default' } as const;

export function ListingCard({
  listing: l,
  catalogs,
  showSubject = false,
  actions,
}: {
  listing: Listing;
  catalogs: Catalogs;
  showSubject?: boolean;
  actions?: ReactNode;
}) {
  const { t, pick, colon } = useT();
  const list = catalogs.lists.get(l.list);
  const badges = [listKindBadge(l.listKind), ...(l.underObjection ? (['under-objection'] as const) : [])];
  return (
    <Card
      size="small"
      className={`listing listing-${l.state}`}
      data-listing={l.id}
      title={
        <Space wrap>
          <span>{pick(l.listNames)}</span>
          {l.state !== 'ended' && <Badges badges={badges} />}
          <Tag color={STATE_COLOURS[l.state]}>{t(`listing.state.${l.state}`)}</Tag>
        </Space>
      }
      extra={actions}
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        {showSubject && (
          <Descriptions.Item label={t('listing.subject')}>
            <SubjectLink s={l.subject} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('common.agency')}>{pick(l.agencyNames)}</Descriptions.Item>
        <Descriptions.Item label={t('listing.decision')}>{l.decisionNumber}</Descriptions.Item>
        <Descriptions.Item label={t('listing.severity')}>
          {t(`listing.severity.${l.severity}` as MessageKey)}
        </Descriptions.Item>
        <Descriptions.Item label={t('listing.decidedAt')}>{fmtDate(l.decidedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('listing.effectiveAt')}>{fmtDate(l.effectiveAt)}</Descriptions.Item>
        <Descriptions.Item label={t('listing.endsAt')}>{fmtDate(l.endsAt)}</Descriptions.Item>
        {l.endedAt && (
          <Descriptions.Item label={t('listing.endedAt')}>
            {fmtDate(l.endedAt)}
            {l.endReason && ` · ${t(`listing.endReason.${l.endReason}` as MessageKey)}`}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Paragraph className="reason">
        <Typography.Text type="secondary">
          {t('listing.reason')}
          {colon}
        </Typography.Text>
        {l.derivedFrom !== null ? `${t('listing.derived')}（#${l.derivedFrom}）` : l.reason}
      </Typography.Paragraph>
      <div className="block">
        <Typography.Text type="secondary">
          {t('common.basis')}
          {colon}
        </Typography.Text>
        <LegalBasisList basis={l.legalBasis} />
      </div>
      {l.consequences.length > 0 && (
        <div className="block">
          <Typography.Text type="secondary">
            {t('listing.consequences')}
            {colon}
          </Typography.Text>
          <ul className="consequences">
            {l.consequences.map((c) => (
              <li key={c.action}>
                {pick(catalogs.actions.get(c.action)?.names) || c.action}
                {colon}
                {c.measures.map((m) => (
                  <Tag key={m.measure} color={m.effect === 'reward' ? 'green' : 'red'}>
                    {t(`effect.${m.effect}` as MessageKey)} ·{' '}
                    {pick(catalogs.measures.get(m.measure)?.names) || m.measure}
                  </Tag>
                ))}
              </li>
            ))}
          </ul>
        </div>
      )}
      {l.state !== 'ended' && (
        <div className="block due-process">
          {l.underObjection ? (
            <Typography.Paragraph type="warning">{t('item.underObjection')}</Typography.Paragraph>
          ) : (
            <Typography.Paragraph>
              <Typography.Text strong>
                {t('item.objection')}
                {colon}
              </Typography.Text>
              {list
                ? t('item.objectionHow', {
                    agency: pick(l.agencyNames),
                    days: list.objection.answerWithin,
                    ext: list.objection.extension,
                  })
                : t('item.objectionGeneric')}
              {!actions && (
                <>
                  {' '}
                  <Link to="/me">{t('item.objectLink')}</Link>
                </>
              )}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph>
            <Typography.Text strong>
              {t('listing.repair')}
              {colon}
            </Typography.Text>
            {l.repair.allowed
              ? `${t('listing.repairAllowed')}${l.repair.requirements.map((r) => pick(r)).join('；')}`
              : t('listing.repairNotAllowed')}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}
