import type { Account, RegistrySettings, ReportedAccount, UnitData } from '../schema/index.ts';

/** A unit as the rest of the product sees it: its data plus where it came from. */
export interface Unit extends UnitData {
  id: string;
  /** Path relative to the registry folder, `/`-separated. */
  file: string;
}

export interface Registry {
  settings: RegistrySettings;
  /** Sorted by id. */
  units: Unit[];
  byId: ReadonlyMap<string, Unit>;
  reported: ReportedAccount[];
}

export type { Account };

/** An account is official through its `until` day (the spec: "no longer official after this date"), until its unit is dissolved. */
export function isCurrent(account: Pick<Account, 'until'>, unit: Pick<UnitData, 'dissolved'>, today: string): boolean {
  if (account.until !== undefined && account.until < today) return false;
  if (unit.dissolved !== undefined && unit.dissolved <= today) return false;
  return true;
}

/** Groups whose visibility is not stated are treated as hidden: a wrong "public" would leak an address. */
export function isHiddenGroup(account: Account): boolean {
  return account.role === 'group' && account.visibility !== 'public' && account.visibility !== 'private';
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
