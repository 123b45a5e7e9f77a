import { AreaTabs } from '../../components/AreaTabs';
import { TokenGate } from '../../components/TokenGate';
import { useT } from '../../i18n';
import { DecisionStats } from './DecisionStats';
import { ImportPanel } from './ImportPanel';
import { ListingsPanel } from './ListingsPanel';
import { Queue } from './Queues';
import { RecordForm } from './RecordForm';

export default function AgencyConsole() {
  const { t, pick } = useT();
  return (
    <TokenGate needs="agency" title={t('agency.title')}>
      {(session) => (
        <AreaTabs
          base="/agency"
          title={t('agency.title')}
          who={pick(session.me.agency?.names)}
          tabs={[
            {
              path: '',
              label: t('agency.objections'),
              render: () => <Queue kind="objections" session={session} />,
            },
            {
              path: 'repairs',
              label: t('agency.repairs'),
              render: () => <Queue kind="repairs" session={session} />,
            },
            {
              path: 'listings',
              label: t('agency.listings'),
              render: () => <ListingsPanel session={session} />,
            },
            { path: 'record', label: t('agency.record'), render: () => <RecordForm session={session} /> },
            { path: 'import', label: t('agency.import'), render: () => <ImportPanel session={session} /> },
            { path: 'stats', label: t('agency.stats'), render: () => <DecisionStats session={session} /> },
          ]}
        />
      )}
    </TokenGate>
  );
}
