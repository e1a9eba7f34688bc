/**
 * The campaign's progress report: who registered what the directive asks of their
 * level, who was late, who has not connected to the pages to follow. One pure
 * function feeds `npm run report` (md, csv, json) and the site's /bao-cao/ page, so
 * both always show the same numbers.
 */
import type { Registry, Unit } from '../registry/model.ts';
import { isCurrent } from '../registry/model.ts';
import { ROLE_LABELS, type Admin, type Role } from '../schema/account.ts';
import { csvRow } from './csv.ts';
import { canonicalize } from '../registry/facebook-url.ts';
import { formatDate } from './dates.ts';
import { overdueAccounts, recheckMonths } from './recheck.ts';

export type UnitStatus = 'complete' | 'partial' | 'missing' | 'dissolved';

export const STATUS_LABELS: Record<UnitStatus, string> = {
  complete: 'Đã đủ',
  partial: 'Còn thiếu',
  missing: 'Chưa đăng ký',
  dissolved: 'Đã chấm dứt hoạt động',
};

export interface UnitProgress {
  id: string;
  name: string;
  level: string;
  parent: string | null;
  /** The unit directly under the root that this unit belongs to (the root is its own branch). */
  branch: string;
  status: UnitStatus;
  required: Role[];
  /** Required roles with no current account. */
  missing: Role[];
  /** A required role was first registered after `deadlines.register`. */
  late: boolean;
  /** Current accounts that do not follow every page of `follow`. */
  notConnected: number;
  accounts: number;
  /** Current accounts overdue for re-confirmation (src/lib/recheck.ts). */
  overdue: number;
}

export interface Tally {
  id: string;
  name: string;
  /** Units expected to register (not dissolved). */
  expected: number;
  complete: number;
  partial: number;
  missing: number;
  late: number;
  notConnected: number;
  /** Accounts (not units) overdue for re-confirmation. */
  overdue: number;
}

export interface ProgressReport {
  title: string;
  today: string;
  directive: Registry['settings']['directive'];
  deadlines: Registry['settings']['deadlines'];
  totals: Tally & { units: number; dissolved: number; accounts: number };
  byLevel: Tally[];
  byBranch: Tally[];
  units: UnitProgress[];
}

/** The columns of a tally, with their Vietnamese headings, in the order every table shows them. */
export const TALLY_COLUMNS = [
  ['expected', 'Phải đăng ký'],
  ['complete', 'Đã đủ'],
  ['partial', 'Còn thiếu'],
  ['missing', 'Chưa đăng ký'],
  ['late', 'Muộn'],
  ['notConnected', 'Chưa kết nối đủ'],
  ['overdue', 'Tài khoản quá hạn xác nhận lại'],
] as const satisfies ReadonlyArray<readonly [keyof Tally, string]>;

/** A unit's missing roles in words, for the report's lists. */
export function missingRolesText(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_LABELS[r].toLowerCase()).join('; ');
}

function emptyTally(id: string, name: string): Tally {
  return { id, name, expected: 0, complete: 0, partial: 0, missing: 0, late: 0, notConnected: 0, overdue: 0 };
}

function addTo(tally: Tally, unit: UnitProgress): void {
  if (unit.status === 'dissolved') return;
  tally.expected++;
  tally[unit.status]++;
  if (unit.late) tally.late++;
  if (unit.notConnected > 0) tally.notConnected++;
  tally.overdue += unit.overdue;
}

export function branchOf(unit: Unit, registry: Registry): string {
  const root = registry.settings.root;
  let current = unit;
  // The registry is validated (no cycles), but bound the walk anyway.
  for (let i = 0; i < 10_000 && current.parent !== undefined && current.parent !== root; i++) {
    const parent = registry.byId.get(current.parent);
    if (!parent) break;
    current = parent;
  }
  return current.id;
}

