/**
 * The registry-sized listings, as plain data: every branch's and every level's paginated
 * directory (/don-vi/nhanh/…, /don-vi/cap/…: the way to browse without JavaScript) and
 * every branch's progress report (/bao-cao/khoi/…). At 135,000 units these are ~1,600
 * pages. The markup is in src/components/BranchListing.astro, LevelListing.astro and
 * BranchReport.astro; src/pages/[...listing].astro renders them, keyed by their view so
 * that a rebuild renders only the pages whose view changed.
 */
import { formatDate } from '../lib/dates.ts';
import { missingRolesText, TALLY_COLUMNS, type Tally, type UnitProgress, type UnitStatus } from '../lib/report.ts';
import type { Unit } from '../registry/model.ts';
import { PAGE_SIZE, type ListedUnit, type SiteModel } from './model.ts';
import { branchHref, href, unitHref, type Crumb } from './paths.ts';

export type ListingSection = 'don-vi' | 'bao-cao';

/** Where a paginated listing is: its first page (relative to the base, ending in `/`), this page and the last. */
export interface PageSpan {
  first: string;
  current: number;
  last: number;
}

export interface UnitRow {
  id: string;
  name: string;
  href: string;
  status: UnitStatus;
}

export interface BranchListingView {
  kind: 'branch';
  crumbs: Crumb[];
  name: string;
  label: string;
  branchHref: string;
  total: number;
  /** The number of the first row (`<ol start>`). */
  start: number;
  span: PageSpan;
  /** Depth-first, each row an anchor (`#u-<id>`) unit pages link to. */
  rows: (UnitRow & { depth: number; level: string })[];
}

export interface LevelListingView {
  kind: 'level';
  crumbs: Crumb[];
  name: string;
  total: number;
  start: number;
  span: PageSpan;
  rows: (UnitRow & { branch?: string })[];
}

export interface BranchReportView {
  kind: 'report';
  /** The branch's id. */
  id: string;
  crumbs: Crumb[];
  name: string;
  today: string;
  directive: string;
  /** The branch's directory, when it has units under it. */
  listHref?: string;
  tally: { key: string; label: string; value: number }[];
  bar?: { complete: number; partial: number; expected: number };
  lacking: { total: number; rows: (UnitRow & { missing: string })[] };
  late: { total: number; rows: UnitRow[] };
  notConnected: { total: number; rows: (UnitRow & { accounts: number })[] };
  deadline: string;
  csvHref: string;
}

export type ListingView = BranchListingView | LevelListingView | BranchReportView;

export interface ListingPage {
  /** Relative to the site's base, ending in `/`: `don-vi/cap/cdcs/2/`. */
  path: string;
  section: ListingSection;
  title: string;
  description: string;
  view: ListingView;
}

/** Rows per list on a branch's report page; the rest is in the CSV. */
export const MAX_REPORT_ROWS = 200;

const row = (model: SiteModel, unit: { id: string; name: string }): UnitRow => ({
  id: unit.id,
  name: unit.name,
  href: unitHref(unit.id),
  status: model.progress.get(unit.id)!.status,
});

function paginated<T>(
  items: readonly T[],
  first: string,
  each: (page: { data: readonly T[]; span: PageSpan; start: number; total: number }) => Omit<ListingPage, 'path'>,
): ListingPage[] {
  const last = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  return Array.from({ length: last }, (_, i) => {
    const current = i + 1;
    const start = i * PAGE_SIZE;
    return {
      path: current === 1 ? first : `${first}${current}/`,
      ...each({ data: items.slice(start, start + PAGE_SIZE), span: { first, current, last }, start, total: items.length }),
    };
  });
}

const pageNote = ({ current, last }: PageSpan) => (last > 1 ? ` (trang ${current}/${last})` : '');

