import { describe, expect, it } from 'vitest';
import { dayMonthYear, isoFromDayMonthYear } from '../../src/site/day-month-year.ts';

describe('dates written ngày/tháng/năm', () => {
  it.each([
    ['02/05/2024', '2024-05-02'],
    ['2/5/2024', '2024-05-02'],
    [' 31.12.2018 ', '2018-12-31'],
    ['29-02-2024', '2024-02-29'],
  ])('reads %s as %s (day first)', (text, iso) => {
    expect(isoFromDayMonthYear(text)).toBe(iso);
  });

  it.each(['2024-05-02', '05/2024', '31/04/2024', '29/02/2023', '13/13/2024', 'hôm qua', ''])('refuses %s', (text) => {
    expect(isoFromDayMonthYear(text)).toBeNull();
  });

  it('writes an ISO date back day first', () => {
    expect(dayMonthYear('2024-05-02')).toBe('02/05/2024');
  });
});
