// What an objection or repair application is about, as a queue row shows it: the list (or record type) by name,
// then whose file it is.
import { Typography } from 'antd';
import type { Objection, Repair } from '../api/types';
import { useT } from '../i18n';

export function FilingAbout({
  filing,
  showSubject = true,
}: {
  filing: Objection | Repair;
  showSubject?: boolean;
}) {
  const { t, pick } = useT();
  const a = filing.about;
  const what =
    pick(a?.list?.names ?? a?.recordType?.names) ||
    ('itemType' in filing
      ? `${filing.itemType === 'listing' ? t('listing.list') : t('item.record')} #${filing.item}`
      : `${t('listing.list')} #${filing.listing}`);
  return (
    <div className="filing-about">
      <div>{what}</div>
      {showSubject && a?.subject && (
        <Typography.Text type="secondary">
          {a.subject.name ?? ''} <span className="mono">{a.subject.identifier}</span>
        </Typography.Text>
      )}
    </div>
  );
}
