// Lists → memoranda → measures → actions as a force graph: what a listing sets in motion.
import { Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { catalog } from '../../api/catalog';
import { usePromise } from '../../api/use-api';
import { Async } from '../../components/Async';
import { EChart } from '../../components/EChart';
import { useT } from '../../i18n';

const CATEGORIES = ['list', 'memorandum', 'measure', 'action'] as const;
const COLOURS = ['#b7312c', '#faad14', '#5b8ff9', '#5ad8a6'];

export function MemorandaGraph() {
  const { t, pick } = useT();
  const data = usePromise(
    () => Promise.all([catalog.lists(), catalog.memoranda(), catalog.measures(), catalog.actions()]),
    [],
  );
  return (
    <Async state={data}>
      {([lists, memoranda, measures, actions]) => {
        const nodes = new Map<string, { id: string; name: string; category: number; symbolSize: number }>();
        const links: { source: string; target: string }[] = [];
        const node = (id: string, name: string, category: number) => {
          if (!nodes.has(id)) nodes.set(id, { id, name, category, symbolSize: [22, 16, 11, 9][category]! });
        };
        const listByCode = new Map(lists.map((l) => [l.code, l]));
        const measureByCode = new Map(measures.map((m) => [m.code, m]));
        const actionByCode = new Map(actions.map((a) => [a.code, a]));
        for (const m of memoranda) {
          node(`m:${m.code}`, pick(m.names), 1);
          for (const tr of m.triggers) {
            node(`l:${tr.list}`, pick(listByCode.get(tr.list)?.names) || tr.list, 0);
            links.push({ source: `l:${tr.list}`, target: `m:${m.code}` });
          }
          for (const code of m.measures) {
            const measure = measureByCode.get(code);
            node(`x:${code}`, pick(measure?.names) || code, 2);
            links.push({ source: `m:${m.code}`, target: `x:${code}` });
            for (const a of measure?.actions ?? []) {
              node(`a:${a}`, pick(actionByCode.get(a)?.names) || a, 3);
              links.push({ source: `x:${code}`, target: `a:${a}` });
            }
          }
        }
        // The same edge can come from two memoranda naming one measure: drawn once.
        const unique = [...new Map(links.map((l) => [`${l.source}>${l.target}`, l])).values()];
        const option: EChartsCoreOption = {
          tooltip: { formatter: (p: { data: { name?: string } }) => p.data.name ?? '' },
          legend: { top: 0, data: CATEGORIES.map((c) => t(`operator.node.${c}`)) },
          color: COLOURS,
          series: [
            {
              type: 'graph',
              layout: 'force',
              top: 40,
              roam: true,
              draggable: true,
              force: { repulsion: 60, edgeLength: [30, 80], gravity: 0.08 },
              categories: CATEGORIES.map((c) => ({ name: t(`operator.node.${c}`) })),
              data: [...nodes.values()],
              links: unique,
              edgeSymbol: ['none', 'arrow'],
              edgeSymbolSize: 5,
              lineStyle: { opacity: 0.5, curveness: 0.1 },
              emphasis: { focus: 'adjacency' },
            },
          ],
        };
        return (
          <>
            <Typography.Paragraph type="secondary">{t('operator.graphHelp')}</Typography.Paragraph>
            <EChart option={option} height={640} label={t('operator.graph')} />
          </>
        );
      }}
    </Async>
  );
}
