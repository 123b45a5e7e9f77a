// The red, black and irregularity sub-databases: listings in effect, filtered by kind, list, agency, region, date.
import { Button, Empty, Form, Input, Pagination, Segmented, Select, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { qs } from '../../api/client';
import type { Listing, Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useCatalogs } from '../../api/use-catalogs';
import { Async } from '../../components/Async';
import { ListingCard } from '../../components/ListingCard';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { REGION_OPTIONS } from '../../regions';

const KINDS = ['black', 'red', 'irregularity', 'key-attention', 'alert'] as const;
const PAGE = 10;
const FILTERS = ['list', 'agency', 'region', 'decidedFrom', 'decidedTo'] as const;

export default function ListsBrowse() {
  const { t, pick } = useT();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? 'black';
  const offset = Number(params.get('offset') ?? 0);
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]));
  const catalogs = useCatalogs();
  const listings = useApi<Page<Listing>>(`/api/v1/listings${qs({ kind, ...filters, limit: PAGE, offset })}`);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('offset' in changes)) next.delete('offset');
    setParams(next);
  };
  return (
    <div className="page">
      <Typography.Title level={2}>{t('lists.title')}</Typography.Title>
      {/* Five kinds do not fit a phone's width: the row scrolls instead of the page. */}
      <div className="scroll-x">
        <Segmented
          aria-label={t('lists.kind')}
          value={kind}
          onChange={(v) => set({ kind: String(v), list: undefined, agency: undefined })}
          options={KINDS.map((k) => ({ value: k, label: t(`lists.kind.${k}` as MessageKey) }))}
        />
      </div>
      <Async state={catalogs}>
        {(c) => {
          const lists = [...c.lists.values()].filter((l) => l.kind === kind);
          const owners = [...new Set(lists.map((l) => l.owner))];
          return (
            <Form layout="inline" className="filters">
              <Form.Item label={t('lists.list')} htmlFor="f-list">
                <Select
                  id="f-list"
                  allowClear
                  style={{ minWidth: 220 }}
                  value={filters.list}
                  placeholder={t('common.all')}
                  onChange={(v?: string) => set({ list: v })}
                  options={lists.map((l) => ({ value: l.code, label: pick(l.names) }))}
                />
              </Form.Item>
              <Form.Item label={t('lists.agency')} htmlFor="f-agency">
                <Select
                  id="f-agency"
                  allowClear
                  style={{ minWidth: 180 }}
                  value={filters.agency}
                  placeholder={t('common.all')}
                  onChange={(v?: string) => set({ agency: v })}
                  options={owners.map((o) => ({ value: o, label: pick(c.agencies.get(o)?.names) || o }))}
                />
              </Form.Item>
              <Form.Item label={t('lists.region')} htmlFor="f-region">
                {/* By name, typed or picked; the API filters by the code's prefix. Controlled, so 重置 clears it. */}
                <Select
                  id="f-region"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  value={filters.region}
                  placeholder={t('lists.regionPlaceholder')}
                  onChange={(v?: string) => set({ region: v })}
                  options={REGION_OPTIONS}
                  style={{ width: 220 }}
                />
              </Form.Item>
              <Form.Item label={t('lists.decidedFrom')} htmlFor="f-from">
                <DateInput
                  id="f-from"
                  value={filters.decidedFrom}
                  onChange={(v) => set({ decidedFrom: v })}
                />
              </Form.Item>
              <Form.Item label={t('lists.decidedTo')} htmlFor="f-to">
                <DateInput id="f-to" value={filters.decidedTo} onChange={(v) => set({ decidedTo: v })} />
              </Form.Item>
              <Button onClick={() => setParams({ kind })}>{t('common.reset')}</Button>
            </Form>
          );
        }}
      </Async>
      <Async state={listings}>
        {(page) => (
          <Async state={catalogs}>
            {(c) =>
              page.items.length === 0 ? (
                <Empty description={t('common.empty')} />
              ) : (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Typography.Text type="secondary">{t('common.total', { n: page.total })}</Typography.Text>
                  {page.items.map((l) => (
                    <ListingCard key={l.id} listing={l} catalogs={c} showSubject />
                  ))}
                  <Pagination
                    total={page.total}
                    pageSize={PAGE}
                    current={offset / PAGE + 1}
                    showSizeChanger={false}
                    hideOnSinglePage
                    onChange={(p) => set({ offset: String((p - 1) * PAGE) })}
                  />
                </Space>
              )
            }
          </Async>
        )}
      </Async>
    </div>
  );
}

/** A plain date input: native, labelled by its form item, keyboard friendly, no date library shipped. */
function DateInput({ id, value, onChange }: { id: string; value?: string; onChange: (v?: string) => void }) {
  return (
    <Input id={id} type="date" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} />
  );
}
