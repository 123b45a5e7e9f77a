// The tabs of a signed-in area, one per sub-path, so each screen has its own address.
import { Space, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';

export interface AreaTab {
  path: string;
  label: string;
  render: () => ReactNode;
}

export function AreaTabs({
  base,
  title,
  who,
  tabs,
}: {
  base: string;
  title: string;
  who: string;
  tabs: AreaTab[];
}) {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const rest = pathname.slice(base.length).replace(/^\//, '').split('/')[0] ?? '';
  const active = tabs.find((t) => t.path === rest) ?? tabs[0]!;
  return (
    <div className="page">
      <Space wrap align="baseline" size="large">
        <Typography.Title level={2}>{title}</Typography.Title>
        <Typography.Text type="secondary">{who}</Typography.Text>
      </Space>
      <Tabs
        activeKey={active.path}
        onChange={(k) => navigate(k ? `${base}/${k}` : base)}
        items={tabs.map((t) => ({
          key: t.path,
          label: t.label,
          children: t.path === active.path ? t.render() : null,
        }))}
      />
    </div>
  );
}
