// Dates as the platform counts them: calendar days in Asia/Shanghai.
const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export const fmtDate = (iso: string | null | undefined): string => (iso ? DAY.format(new Date(iso)) : '');
export const fmtTime = (iso: string | null | undefined): string =>
  iso ? TIME.format(new Date(iso)).replace(',', '') : '';

/** Today in Asia/Shanghai as YYYY-MM-DD, for date inputs. */
export const today = (): string => DAY.format(new Date());
