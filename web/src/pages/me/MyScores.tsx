// My scores under each scheme that applies to me: the score and grade, the ledger behind every point, and what
// changes my grade (points needed for the next grade, open ways to earn them, points about to lapse).
import { Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { catalog } from '../../api/catalog';
import type { LegalBasis, Names } from '../../api/types';
import { useApi, usePromise } from '../../api/use-api';
import { Async } from '../../components/Async';
import { LegalBasisList } from '../../components/LegalBasis';
import { fmtDate } from '../../format';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import type { Session } from '../../session';

interface LedgerView {
  rule: string;
  names: Names;
  points: number;
  uncapped?: number;
  on: string;
  until: string;
  basis: LegalBasis[];
}

interface ScoreView {
  scheme: string;
  names: Names;
  applies: boolean;
  score: number;
  grade: string;
  gradeNames: Names;
  range: { min: number; max: number };
  start: number;
  computedAt: string;
  ledger: LedgerView[];
  clamped?: { bound: 'min' | 'max'; points: number };
  nextChangeAt: string | null;
  outlook: {
    next?: { grade: string; min: number; pointsNeeded: number } | null;
    pinned?: { rule: string; until: string; endsBy: 'listing' | 'record' };
    held?: { rule: string; grade: string; until: string; endsBy: 'listing' | 'record' };
    gradeSet?: { rule: string; grade: string; until: string };
    ways: { rule: string; names: Names; points: number; room: number | null; access: string }[];
    lapses: { rule: string; points: number; until: string }[];
  };
}

export function MyScores({ session }: { session: Session }) {
  const { t, pick, colon } = useT();
  const id = encodeURIComponent(session.me.subject!.identifier);
  const scores = useApi<{ items: ScoreView[] }>(`/api/v1/subjects/${id}/scores`, session.token);
  const schemes = usePromise(() => catalog.schemes(), []);
  // Grades are codes of their scheme (e.g. `certified`); people read the band's name.
  const gradeName = (scheme: string, grade: string) =>
    pick(schemes.data?.find((x) => x.code === scheme)?.bands.find((b) => b.grade === grade)?.names) || grade;
  // A rule by its name, as the ledger gives it; its code when it gave no points (a pin or a cap always does).
  const ruleName = (s: ScoreView, rule: string) => pick(s.ledger.find((e) => e.rule === rule)?.names) || rule;
  return (
    <Async state={scores}>
      {(page) =>
        page.items.length === 0 ? (
          <Empty description={t('scores.none')} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {page.items.map((s) => (
              <Card key={s.scheme} title={pick(s.names)} className="score-card">
                <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
                  <Descriptions.Item label={t('scores.score')}>
                    <Typography.Text strong style={{ fontSize: 20 }}>
                      {s.score}
                    </Typography.Text>{' '}
                    / {s.range.max}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('scores.grade')}>
                    <Tag color="blue">{pick(s.gradeNames)}</Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('scores.nextChange')}>
                    {s.nextChangeAt ? fmtDate(s.nextChangeAt) : t('common.none')}
                  </Descriptions.Item>
                </Descriptions>
                <Typography.Title level={4}>{t('scores.ledger')}</Typography.Title>
                <Table
                  size="small"
                  rowKey={(e) => `${e.rule}-${e.on}`}
                  pagination={false}
                  scroll={{ x: 640 }}
                  dataSource={s.ledger}
                  locale={{ emptyText: t('scores.noLedger') }}
                  expandable={{ expandedRowRender: (e) => <LegalBasisList basis={e.basis} /> }}
                  columns={[
                    { title: t('scores.rule'), render: (_, e) => pick(e.names) },
                    {
                      title: t('scores.points'),
                      align: 'right',
                      render: (_, e) => (
                        <span className={e.points < 0 ? 'overdue' : undefined}>
                          {e.points > 0 ? `+${e.points}` : e.points}
                          {e.uncapped !== undefined && ` (${e.uncapped})`}
                        </span>
                      ),
                    },
                    { title: t('item.occurredAt'), dataIndex: 'on' },
                    { title: t('scores.lapses'), dataIndex: 'until' },
                  ]}
                />
                {s.clamped && <Clamped s={s} clamped={s.clamped} />}
                <Typography.Title level={4}>{t('scores.whatChanges')}</Typography.Title>
                {s.outlook.pinned ? (
                  <Typography.Paragraph>
                    {t('scores.pinned', {
                      rule: ruleName(s, s.outlook.pinned.rule),
                      date: fmtDate(s.outlook.pinned.until),
                      ends: t(`scores.ends.${s.outlook.pinned.endsBy}` as MessageKey),
                    })}
                  </Typography.Paragraph>
                ) : s.outlook.held ? (
                  <Typography.Paragraph>
                    {t('scores.held', {
                      grade: gradeName(s.scheme, s.outlook.held.grade),
                      rule: ruleName(s, s.outlook.held.rule),
                      date: fmtDate(s.outlook.held.until),
                      ends: t(`scores.ends.${s.outlook.held.endsBy}` as MessageKey),
                    })}
                  </Typography.Paragraph>
                ) : s.outlook.gradeSet ? (
                  <Typography.Paragraph>
                    {t('scores.gradeSet', {
                      grade: gradeName(s.scheme, s.outlook.gradeSet.grade),
                      rule: ruleName(s, s.outlook.gradeSet.rule),
                      date: fmtDate(s.outlook.gradeSet.until),
                    })}
                  </Typography.Paragraph>
                ) : s.outlook.next ? (
                  <Typography.Paragraph>
                    {t('scores.next', {
                      grade: gradeName(s.scheme, s.outlook.next.grade),
                      points: s.outlook.next.pointsNeeded,
                    })}
                  </Typography.Paragraph>
                ) : (
                  <Typography.Paragraph>{t('scores.top')}</Typography.Paragraph>
                )}
                <ul>
                  {s.outlook.ways.map((w) => (
                    <li key={w.rule}>
                      {pick(w.names)}
                      {colon}+{w.points}
                      {w.room !== null && ` · ${t('scores.room', { n: w.room })}`}
                    </li>
                  ))}
                  {s.outlook.lapses.map((l) => (
                    <li key={`lapse-${l.rule}`}>
                      {t('scores.lapse', { points: l.points, date: fmtDate(l.until) })}
                    </li>
                  ))}
                </ul>
              </Card>
            ))}
          </Space>
        )
      }
    </Async>
  );
}

/** Why the score is not start + ledger: the scheme's range cut it. */
function Clamped({ s, clamped }: { s: ScoreView; clamped: { bound: 'min' | 'max'; points: number } }) {
  const { t } = useT();
  const sum = Math.round(s.ledger.reduce((n, e) => n + e.points, 0) * 100) / 100;
  return (
    <Typography.Paragraph className="score-clamped">
      {t('scores.clamped', {
        start: String(s.start),
        sum: sum > 0 ? `+${sum}` : String(sum),
        total: String(Math.round((s.start + sum) * 100) / 100),
        bound: t(`scores.bound.${clamped.bound}` as MessageKey),
        limit: String(clamped.bound === 'max' ? s.range.max : s.range.min),
        points: clamped.points > 0 ? `+${clamped.points}` : String(clamped.points),
      })}
    </Typography.Paragraph>
  );
}
