// A proposed scheme, list or memorandum run on current data (POST /api/v1/simulations; nothing changes): start
// from a shipped item, edit it, and read the report as charts with their tables.
import { Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useState } from 'react';
import { catalog } from '../../api/catalog';
import { ApiError, call } from '../../api/client';
import { usePromise } from '../../api/use-api';
import { Async, Loading, ProblemAlert } from '../../components/Async';
import { EChart } from '../../components/EChart';
import { useT } from '../../i18n';
import type { Session } from '../../session';

interface SchemeSimulation {
  scheme: string;
  replaces: boolean;
  subjects: number;
  affected: number;
  grades: { before: Record<string, number> | null; after: Record<string, number> };
  meanScore: { before: number | null; after: number };
  benefits: { measure: string; grades: string[]; before: number; after: number }[];
  fairness: { noOpenWay: number; noOpenWayShare: number };
}

interface SanctionSimulation {
  listings: number;
  subjects: { before: number; after: number };
  officers: { before: number; after: number };
  measures: { measure: string; effect: string; before: number; after: number }[];
  cascade: { list: string; depth: number; roles: string[]; memoranda: string[]; actions: string[] }[];
  maxDepth: number;
}

interface SimulationReport {
  asOf: string;
  schemes: SchemeSimulation[];
  sanctions?: SanctionSimulation;
}

function BeforeAfter({
  rows,
  label,
}: {
  rows: { key: string; name: string; before: number; after: number }[];
  label: string;
}) {
  const { t } = useT();
  // Many categories read better as horizontal bars, one row each, with the names in full beside them.
  const horizontal = rows.length > 6;
  const names = rows.map((r) => r.name);
  const categoryAxis = horizontal
    ? { type: 'category', data: names, inverse: true, axisLabel: { width: 180, overflow: 'truncate' } }
    : { type: 'category', data: names };
  const option: EChartsCoreOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('operator.before'), t('operator.after')] },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: horizontal ? { type: 'value' } : categoryAxis,
    yAxis: horizontal ? categoryAxis : { type: 'value' },
    series: [
      { type: 'bar', name: t('operator.before'), data: rows.map((r) => r.before), color: '#bfbfbf' },
      { type: 'bar', name: t('operator.after'), data: rows.map((r) => r.after), color: '#b7312c' },
    ],
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <EChart
          option={option}
          label={label}
          height={horizontal ? Math.max(320, rows.length * 26 + 60) : 320}
        />
      </Col>
      <Col xs={24} lg={10}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ y: 420 }}
          dataSource={rows}
          columns={[
            { title: t('common.name'), dataIndex: 'name' },
            { title: t('operator.before'), dataIndex: 'before', align: 'right', width: 80 },
            { title: t('operator.after'), dataIndex: 'after', align: 'right', width: 80 },
          ]}
        />
      </Col>
    </Row>
  );
}

