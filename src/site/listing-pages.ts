/**
 * The registry-sized listings, as pages rendered to strings: every branch's and every
 * level's paginated directory (/don-vi/nhanh/…, /don-vi/cap/…) and every branch's
 * progress report (/bao-cao/khoi/…). At 135,000 units these are ~1,600 pages; like the
 * unit pages, a production build writes them from a layout shell, only those that
 * changed (src/integrations/unit-pages.ts), and the dev server or a build with
 * UNIT_PAGES=astro renders the same strings through Astro (the routes under src/pages).
 */
import { formatDate } from '../lib/dates.ts';
import { missingRolesText, percent, TALLY_COLUMNS, type UnitProgress } from '../lib/report.ts';
import type { Unit } from '../registry/model.ts';
import { n, pct } from './format.ts';
import { PAGE_SIZE, type ListedUnit, type SiteModel } from './model.ts';
import { branchHref, href, pageHref, unitHref } from './paths.ts';
import { breadcrumbs, esc, statusTag } from './unit-page.ts';
import type { LISTING_SECTIONS } from './unit-shell.ts';

export type ListingSection = (typeof LISTING_SECTIONS)[number];

export interface ListingPage {
  /** Relative to the site's base, ending in `/`: `don-vi/cap/cdcs/2/`. */
  path: string;
  section: ListingSection;
  title: string;
  description: string;
  /** The content of `<main>`'s wrapper, rendered when asked. */
  main: () => string;
}

// Rows of the long lists: one string per list (a row through Astro's components costs
// ten times a row built here). Same escaping (`esc`) as the unit pages.
const link = (unit: { id: string; name: string }) => `<a href="${unitHref(unit.id)}">${esc(unit.name)}</a>`;
const status = (model: SiteModel, id: string) => statusTag(model.progress.get(id)!.status);

/** A branch, depth-first: indented by depth, each row an anchor (`#u-<id>`) unit pages link to. */
export function treeRows(model: SiteModel, items: readonly ListedUnit[]): string {
  return items
    .map(
      ({ unit, depth }) =>
        `<li id="u-${unit.id}"${depth ? ` style="--d:${Math.min(depth, 6)}"` : ''}>${link(unit)}<div class="small muted">${esc(model.levelName(unit.level))} ${status(model, unit.id)}</div></li>`,
    )
    .join('');
}

/** One level's units, with the branch each belongs to. */
export function levelRows(model: SiteModel, units: readonly Unit[]): string {
  return units
    .map((unit) => {
      const branch = model.branchOf(unit.id);
      const branchUnit = branch && branch !== unit.id ? model.registry.byId.get(branch) : undefined;
      return `<li>${link(unit)}<div class="small muted">${branchUnit ? `${esc(branchUnit.short_name ?? branchUnit.name)} ` : ''}${status(model, unit.id)}</div></li>`;
    })
    .join('');
}

/** Units still lacking an account: name, status, what is missing. */
export function lackingRows(units: readonly UnitProgress[]): string {
  return units
    .map(
      (u) =>
        `<tr data-unit="${u.id}"><td>${link(u)}</td><td data-label="Tình trạng">${statusTag(u.status)}</td><td data-label="Còn thiếu">${esc(missingRolesText(u.missing))}</td></tr>`,
    )
    .join('');
}

/** Plain links to units, with an optional note (HTML) after each. */
export function unitLinks(units: readonly UnitProgress[], note: (unit: UnitProgress) => string = () => ''): string {
  return units.map((u) => `<li>${link(u)}${note(u)}</li>`).join('');
}

/** Rows per list on a branch's report page; the rest is in the CSV. */
export const MAX_REPORT_ROWS = 200;

/** Previous, a window of numbers around the current page, next. Nothing for one page. */
export function pager(first: string, current: number, last: number, label = 'Chuyển trang'): string {
  if (last <= 1) return '';
  const pages = new Set<number>([1, last]);
  for (let p = current - 2; p <= current + 2; p++) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const items: string[] = [];
  if (current > 1) items.push(`<li><a href="${pageHref(first, current - 1)}" rel="prev">‹ Trang trước</a></li>`);
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1]! > 1) items.push('<li><span aria-hidden="true">…</span></li>');
    items.push(
      `<li>${p === current ? `<span aria-current="page">${p}</span>` : `<a href="${pageHref(first, p)}" aria-label="Trang ${p}">${p}</a>`}</li>`,
    );
  });
  if (current < last) items.push(`<li><a href="${pageHref(first, current + 1)}" rel="next">Trang sau ›</a></li>`);
  return `<nav aria-label="${esc(label)}"><ul class="pager">${items.join('')}</ul></nav>`;
}

