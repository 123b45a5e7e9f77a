// The agency's decisions in numbers: objections and repair applications by outcome, and how many are overdue.
import { Card, Col, Row, Statistic } from 'antd';
import type { Objection, Page, Repair } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Async } from '../../components/Async';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import type { Session } from '../../session';

function Counts<T extends { state: string; deadline: { overdue: boolean } }>({
  title,
  items,
  states,
}: {
  title: string;
  items: T[];
  states: string[];
}) {
  const { t } = useT();
  const overdue = items.filter((i) => i.state === 'pending' && i.deadline.overdue).length;
  return (
    <Card title={title} size="small">
      <Row gutter={16}>
        {states.map((s) => (
          <Col key={s} xs={12} sm={6}>
            <Statistic
              title={t(`me.state.${s}` as MessageKey)}
              value={items.filter((i) => i.state === s).length}
            />
          </Col>
        ))}
        <Col xs={12} sm={6}>
          <Statistic
            title={t('agency.overdueCount')}
            value={overdue}
            styles={{ content: overdue ? { color: '#cf1322' } : undefined }}
          />
        </Col>
      </Row>
    </Card>
  );
}

export function DecisionStats({ session }: { session: Session }) {
  const { t } = useT();
  const objections = useApi<Page<Objection>>('/api/v1/objections?limit=100', session.token);
  const repairs = useApi<Page<Repair>>('/api/v1/repairs?limit=100', session.token);
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Async state={objections}>
          {(p) => (
            <Counts
              title={t('agency.objections')}
              items={p.items}
              states={['pending', 'upheld', 'rejected']}
            />
          )}
        </Async>
      </Col>
      <Col span={24}>
        <Async state={repairs}>
          {(p) => (
            <Counts title={t('agency.repairs')} items={p.items} states={['pending', 'granted', 'refused']} />
          )}
        </Async>
      </Col>
    </Row>
  );
}
