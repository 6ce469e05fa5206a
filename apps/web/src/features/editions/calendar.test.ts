import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { calendarRange, groupByDate } from './calendar';

describe('calendar grouping', () => {
  it('groups editions by date and orders each day by start time', () => {
    const grouped = groupByDate([
      { id: 'a', date: '2025-06-12', startTime: '14:30' },
      { id: 'b', date: '2025-06-12', startTime: '09:00' },
      { id: 'c', date: '2025-06-19', startTime: '14:30' },
    ]);
    expect([...grouped.keys()]).toEqual(['2025-06-12', '2025-06-19']);
    expect(grouped.get('2025-06-12')?.map((e) => e.id)).toEqual(['b', 'a']);
  });

  it('reads only the date part of a timestamp-shaped date', () => {
    expect([...groupByDate([{ date: '2025-06-12T00:00:00.000Z', startTime: '14:30' }]).keys()]).toEqual(['2025-06-12']);
  });

  it('returns an empty map for no editions', () => {
    expect(groupByDate([]).size).toBe(0);
  });

  it('covers the six weeks a month view can show', () => {
    expect(calendarRange(dayjs('2025-03-15'))).toEqual({ from: '2025-02-22', to: '2025-04-14' });
  });
});
