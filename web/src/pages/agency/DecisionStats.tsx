// The agency's decisions in numbers: objections and repair applications by outcome, and how many are overdue —
// each the `total` the API counts for that filter (one row asked for), so the figures hold past any page size.
import { Card, Col, Row, Statistic } from 'antd';
import { call } from '../../api/client';
import { usePromise } from '../../api/use-api';
import { Async } from '../../components/Async';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import type { Session } from '../../session';

type Kind = 'objections' | 'repairs';

const STATES: Record<Kind, string[]> = {
  objections: ['pending', 'upheld', 'rejected'],
  repairs: ['pending', 'granted', 'refused'],
};

async function countsOf(kind: Kind, token: string): Promise<Record<string, number>> {
  const filters = [...STATES[kind].map((s) => `state=${s}`), 'overdue=true'];
  const totals = await Promise.all(
    filters.map((f) =>
      call<{ total: number }>(`/api/v1/${kind}?${f}&limit=1`, { token }).then((p) => p.total),
    ),
  );
  return Object.fromEntries(
    filters.map((f, i) => [f.split('=')[1] === 'true' ? 'overdue' : f.split('=')[1]!, totals[i]!]),
  );
}

function Counts({ kind, session }: { kind: Kind; session: Session }) {
  const { t } = useT();
  const counts = usePromise(() => countsOf(kind, session.token), [kind, session.token]);
  return (
    <Card title={t(`agency.${kind}`)} size="small">
      <Async state={counts}>
        {(c) => (
          <Row gutter={16}>
            {STATES[kind].map((s) => (
              <Col key={s} xs={12} sm={6}>
                <Statistic title={t(`me.state.${s}` as MessageKey)} value={c[s]} />
              </Col>
            ))}
            <Col xs={12} sm={6}>
              <Statistic
                title={t('agency.overdueCount')}
                value={c.overdue}
                styles={{ content: c.overdue ? { color: '#cf1322' } : undefined }}
              />
            </Col>
          </Row>
        )}
      </Async>
    </Card>
  );
}

export function DecisionStats({ session }: { session: Session }) {
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Counts kind="objections" session={session} />
      </Col>
      <Col span={24}>
        <Counts kind="repairs" session={session} />
      </Col>
    </Row>
  );
}