function Report({ report }: { report: SimulationReport }) {
  const { t, pick } = useT();
  const measures = usePromise(() => catalog.measures(), []);
  const measureName = (code: string) => pick(measures.data?.find((m) => m.code === code)?.names) || code;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} className="simulation-report">
      {report.schemes.map((s) => {
        const grades = [...new Set([...Object.keys(s.grades.before ?? {}), ...Object.keys(s.grades.after)])];
        return (
          <Card key={s.scheme} size="small" title={`${t('operator.scheme')} ${s.scheme}`}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
              <Descriptions.Item label={t('operator.subjects')}>{s.subjects}</Descriptions.Item>
              <Descriptions.Item label={t('operator.affected')}>{s.affected}</Descriptions.Item>
              <Descriptions.Item label={t('operator.meanScore')}>
                {s.meanScore.before ?? '—'} → {s.meanScore.after}
              </Descriptions.Item>
              <Descriptions.Item label={t('operator.noOpenWay')}>
                {s.fairness.noOpenWay}（{Math.round(s.fairness.noOpenWayShare * 100)}%）
              </Descriptions.Item>
            </Descriptions>
            <BeforeAfter
              label={t('operator.grades')}
              rows={grades.map((g) => ({
                key: g,
                name: g,
                before: s.grades.before?.[g] ?? 0,
                after: s.grades.after[g] ?? 0,
              }))}
            />
          </Card>
        );
      })}
      {report.sanctions && (
        <Card size="small" title={t('operator.sanctions')}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
            <Descriptions.Item label={t('operator.listings')}>{report.sanctions.listings}</Descriptions.Item>
            <Descriptions.Item label={t('operator.subjects')}>
              {report.sanctions.subjects.before} → {report.sanctions.subjects.after}
            </Descriptions.Item>
            <Descriptions.Item label={t('operator.officers')}>
              {report.sanctions.officers.before} → {report.sanctions.officers.after}
            </Descriptions.Item>
            <Descriptions.Item label={t('operator.maxDepth')}>{report.sanctions.maxDepth}</Descriptions.Item>
          </Descriptions>
          <BeforeAfter
            label={t('operator.measures')}
            rows={report.sanctions.measures
              .filter((m) => m.before !== m.after || m.after > 0)
              // What the proposal changes first, then the measures that reach the most subjects.
              .sort(
                (a, b) => Number(b.before !== b.after) - Number(a.before !== a.after) || b.after - a.after,
              )
              .map((m) => ({
                key: m.measure,
                name: measureName(m.measure),
                before: m.before,
                after: m.after,
              }))}
          />
          <Table
            size="small"
            rowKey="list"
            pagination={false}
            style={{ marginTop: 12 }}
            dataSource={report.sanctions.cascade}
            columns={[
              { title: t('listing.list'), dataIndex: 'list' },
              { title: t('operator.maxDepth'), dataIndex: 'depth', align: 'right' },
              { title: t('operator.memoranda'), render: (_, c) => c.memoranda.join(', ') },
              { title: t('operator.actions'), render: (_, c) => c.actions.length },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

export function SimulationPanel({ session }: { session: Session }) {
  const { t, pick } = useT();
  const templates = usePromise(
    () => Promise.all([catalog.schemes(), catalog.memoranda(), catalog.lists()]),
    [],
  );
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<SimulationReport>();
  const [error, setError] = useState<ApiError>();
  const choose = async (value: string) => {
    const [kind, code] = value.split(':') as [string, string];
    const path = kind === 'scheme' ? `/api/v1/schemes/${code}` : `/api/v1/catalog/${kind}/${code}`;
    setText(JSON.stringify(await call<unknown>(path), null, 2));
  };
  const run = async () => {
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (err) {
        throw new ApiError({ title: 'JSON', status: 400, detail: String(err) });
      }
      setReport(
        await call<SimulationReport>('/api/v1/simulations', { method: 'POST', token: session.token, body }),
      );
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Async state={templates}>
      {([schemes, memoranda, lists]) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('operator.simulationHelp')}</Typography.Paragraph>
          <Form layout="vertical" onFinish={run}>
            <Form.Item label={t('operator.template')} htmlFor="sim-template">
              <Select
                id="sim-template"
                showSearch
                optionFilterProp="label"
                onChange={(v: string) => void choose(v).catch((e: unknown) => setError(e as ApiError))}
                options={[
                  {
                    label: t('operator.schemes'),
                    options: schemes.map((s) => ({ value: `scheme:${s.code}`, label: pick(s.names) })),
                  },
                  {
                    label: t('operator.memoranda'),
                    options: memoranda.map((m) => ({ value: `memoranda:${m.code}`, label: pick(m.names) })),
                  },
                  {
                    label: t('operator.lists'),
                    options: lists.map((l) => ({ value: `lists:${l.code}`, label: pick(l.names) })),
                  },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('operator.proposal')} htmlFor="sim-proposal">
              <Input.TextArea
                id="sim-proposal"
                className="mono"
                rows={14}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} disabled={!text.trim()}>
              {t('operator.simulate')}
            </Button>
          </Form>
          {error && <ProblemAlert error={error} />}
          {busy && <Loading />}
          {report && <Report report={report} />}
        </Space>
      )}
    </Async>
  );
}
