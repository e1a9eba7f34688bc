/**
 * Re-confirmation (issue 15): every current account is confirmed again by the union
 * above its unit every `recheck_months` months (registry.yaml, default 12). The last
 * confirmation is the account's `checked` date, or its `since` date when it was never
 * re-confirmed. One pure computation feeds `npm run recheck`, the reminder issues, the
 * report's count per branch, the unit page and the checker.
 *
 * Who confirms: the unit's parent, the union directly above it, which took the
 * registration in the first place (Công văn 118/LĐLĐ: units register with the union
 * above them). A dissolved parent hands the task to its successor, or else to its own
 * parent; the root, which has no parent, confirms its own accounts.
 */
import type { Registry, Unit } from '../registry/model.ts';
import { isCurrent, isHiddenGroup } from '../registry/model.ts';
import type { Account, Role } from '../schema/account.ts';
import { DEFAULT_RECHECK_MONTHS, type RegistrySettings } from '../schema/settings.ts';

export function recheckMonths(settings: Pick<RegistrySettings, 'recheck_months'>): number {
  return settings.recheck_months ?? DEFAULT_RECHECK_MONTHS;
}

/** `YYYY-MM-DD` plus whole months, the day clamped to the month's end (2024-02-29 + 12 → 2025-02-28). */
export function addMonths(iso: string, months: number): string {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7)) - 1 + months;
  const day = Number(iso.slice(8, 10));
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** The day the account was last confirmed: `checked`, else `since`. */
export function lastConfirmed(account: Pick<Account, 'checked' | 'since'>): string {
  return account.checked ?? account.since;
}

/** The last day on which the account is still in time; it is overdue from the next day on. */
export function dueDate(account: Pick<Account, 'checked' | 'since'>, months: number): string {
  return addMonths(lastConfirmed(account), months);
}

/** Only current accounts are due: an ended account or a dissolved unit has nothing left to confirm. */
export function isOverdue(account: Account, unit: Unit, today: string, months: number): boolean {
  return isCurrent(account, unit, today) && dueDate(account, months) < today;
}

export interface UnitRefWithFile {
  id: string;
  name: string;
  /** Path of the unit's file relative to the registry folder. */
  file: string;
}

export interface OverdueAccount {
  unit: UnitRefWithFile;
  /** Position in the unit's `accounts` list (0-based). */
  index: number;
  role: Role;
  /** A hidden group's name and address are never published: both are null for it. */
  name: string | null;
  url: string | null;
  hidden: boolean;
  lastConfirmed: string;
  /** Whether `lastConfirmed` is a `checked` date or only the registration date. */
  confirmedBy: 'checked' | 'since';
  due: string;
}

export interface RecheckGroup {
  /** The upper-level union that confirms these accounts. */
  responsible: UnitRefWithFile;
  accounts: OverdueAccount[];
}

export interface RecheckResult {
  today: string;
  months: number;
  /** Overdue accounts in all groups. */
  total: number;
  /** Sorted by the responsible union's id; accounts by unit id, then position. */
  groups: RecheckGroup[];
}

const ref = (unit: Unit): UnitRefWithFile => ({ id: unit.id, name: unit.name, file: unit.file });

/** The union that confirms a unit's accounts (see the module comment). */
export function responsibleUnion(unit: Unit, registry: Registry, today: string): Unit {
  const dissolved = (u: Unit) => u.dissolved !== undefined && u.dissolved <= today;
  let current = unit.parent === undefined ? undefined : registry.byId.get(unit.parent);
  // The registry is validated (no cycles), but bound the walk anyway.
  for (let i = 0; current && dissolved(current) && i < 10_000; i++) {
    const next: string | undefined = current.successor ?? current.parent;
    current = next === undefined ? undefined : registry.byId.get(next);
  }
  return current ?? registry.byId.get(registry.settings.root) ?? unit;
}

/** The overdue accounts of one unit, in file order. */
export function overdueAccounts(unit: Unit, today: string, months: number): OverdueAccount[] {
  const out: OverdueAccount[] = [];
  (unit.accounts ?? []).forEach((account, index) => {
    if (!isOverdue(account, unit, today, months)) return;
    const hidden = isHiddenGroup(account);
    out.push({
      unit: ref(unit),
      index,
      role: account.role,
      name: hidden ? null : account.name,
      url: hidden ? null : (account.url ?? null),
      hidden,
      lastConfirmed: lastConfirmed(account),
      confirmedBy: account.checked === undefined ? 'since' : 'checked',
      due: dueDate(account, months),
    });
  });
  return out;
}

export function findOverdue(registry: Registry, today: string): RecheckResult {
  const months = recheckMonths(registry.settings);
  const groups = new Map<string, RecheckGroup>();
  let total = 0;
  for (const unit of registry.units) {
    const overdue = overdueAccounts(unit, today, months);
    if (overdue.length === 0) continue;
    const responsible = responsibleUnion(unit, registry, today);
    let group = groups.get(responsible.id);
    if (!group) groups.set(responsible.id, (group = { responsible: ref(responsible), accounts: [] }));
    group.accounts.push(...overdue);
    total += overdue.length;
  }
  const sorted = [...groups.values()].sort((a, b) => (a.responsible.id < b.responsible.id ? -1 : 1));
  for (const group of sorted) group.accounts.sort((a, b) => (a.unit.id < b.unit.id ? -1 : a.unit.id > b.unit.id ? 1 : a.index - b.index));
  return { today, months, total, groups: sorted };
}