/** follow id → canonical key, so an account that is itself a follow page is not asked to follow itself. */
export function followKeys(registry: Registry): Map<string, string> {
  const keys = new Map<string, string>();
  for (const page of registry.settings.follow) {
    const canonical = canonicalize(page.url);
    if (canonical.ok) keys.set(page.id, canonical.key);
  }
  return keys;
}

export function unitProgress(
  unit: Unit,
  registry: Registry,
  today: string,
  branch: string,
  follow: ReadonlyMap<string, string>,
): UnitProgress {
  const { settings } = registry;
  const level = settings.levels.find((l) => l.id === unit.level);
  const required = [...(level?.requires ?? [])];
  const accounts = unit.accounts ?? [];
  const base = {
    id: unit.id,
    name: unit.name,
    level: unit.level,
    parent: unit.parent ?? null,
    branch,
    required,
    accounts: accounts.length,
  };
  if (unit.dissolved !== undefined && unit.dissolved <= today) {
    return { ...base, status: 'dissolved', missing: [], late: false, notConnected: 0, overdue: 0 };
  }
  const current = accounts.filter((a) => isCurrent(a, unit, today));
  const missing = required.filter((role) => !current.some((a) => a.role === role));
  const late = required.some((role) => {
    const first = accounts
      .filter((a) => a.role === role)
      .map((a) => a.since)
      .sort()[0];
    return first !== undefined && first > settings.deadlines.register;
  });
  const notConnected = current.filter((a) => {
    const follows = new Set(a.follows ?? []);
    const canonical = a.url === undefined ? undefined : canonicalize(a.url);
    const own = canonical?.ok ? canonical.key : undefined;
    return [...follow].some(([id, key]) => !follows.has(id) && key !== own);
  }).length;
  const status: UnitStatus = missing.length === 0 ? 'complete' : missing.length < required.length ? 'partial' : 'missing';
  const overdue = overdueAccounts(unit, today, recheckMonths(settings)).length;
  return { ...base, status, missing, late, notConnected, overdue };
}

export function buildReport(registry: Registry, today: string): ProgressReport {
  const { settings } = registry;
  const byLevel = new Map(settings.levels.map((l) => [l.id, emptyTally(l.id, l.name)]));
  const byBranch = new Map<string, Tally>();
  const totals = { ...emptyTally('tong', 'Toàn bộ'), units: registry.units.length, dissolved: 0, accounts: 0 };
  const units: UnitProgress[] = [];
  const follow = followKeys(registry);
  for (const unit of registry.units) {
    const branch = branchOf(unit, registry);
    const progress = unitProgress(unit, registry, today, branch, follow);
    units.push(progress);
    totals.accounts += progress.accounts;
    if (progress.status === 'dissolved') totals.dissolved++;
    addTo(totals, progress);
    const level = byLevel.get(unit.level);
    if (level) addTo(level, progress);
    let branchTally = byBranch.get(branch);
    if (!branchTally) byBranch.set(branch, (branchTally = emptyTally(branch, registry.byId.get(branch)?.name ?? branch)));
    addTo(branchTally, progress);
  }
  const branches = [...byBranch.values()].sort((a, b) =>
    a.id === settings.root ? -1 : b.id === settings.root ? 1 : a.name.localeCompare(b.name, 'vi'),
  );
  return {
    title: settings.title,
    today,
    directive: settings.directive,
    deadlines: settings.deadlines,
    totals,
    byLevel: [...byLevel.values()],
    byBranch: branches,
    units,
  };
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

function roleList(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_LABELS[r]).join('; ');
}

