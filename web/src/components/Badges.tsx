// The coloured badges beside a name: which kind of public list a subject is on, and what is under objection.
import { Tag } from 'antd';
import type { Badge } from '../api/types';
import { useT } from '../i18n';

const COLOURS: Record<Badge, string> = {
  black: 'volcano',
  red: 'green',
  irregularity: 'orange',
  'key-attention': 'gold',
  alert: 'purple',
  'under-objection': 'blue',
};

export function Badges({ badges }: { badges: Badge[] }) {
  const { t } = useT();
  return (
    <span className="badges">
      {badges.map((b) => (
        <Tag key={b} color={COLOURS[b]} data-badge={b}>
          {t(`badge.${b}`)}
        </Tag>
      ))}
    </span>
  );
}

export function listKindBadge(kind: string): Badge {
  return (Object.keys(COLOURS) as Badge[]).includes(kind as Badge) ? (kind as Badge) : 'black';
}
