import type { Edition } from '@lecture-hall/shared';
import type { Dayjs } from 'dayjs';

/** Editions keyed by their date (YYYY-MM-DD), each day in start-time order, for the calendar cells. */
export function groupByDate<E extends Pick<Edition, 'date' | 'startTime'>>(editions: readonly E[]): Map<string, E[]> {
  const out = new Map<string, E[]>();
  for (const e of editions) {
    const day = e.date.slice(0, 10);
    const list = out.get(day);
    if (list) list.push(e);
    else out.set(day, [e]);
  }
  for (const list of out.values()) list.sort((a, b) => a.startTime.localeCompare(b.startTime));
  return out;
}

/**
 * The dates a month view of antd's Calendar can show: it fills six weeks, so a little of the
 * month before and after is visible too.
 */
export function calendarRange(month: Dayjs): { from: string; to: string } {
  return {
    from: month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD'),
    to: month.endOf('month').add(14, 'day').format('YYYY-MM-DD'),
  };
}