/** Complete and partial units out of those expected, as a CSS bar; its label says the same in words. */
export function progressBar(complete: number, partial: number, expected: number): string {
  return `<div class="bar" role="img" aria-label="${esc(`${pct(complete, expected)} đã đủ, ${pct(partial, expected)} còn thiếu`)}"><i class="b-ok" style="width:${percent(complete, expected)}%"></i><i class="b-part" style="width:${percent(partial, expected)}%"></i></div>`;
}

function paginated<T>(
  items: readonly T[],
  first: string,
  each: (page: { data: readonly T[]; current: number; last: number; start: number; total: number }) => Omit<ListingPage, 'path'>,
): ListingPage[] {
  const last = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  return Array.from({ length: last }, (_, i) => {
    const current = i + 1;
    const start = i * PAGE_SIZE;
    return {
      path: current === 1 ? first : `${first}${current}/`,
      ...each({ data: items.slice(start, start + PAGE_SIZE), current, last, start, total: items.length }),
    };
  });
}

/** A branch and everything under it, depth-first. */
export function branchListingPages(model: SiteModel): ListingPage[] {
  return model.branches
    .filter((b) => (model.children.get(b.id)?.length ?? 0) > 0)
    .flatMap((branch) => {
      const first = `don-vi/nhanh/${branch.id}/`;
      const label = branch.short_name ?? branch.name;
      return paginated(model.branchUnits.get(branch.id) ?? [], first, ({ data, current, last, start, total }) => ({
        section: 'don-vi',
        title: `${branch.name}: các đơn vị${last > 1 ? ` (trang ${current}/${last})` : ''}`,
        description: `Danh sách ${total} đơn vị công đoàn thuộc ${branch.name} và tình trạng đăng ký trang Facebook chính thức.`,
        main: () =>
          [
            breadcrumbs([['Trang chủ', href()], ['Danh bạ', href('don-vi/')], [label]]),
            `<h1>${esc(branch.name)}</h1>`,
            `<p>${n(total)} đơn vị, kể cả <a href="${unitHref(branch.id)}">${esc(label)}</a>; xếp theo cây tổ chức, đơn vị trực thuộc lùi vào trong.${last > 1 ? ` Trang ${current} trên ${last}.` : ''}</p>`,
            pager(first, current, last),
            `<ol class="list tree" start="${start + 1}">${treeRows(model, data)}</ol>`,
            pager(first, current, last, 'Chuyển trang (cuối danh sách)'),
          ].join(''),
      }));
    });
}

/** Every unit of one level, by name. */
export function levelListingPages(model: SiteModel): ListingPage[] {
  return model.levels
    .filter((l) => (model.levelUnits.get(l.id)?.length ?? 0) > 0)
    .flatMap((level) => {
      const first = `don-vi/cap/${level.id}/`;
      const name = model.levelName(level.id);
      return paginated(model.levelUnits.get(level.id) ?? [], first, ({ data, current, last, start, total }) => ({
        section: 'don-vi',
        title: `${name}${last > 1 ? ` (trang ${current}/${last})` : ''}`,
        description: `Danh sách ${total} đơn vị cấp ${name} và tình trạng đăng ký trang Facebook chính thức.`,
        main: () =>
          [
            breadcrumbs([['Trang chủ', href()], ['Danh bạ', href('don-vi/')], [name]]),
            `<h1>${esc(name)}</h1>`,
            `<p>${n(total)} đơn vị, xếp theo tên.${last > 1 ? ` Trang ${current} trên ${last}.` : ''}</p>`,
            pager(first, current, last),
            `<ol class="list" start="${start + 1}">${levelRows(model, data)}</ol>`,
            pager(first, current, last, 'Chuyển trang (cuối danh sách)'),
          ].join(''),
      }));
    });
}