/** Decrypted contacts, by `<unit id>#<account index>`; present only in the office's own report. */
export type ContactsByAccount = ReadonlyMap<string, readonly Admin[] | 'encrypted' | 'none'>;

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function reportToMarkdown(report: ProgressReport, registry?: Registry, contacts?: ContactsByAccount): string {
  const t = report.totals;
  const out: string[] = [
    `# Báo cáo tiến độ: ${report.title}`,
    '',
    `Thực hiện Công văn số ${report.directive.number} ngày ${formatDate(report.directive.date)}. Số liệu tính đến ngày ${formatDate(report.today)}; hạn đăng ký ${formatDate(report.deadlines.register)}, hạn báo cáo ${formatDate(report.deadlines.report)}.`,
    '',
    `- Đơn vị phải đăng ký: ${t.expected} (không tính ${t.dissolved} đơn vị đã chấm dứt hoạt động)`,
    `- Đã đủ: ${t.complete} (${percent(t.complete, t.expected)}%); còn thiếu: ${t.partial}; chưa đăng ký: ${t.missing}`,
    `- Đăng ký muộn: ${t.late}; có tài khoản chưa kết nối đủ các trang cần theo dõi: ${t.notConnected}`,
    `- Tài khoản quá hạn xác nhận lại: ${t.overdue} (danh sách: npm run recheck)`,
    '',
  ];
  const table = (title: string, rows: Tally[]) => {
    out.push(
      `## ${title}`,
      '',
      '| | Phải đăng ký | Đã đủ | Còn thiếu | Chưa đăng ký | Muộn | Chưa kết nối đủ | Tài khoản quá hạn xác nhận lại |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const r of rows)
      out.push(
        `| ${mdCell(r.name)} | ${r.expected} | ${r.complete} | ${r.partial} | ${r.missing} | ${r.late} | ${r.notConnected} | ${r.overdue} |`,
      );
    out.push('');
  };
  table('Theo cấp', report.byLevel);
  table('Theo khối', report.byBranch);
  const lacking = report.units.filter((u) => u.status === 'missing' || u.status === 'partial');
  out.push('## Đơn vị chưa đủ', '');
  if (lacking.length === 0) out.push('Tất cả đơn vị đã đăng ký đủ.', '');
  else {
    out.push('| Đơn vị | Mã | Cấp | Còn thiếu |', '| --- | --- | --- | --- |');
    for (const u of lacking) out.push(`| ${mdCell(u.name)} | ${u.id} | ${u.level} | ${roleList(u.missing)} |`);
    out.push('');
  }
  if (contacts && registry) {
    out.push(
      '## Người quản trị (thông tin nội bộ, không công bố)',
      '',
      '| Đơn vị | Tài khoản | Họ tên | Chức vụ | Điện thoại | Email |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const unit of registry.units) {
      (unit.accounts ?? []).forEach((account, i) => {
        const entry = contacts.get(`${unit.id}#${i}`) ?? 'none';
        if (entry === 'none') return;
        if (entry === 'encrypted') {
          out.push(`| ${mdCell(unit.name)} | ${mdCell(account.name)} | (đã mã hoá: cần khoá giải mã) | | | |`);
          return;
        }
        for (const admin of entry) {
          out.push(
            `| ${mdCell(unit.name)} | ${mdCell(account.name)} | ${mdCell(admin.name)} | ${mdCell(admin.position ?? '')} | ${mdCell(admin.phone ?? '')} | ${mdCell(admin.email ?? '')} |`,
          );
        }
      });
    }
    out.push('');
  }
  return out.join('\n');
}

export const REPORT_CSV_HEADER = [
  'ma_don_vi',
  'ten_don_vi',
  'cap',
  'don_vi_cap_tren',
  'khoi',
  'tinh_trang',
  'con_thieu',
  'muon',
  'tai_khoan_chua_ket_noi_du',
  'so_tai_khoan',
  'tai_khoan_qua_han_xac_nhan',
];

export function reportToCsv(report: ProgressReport): string {
  const lines = [csvRow(REPORT_CSV_HEADER)];
  for (const u of report.units) {
    lines.push(
      csvRow([
        u.id,
        u.name,
        u.level,
        u.parent ?? '',
        u.branch,
        STATUS_LABELS[u.status],
        u.missing.join(' '),
        u.late ? 'có' : 'không',
        String(u.notConnected),
        String(u.accounts),
        String(u.overdue),
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
