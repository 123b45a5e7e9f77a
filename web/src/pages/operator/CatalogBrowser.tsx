// The catalogs with their legal bases: record types, lists, measures, memoranda, schemes, agencies.
import { Input, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { catalog } from '../../api/catalog';
import type { LegalBasis, Names } from '../../api/types';
import { usePromise } from '../../api/use-api';
import { Async } from '../../components/Async';
import { LegalBasisList } from '../../components/LegalBasis';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

interface Item {
  code: string;
  names: Names;
  description?: Names;
  legalBasis?: LegalBasis[];
}

function CatalogTable<T extends Item>({ load, extra }: { load: () => Promise<T[]>; extra: ColumnsType<T> }) {
  const { t, pick } = useT();
  const items = usePromise(load, []);
  const [filter, setFilter] = useState('');
  return (
    <Async state={items}>
      {(all) => {
        const f = filter.trim().toLowerCase();
        const shown = f
          ? all.filter(
              (i) =>
                i.code.toLowerCase().includes(f) ||
                i.names.zh.includes(filter) ||
                i.names.en.toLowerCase().includes(f),
            )
          : all;
        return (
          <>
            <Input.Search
              aria-label={t('common.search')}
              placeholder={`${t('common.code')} / ${t('common.name')}`}
              allowClear
              onChange={(e) => setFilter(e.target.value)}
              style={{ maxWidth: 320, marginBottom: 12 }}
            />
            <Table<T>
              rowKey="code"
              size="small"
              dataSource={shown}
              scroll={{ x: 800 }}
              pagination={{ pageSize: 15, showSizeChanger: false }}
              expandable={{
                expandedRowRender: (i) => (
                  <>
                    {i.description && <p>{pick(i.description)}</p>}
                    {i.legalBasis && <LegalBasisList basis={i.legalBasis} />}
                  </>
                ),
              }}
              columns={[
                { title: t('common.code'), dataIndex: 'code', render: (c: string) => <code>{c}</code> },
                { title: t('common.name'), render: (_, i) => pick(i.names) },
                ...extra,
                {
                  title: t('common.basis'),
                  render: (_, i) =>
                    i.legalBasis?.[0] ? `《${i.legalBasis[0].title}》${i.legalBasis[0].article ?? ''}` : '',
                },
              ]}
            />
          </>
        );
      }}
    </Async>
  );
}

export function CatalogBrowser() {
  const { t, pick } = useT();
  const agencies = usePromise(() => catalog.agencies(), []);
  const agencyName = (code: string) => pick(agencies.data?.find((a) => a.code === code)?.names) || code;
  return (
    <Tabs
      items={[
        {
          key: 'record-types',
          label: t('operator.recordTypes'),
          children: (
            <CatalogTable
              load={catalog.recordTypes}
              extra={[
                {
                  title: t('operator.polarity'),
                  render: (_, r) => t(`polarity.${r.polarity}` as MessageKey),
                },
                {
                  title: t('operator.disclosure'),
                  render: (_, r) => t(`disclosure.${r.disclosure}` as MessageKey),
                },
              ]}
            />
          ),
        },
        {
          key: 'lists',
          label: t('operator.lists'),
          children: (
            <CatalogTable
              load={catalog.lists}
              extra={[
                { title: t('operator.kind'), render: (_, l) => t(`lists.kind.${l.kind}` as MessageKey) },
                { title: t('operator.owner'), render: (_, l) => agencyName(l.owner) },
              ]}
            />
          ),
        },
        {
          key: 'measures',
          label: t('operator.measures'),
          children: (
            <CatalogTable
              load={catalog.measures}
              extra={[
                {
                  title: t('operator.effect'),
                  render: (_, m) => <Tag>{t(`effect.${m.effect}` as MessageKey)}</Tag>,
                },
                { title: t('operator.owner'), render: (_, m) => agencyName(m.appliedBy) },
              ]}
            />
          ),
        },
        {
          key: 'memoranda',
          label: t('operator.memoranda'),
          children: (
            <CatalogTable
              load={catalog.memoranda}
              extra={[
                { title: t('operator.documentNumber'), dataIndex: 'documentNumber' },
                { title: t('operator.triggers'), render: (_, m) => m.triggers.map((x) => x.list).join(', ') },
              ]}
            />
          ),
        },
        {
          key: 'schemes',
          label: t('operator.schemes'),
          children: (
            <CatalogTable
              load={catalog.schemes}
              extra={[{ title: t('operator.owner'), render: (_, s) => agencyName(s.owner) }]}
            />
          ),
        },
        {
          key: 'agencies',
          label: t('operator.agencies'),
          children: (
            <CatalogTable
              load={catalog.agencies}
              extra={[{ title: t('operator.kind'), dataIndex: 'kind' }]}
            />
          ),
        },
      ]}
    />
  );
}