/** A branch and everything under it, depth-first. */
export function branchListingPages(model: SiteModel): ListingPage[] {
  return model.branches
    .filter((b) => (model.children.get(b.id)?.length ?? 0) > 0)
    .flatMap((branch) => {
      const label = branch.short_name ?? branch.name;
      return paginated(model.branchUnits.get(branch.id) ?? [], `don-vi/nhanh/${branch.id}/`, ({ data, span, start, total }) => ({
        section: 'don-vi',
        title: `${branch.name}: các đơn vị${pageNote(span)}`,
        description: `Danh sách ${total} đơn vị công đoàn thuộc ${branch.name} và tình trạng đăng ký trang Facebook chính thức.`,
        view: {
          kind: 'branch',
          crumbs: [['Trang chủ', href()], ['Danh bạ', href('don-vi/')], [label]],
          name: branch.name,
          label,
          branchHref: unitHref(branch.id),
          total,
          start: start + 1,
          span,
          rows: data.map(({ unit, depth }: ListedUnit) => ({ ...row(model, unit), depth, level: model.levelName(unit.level) })),
        },
      }));
    });
}

/** Every unit of one level, by name, with the branch each belongs to. */
export function levelListingPages(model: SiteModel): ListingPage[] {
  return model.levels
    .filter((l) => (model.levelUnits.get(l.id)?.length ?? 0) > 0)
    .flatMap((level) => {
      const name = model.levelName(level.id);
      return paginated(model.levelUnits.get(level.id) ?? [], `don-vi/cap/${level.id}/`, ({ data, span, start, total }) => ({
        section: 'don-vi',
        title: `${name}${pageNote(span)}`,
        description: `Danh sách ${total} đơn vị cấp ${name} và tình trạng đăng ký trang Facebook chính thức.`,
        view: {
          kind: 'level',
          crumbs: [['Trang chủ', href()], ['Danh bạ', href('don-vi/')], [name]],
          name,
          total,
          start: start + 1,
          span,
          rows: data.map((unit: Unit) => {
            const branch = model.branchOf(unit.id);
            const branchUnit = branch && branch !== unit.id ? model.registry.byId.get(branch) : undefined;
            return { ...row(model, unit), ...(branchUnit ? { branch: branchUnit.short_name ?? branchUnit.name } : {}) };
          }),
        },
      }));
    });
}

function reportView(model: SiteModel, tally: Tally): BranchReportView {
  const { report } = model;
  const units = model.reportByBranch.get(tally.id) ?? [];
  const lacking = units.filter((u) => u.status === 'missing' || u.status === 'partial');
  const late = units.filter((u) => u.late);
  const notConnected = units.filter((u) => u.notConnected > 0);
  const half = MAX_REPORT_ROWS / 2;
  const hasList = (model.children.get(tally.id)?.length ?? 0) > 0 && tally.id !== model.root.id;
  const progressRow = (u: UnitProgress) => row(model, u);
  return {
    kind: 'report',
    id: tally.id,
    crumbs: [['Trang chủ', href()], ['Báo cáo tiến độ', href('bao-cao/')], [tally.name]],
    name: tally.name,
    today: formatDate(report.today),
    directive: report.directive.number,
    ...(hasList ? { listHref: branchHref(tally.id) } : {}),
    tally: TALLY_COLUMNS.map(([key, label]) => ({ key, label, value: tally[key] })),
    ...(tally.expected > 0 ? { bar: { complete: tally.complete, partial: tally.partial, expected: tally.expected } } : {}),
    lacking: {
      total: lacking.length,
      rows: lacking.slice(0, MAX_REPORT_ROWS).map((u) => ({ ...progressRow(u), missing: missingRolesText(u.missing) })),
    },
    late: { total: late.length, rows: late.slice(0, half).map(progressRow) },
    notConnected: {
      total: notConnected.length,
      rows: notConnected.slice(0, half).map((u) => ({ ...progressRow(u), accounts: u.notConnected })),
    },
    deadline: formatDate(report.deadlines.register),
    csvHref: href('bao-cao/bao-cao.csv'),
  };
}

/** One branch's numbers and the units that still lack something. */
export function branchReportPages(model: SiteModel): ListingPage[] {
  return model.report.byBranch.map((tally) => ({
    path: `bao-cao/khoi/${tally.id}/`,
    section: 'bao-cao',
    title: `Tiến độ: ${tally.name}`,
    description: `Tiến độ đăng ký trang Facebook chính thức của ${tally.name} và các đơn vị trực thuộc.`,
    view: reportView(model, tally),
  }));
}

/** Every listing page of this build. */
export function listingPages(model: SiteModel): ListingPage[] {
  return [...branchListingPages(model), ...levelListingPages(model), ...branchReportPages(model)];
}
