import { AreaTabs } from '../../components/AreaTabs';
import { TokenGate } from '../../components/TokenGate';
import { useT } from '../../i18n';
import { AuditPanel, HealthPanel } from './AuditPanel';
import { CatalogBrowser } from './CatalogBrowser';
import { MemorandaGraph } from './MemorandaGraph';
import { SimulationPanel } from './SimulationPanel';

export default function OperatorDashboard() {
  const { t } = useT();
  return (
    <TokenGate needs="operator" title={t('operator.title')}>
      {(session) => (
        <AreaTabs
          base="/operator"
          title={t('operator.title')}
          who={t('role.operator')}
          tabs={[
            { path: '', label: t('operator.catalogs'), render: () => <CatalogBrowser /> },
            { path: 'graph', label: t('operator.graph'), render: () => <MemorandaGraph /> },
            {
              path: 'simulate',
              label: t('operator.simulation'),
              render: () => <SimulationPanel session={session} />,
            },
            { path: 'audit', label: t('operator.audit'), render: () => <AuditPanel session={session} /> },
            { path: 'health', label: t('operator.health'), render: () => <HealthPanel /> },
          ]}
        />
      )}
    </TokenGate>
  );
}
