/**
 * "Mới đăng ký" on the home page lists only what is new: accounts registered in the
 * last RECENT_DAYS days before the data's date. A registry whose last registration is
 * years old shows no such list at all (issue 16: entries from 2018 called "new").
 */
export const RECENT_DAYS = 90;

/** The first day (ISO) still counted as recent on `today` (ISO). */
export function recentFrom(today: string, days = RECENT_DAYS): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/** Entries whose account started on or after `recentFrom(today)`, and not after today. */
export function onlyRecent<T extends { account: { since: string } }>(entries: readonly T[], today: string, days = RECENT_DAYS): T[] {
  const from = recentFrom(today, days);
  return entries.filter((e) => e.account.since >= from && e.account.since <= today);
}
