/**
 * The open data files of /du-lieu/: public fields only. Admins (names, phones,
 * emails), encrypted contacts, reviewers and fb_id stay out, and a hidden group keeps
 * its existence but never its address (registry-format.md, Privacy).
 * Pure: takes the registry, so tests can check it without a build.
 */
import { csvRow } from '../lib/csv.ts';
import type { Registry, Unit } from '../registry/model.ts';
import { isCurrent, isHiddenGroup } from '../registry/model.ts';
import type { Account, Role, Visibility } from '../schema/index.ts';

export interface OpenAccount {
  role: Role;
  name: string;
  /** null for a hidden group: its address is never published. */
  url: string | null;
  /** Groups only; a group without one is treated as hidden. */
  visibility: Visibility | null;
  since: string;
  until: string | null;
  /** Still an official channel on the date of the data. */
  current: boolean;
}

export interface OpenUnit {
  id: string;
  name: string;
  short_name: string | null;
  level: string;
  parent: string | null;
  dissolved: string | null;
  successor: string | null;
  members: number | null;
  website: string | null;
  accounts: OpenAccount[];
}

export function openAccount(account: Account, unit: Unit, today: string): OpenAccount {
  const hidden = isHiddenGroup(account);
  return {
    role: account.role,
    name: account.name,
    url: hidden ? null : (account.url ?? null),
    visibility: account.role === 'group' ? (hidden ? 'hidden' : (account.visibility ?? 'hidden')) : null,
    since: account.since,
    until: account.until ?? null,
    current: isCurrent(account, unit, today),
  };
}

export function openUnit(unit: Unit, today: string): OpenUnit {
  return {
    id: unit.id,
    name: unit.name,
    short_name: unit.short_name ?? null,
    level: unit.level,
    parent: unit.parent ?? null,
    dissolved: unit.dissolved ?? null,
    successor: unit.successor ?? null,
    members: unit.members ?? null,
    website: unit.website ?? null,
    accounts: (unit.accounts ?? []).map((a) => openAccount(a, unit, today)),
  };
}

/** `units.json`: the settings people need to read the units, then every unit. */
export function unitsJson(registry: Registry, today: string): string {
  const { settings } = registry;
  const data = {
    title: settings.title,
    generated: today,
    directive: settings.directive,
    root: settings.root,
    levels: settings.levels.map((l) => ({ id: l.id, name: l.name, under: l.under ?? [], requires: l.requires })),
    follow: settings.follow,
    units: registry.units.map((u) => openUnit(u, today)),
  };
  return JSON.stringify(data);
}

export const ACCOUNTS_CSV_HEADER = [
  'ma_don_vi',
  'ten_don_vi',
  'cap',
  'don_vi_cap_tren',
  'vai_tro',
  'ten_tai_khoan',
  'dia_chi',
  'che_do_nhom',
  'tu_ngay',
  'den_ngay',
  'con_hieu_luc',
];

/**
 * `accounts.csv`: one row per account, cells neutralised against spreadsheet formulas
 * (`csvRow`), with a byte-order mark so that Excel reads the Vietnamese correctly.
 */
export function accountsCsv(registry: Registry, today: string): string {
  const lines = [csvRow(ACCOUNTS_CSV_HEADER)];
  for (const unit of registry.units) {
    for (const account of unit.accounts ?? []) {
      const a = openAccount(account, unit, today);
      lines.push(
        csvRow([
          unit.id,
          unit.name,
          unit.level,
          unit.parent ?? '',
          a.role,
          a.name,
          a.url ?? '',
          a.visibility ?? '',
          a.since,
          a.until ?? '',
          a.current ? 'có' : 'không',
        ]),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