/** One branch's numbers and the units that still lack something. */
export function branchReportPages(model: SiteModel): ListingPage[] {
  const { report } = model;
  return report.byBranch.map((tally) => ({
    path: `bao-cao/khoi/${tally.id}/`,
    section: 'bao-cao',
    title: `Tiến độ: ${tally.name}`,
    description: `Tiến độ đăng ký trang Facebook chính thức của ${tally.name} và các đơn vị trực thuộc.`,
    main: () => {
      const units = model.reportByBranch.get(tally.id) ?? [];
      const lacking = units.filter((u) => u.status === 'missing' || u.status === 'partial');
      const late = units.filter((u) => u.late);
      const notConnected = units.filter((u) => u.notConnected > 0);
      const hasList = (model.children.get(tally.id)?.length ?? 0) > 0 && tally.id !== model.root.id;
      const half = MAX_REPORT_ROWS / 2;
      const out = [
        breadcrumbs([['Trang chủ', href()], ['Báo cáo tiến độ', href('bao-cao/')], [tally.name]]),
        `<h1>Tiến độ: ${esc(tally.name)}</h1>`,
        `<p class="lead">Số liệu tính đến ngày ${formatDate(report.today)}, theo Công văn số ${esc(report.directive.number)}. ${hasList ? `<a href="${branchHref(tally.id)}">Danh bạ của khối</a>` : ''}</p>`,
        '<div class="scroll"><table class="report cards">',
        `<thead><tr>${TALLY_COLUMNS.map(([, label]) => `<th scope="col" class="n">${label}</th>`).join('')}</tr></thead>`,
        `<tbody><tr data-tally="branch:${tally.id}">${TALLY_COLUMNS.map(([key, label]) => `<td class="n" data-label="${label}" data-k="${key}">${n(tally[key])}</td>`).join('')}</tr></tbody>`,
        '</table></div>',
      ];
      if (tally.expected > 0)
        out.push(
          `${progressBar(tally.complete, tally.partial, tally.expected)}<p class="small">${pct(tally.complete, tally.expected)} đơn vị đã đăng ký đủ.</p>`,
        );
      out.push(`<h2>Đơn vị chưa đăng ký đủ (${n(lacking.length)})</h2>`);
      if (lacking.length === 0) out.push('<p>Tất cả các đơn vị của khối đã đăng ký đủ.</p>');
      else {
        out.push(
          '<div class="scroll"><table class="report cards cards-1">',
          '<thead><tr><th scope="col">Đơn vị</th><th scope="col">Tình trạng</th><th scope="col">Còn thiếu</th></tr></thead>',
          `<tbody>${lackingRows(lacking.slice(0, MAX_REPORT_ROWS))}</tbody>`,
          '</table></div>',
        );
        if (lacking.length > MAX_REPORT_ROWS)
          out.push(
            `<p class="small">Và ${n(lacking.length - MAX_REPORT_ROWS)} đơn vị khác: xem <a href="${href('bao-cao/bao-cao.csv')}">bảng tính CSV</a>.</p>`,
          );
      }
      out.push(`<h2>Đăng ký sau hạn ${formatDate(report.deadlines.register)} (${n(late.length)})</h2>`);
      if (late.length === 0) out.push('<p>Không có đơn vị nào của khối đăng ký muộn.</p>');
      else {
        out.push(`<ul class="list">${unitLinks(late.slice(0, half))}</ul>`);
        if (late.length > half) out.push(`<p class="small">Và ${n(late.length - half)} đơn vị khác (xem bảng tính CSV).</p>`);
      }
      out.push(`<h2>Tài khoản chưa theo dõi đủ các trang chung (${n(notConnected.length)} đơn vị)</h2>`);
      if (notConnected.length === 0) out.push('<p>Mọi tài khoản của khối đã kết nối đủ.</p>');
      else {
        out.push(`<ul class="list">${unitLinks(notConnected.slice(0, half), (u) => `: ${u.notConnected} tài khoản`)}</ul>`);
        if (notConnected.length > half)
          out.push(`<p class="small">Và ${n(notConnected.length - half)} đơn vị khác (xem bảng tính CSV).</p>`);
      }
      out.push(
        `<p class="no-print"><a class="btn" href="${href('bao-cao/bao-cao.csv')}" download>Tải bảng tính (CSV) của toàn bộ danh bạ</a></p>`,
      );
      return out.join('');
    },
  }));
}

/** Every listing page of this build. */
export function listingPages(model: SiteModel): ListingPage[] {
  return [...branchListingPages(model), ...levelListingPages(model), ...branchReportPages(model)];
}
