// Figures like the NPCIC annual report: each chart with its numbers in a table beside it.
import { Card, Col, Empty, Row, Table, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import type { ReactNode } from 'react';
import type { Stats } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useCatalogs } from '../../api/use-catalogs';
import { Async } from '../../components/Async';
import { EChart } from '../../components/EChart';
import { useT } from '../../i18n';

function ChartWithTable({ title, chart, table }: { title: string; chart: ReactNode; table: ReactNode }) {
  return (
    <Card title={<h2 className="card-title">{title}</h2>} className="stat-card">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          {chart}
        </Col>
        <Col xs={24} lg={10}>
          {table}
        </Col>
      </Row>
    </Card>
  );
}

function sumBy<T>(items: T[], key: (i: T) => string, value: (i: T) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(key(i), (out.get(key(i)) ?? 0) + value(i));
  return out;
}

export default function StatsPage() {
  const { t, pick } = useT();
  const stats = useApi<Stats>('/api/v1/stats');
  const catalogs = useCatalogs();
  return (
    <div className="page">
      <Typography.Title level={2}>{t('stats.title')}</Typography.Title>
      <Async state={stats}>
        {(s) => (
          <Async state={catalogs}>
            {(c) => {
              const listName = (code: string) => pick(c.lists.get(code)?.names) || code;
              const listed = [
                ...sumBy(
                  s.listedSubjects,
                  (r) => r.list,
                  (r) => r.subjects,
                ),
              ]
                .map(([list, n]) => ({ list, name: listName(list), n }))
                .sort((a, b) => b.n - a.n);
              const months = [...new Set(s.listingsByMonth.map((m) => m.month))].sort();
              const newBy = sumBy(
                s.listingsByMonth,
                (m) => m.month,
                (m) => m.new,
              );
              const endedBy = sumBy(
                s.listingsByMonth,
                (m) => m.month,
                (m) => m.ended,
              );
              const byMonth = months.map((m) => ({
                month: m,
                new: newBy.get(m) ?? 0,
                ended: endedBy.get(m) ?? 0,
              }));
              const refusedMonths = [...new Set(s.refusedByMonth.map((r) => r.month))].sort();
              const refusedActions = [...new Set(s.refusedByMonth.map((r) => r.action))];
              const actionName = (code: string) => pick(c.actions.get(code)?.names) || code;
              const listedOption: EChartsCoreOption = {
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value' },
                yAxis: {
                  type: 'category',
                  data: listed.map((l) => l.name).reverse(),
                  axisLabel: { width: 160, overflow: 'truncate' },
                },
                series: [
                  {
                    type: 'bar',
                    name: t('stats.subjects'),
                    data: listed.map((l) => l.n).reverse(),
                    color: '#b7312c',
                  },
                ],
              };
              const monthOption: EChartsCoreOption = {
                tooltip: { trigger: 'axis' },
                legend: { top: 0, data: [t('stats.new'), t('stats.ended')] },
                grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
                xAxis: { type: 'category', data: months },
                yAxis: { type: 'value' },
                series: [
                  { type: 'bar', name: t('stats.new'), data: byMonth.map((m) => m.new), color: '#b7312c' },
                  {
                    type: 'bar',
                    name: t('stats.ended'),
                    data: byMonth.map((m) => m.ended),
                    color: '#5b8ff9',
                  },
                ],
              };
              const refusedOption: EChartsCoreOption = {
                tooltip: { trigger: 'axis' },
                legend: { top: 0, type: 'scroll', data: refusedActions.map(actionName) },
                grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
                xAxis: { type: 'category', data: refusedMonths },
                yAxis: { type: 'value' },
                series: refusedActions.map((a) => ({
                  type: 'line',
                  name: actionName(a),
                  data: refusedMonths.map(
                    (m) => s.refusedByMonth.find((r) => r.month === m && r.action === a)?.refused ?? 0,
                  ),
                })),
              };
              return (
                <>
                  <ChartWithTable
                    title={t('stats.listed')}
                    chart={
                      <EChart
                        option={listedOption}
                        height={Math.max(320, listed.length * 22)}
                        label={t('stats.listed')}
                      />
                    }
                    table={
                      <Table
                        size="small"
                        rowKey="list"
                        pagination={false}
                        scroll={{ y: 420 }}
                        dataSource={listed}
                        columns={[
                          { title: t('lists.list'), dataIndex: 'name' },
                          { title: t('stats.subjects'), dataIndex: 'n', align: 'right', width: 90 },
                        ]}
                      />
                    }
                  />
                  <ChartWithTable
                    title={t('stats.byMonth')}
                    chart={<EChart option={monthOption} label={t('stats.byMonth')} />}
                    table={
                      <Table
                        size="small"
                        rowKey="month"
                        pagination={false}
                        scroll={{ y: 320 }}
                        dataSource={[...byMonth].reverse()}
                        columns={[
                          { title: t('stats.month'), dataIndex: 'month' },
                          { title: t('stats.new'), dataIndex: 'new', align: 'right' },
                          { title: t('stats.ended'), dataIndex: 'ended', align: 'right' },
                        ]}
                      />
                    }
                  />
                  <ChartWithTable
                    title={t('stats.refused')}
                    chart={
                      refusedMonths.length ? (
                        <EChart option={refusedOption} label={t('stats.refused')} />
                      ) : (
                        <Empty description={t('stats.noRefusals')} />
                      )
                    }
                    table={
                      <Table
                        size="small"
                        rowKey={(r) => `${r.month}-${r.action}`}
                        pagination={false}
                        scroll={{ y: 320 }}
                        dataSource={s.refusedByMonth}
                        locale={{ emptyText: t('stats.noRefusals') }}
                        columns={[
                          { title: t('stats.month'), dataIndex: 'month' },
                          {
                            title: t('stats.action'),
                            dataIndex: 'action',
                            render: (a: string) => actionName(a),
                          },
                          { title: t('stats.refusedCount'), dataIndex: 'refused', align: 'right' },
                        ]}
                      />
                    }
                  />
                </>
              );
            }}
          </Async>
        )}
      </Async>
    </div>
  );
}
