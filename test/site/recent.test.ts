import { describe, expect, it } from 'vitest';
import { onlyRecent, recentFrom } from '../../src/site/recent.ts';

describe('recent registrations', () => {
  it('counts back the given number of days, across months and years', () => {
    expect(recentFrom('2024-06-30', 90)).toBe('2024-04-01');
    expect(recentFrom('2019-01-15', 30)).toBe('2018-12-16');
  });

  it('keeps only accounts started inside the window, none from years ago', () => {
    const entry = (since: string) => ({ account: { since } });
    const got = onlyRecent([entry('2024-06-29'), entry('2024-04-01'), entry('2024-03-31'), entry('2018-10-01')], '2024-06-30', 90);
    expect(got.map((e) => e.account.since)).toEqual(['2024-06-29', '2024-04-01']);
    expect(onlyRecent([entry('2018-10-01')], '2026-12-02')).toEqual([]);
  });
});
