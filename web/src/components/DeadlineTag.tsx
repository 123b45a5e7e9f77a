// A due-process deadline: the due date, working days left, and overdue in red.
import { Tag } from 'antd';
import type { Deadline } from '../api/types';
import { fmtDate } from '../format';
import { useT } from '../i18n';

export function DeadlineTag({ deadline, pending }: { deadline: Deadline; pending: boolean }) {
  const { t } = useT();
  if (!pending) return <span>{fmtDate(deadline.dueAt)}</span>;
  return (
    <span className={deadline.overdue ? 'overdue' : undefined}>
      {fmtDate(deadline.dueAt)}{' '}
      {deadline.overdue ? (
        <Tag color="red">{t('me.overdue')}</Tag>
      ) : (
        <Tag color="blue">{t('me.daysLeft', { n: deadline.workingDaysLeft })}</Tag>
      )}
    </span>
  );
}
