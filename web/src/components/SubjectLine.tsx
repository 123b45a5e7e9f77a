// A subject's code line: the kind of identifier, the (possibly masked) number, the kind and the region.
import { Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { SubjectSummary } from '../api/types';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/zh';

const SCHEMES: Record<string, MessageKey> = {
  uscc: 'subject.code',
  'resident-id': 'subject.idNumber',
  passport: 'subject.passport',
};

const KINDS: Record<string, MessageKey> = {
  person: 'kind.person',
  enterprise: 'kind.enterprise',
  'social-organization': 'kind.social-organization',
  'government-body': 'kind.government-body',
};

export const kindKey = (kind: string): MessageKey => KINDS[kind] ?? 'kind.enterprise';

export function SubjectLine({ s }: { s: SubjectSummary }) {
  const { t, colon } = useT();
  return (
    <Space wrap size="middle" className="subject-line">
      <span>
        <Typography.Text type="secondary">
          {t(SCHEMES[s.identifierScheme] ?? 'subject.code')}
          {colon}
        </Typography.Text>
        <Typography.Text copyable={!s.identifier.includes('*')} className="mono">
          {s.identifier}
        </Typography.Text>
      </span>
      <span>
        <Typography.Text type="secondary">
          {t('subject.kind')}
          {colon}
        </Typography.Text>
        {t(kindKey(s.kind))}
      </span>
      {s.region && (
        <span>
          <Typography.Text type="secondary">
            {t('subject.region')}
            {colon}
          </Typography.Text>
          {s.region.name}
        </span>
      )}
    </Space>
  );
}

/**
 * The path of a subject's public page, by its full code; none for a masked person, whose page the public may open
 * only with the full identity number (a link by internal id would be a dead end).
 */
export const subjectPath = (s: { identifier: string }): string | undefined =>
  s.identifier.includes('*') ? undefined : `/subjects/${encodeURIComponent(s.identifier)}`;

/** A subject's name, linked to its public page where it has one. */
export function SubjectLink({ s }: { s: { identifier: string; name: string | null } }) {
  const path = subjectPath(s);
  const label = s.name ?? s.identifier;
  return path ? <Link to={path}>{label}</Link> : <span>{label}</span>;
}
