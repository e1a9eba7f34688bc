/**
 * A unit's page, rendered to a string. One renderer serves both paths to the same HTML:
 * `src/pages/don-vi/[id].astro` (dev server, small registries) and the build-time writer
 * `src/integrations/unit-pages.ts`, which at 135,000 units fills Astro's own layout shell
 * for every unit at ~0.05 ms a page instead of routing each page through Astro (~1.7 ms).
 *
 * No JavaScript (the JSON-LD is data). A hidden group shows only that it exists.
 */
import { formatDate } from '../lib/dates.ts';
import { proofNoteHtml } from './proof-note.ts';
import { publicAccounts } from '../lib/lookup.ts';
import { isOverdue, lastConfirmed, recheckMonths } from '../lib/recheck.ts';
import { STATUS_LABELS, type UnitStatus } from '../lib/report.ts';
import { isCurrent, isHiddenGroup, type Unit } from '../registry/model.ts';
import { ROLE_LABELS, ROLES, VISIBILITY_LABELS } from '../schema/index.ts';
import { breakableUrlHtml } from './break-url.ts';
import { displayUrl, facebookHref } from './fb.ts';
import { n } from './format.ts';
import { esc } from './html.ts';
import { jsonLdText } from './json-ld.ts';
import { MAX_LISTED_CHILDREN, pageOf, type SiteModel } from './model.ts';
import { posterHref } from './poster-route.ts';
import { branchHref, href, unitHref } from './paths.ts';

export { esc };

const STATUS_CLASSES: Record<UnitStatus, string> = { complete: 't-ok', partial: 't-warn', missing: 't-bad', dissolved: 't-old' };
const STATUS_ICONS: Record<UnitStatus, string> = { complete: '✓', partial: '◐', missing: '○', dissolved: '–' };

export function statusTag(status: UnitStatus): string {
  return `<span class="tag ${STATUS_CLASSES[status]}"><span aria-hidden="true">${STATUS_ICONS[status]} </span>${STATUS_LABELS[status]}</span>`;
}

export function breadcrumbs(items: ReadonlyArray<readonly [label: string, href?: string]>): string {
  const li = items.map(
    ([label, url], i) =>
      `<li>${url && i < items.length - 1 ? `<a href="${esc(url)}">${esc(label)}</a>` : `<span aria-current="page">${esc(label)}</span>`}</li>`,
  );
  return `<nav class="crumbs" aria-label="Vị trí trang"><ol>${li.join('')}</ol></nav>`;
}

export interface UnitPage {
  title: string;
  description: string;
  /** JSON-LD text for a `<script type="application/ld+json">`. */
  jsonLd: string;
  /** The content of `<main>`'s wrapper. */
  main: string;
}

/**
 * The account's re-confirmation (docs/registry-format.md, recheck_months), on the line
 * that says since when it is official: a warning when overdue. Kept short: at 135,000
 * units every byte of a unit page is 135 KB of the site.
 */
function confirmation(account: NonNullable<Unit['accounts']>[number], unit: Unit, today: string, months: number): string {
  if (isOverdue(account, unit, today, months)) {
    // Never confirmed again: the date just before is the one it has not been confirmed since.
    return account.checked === undefined
      ? ', <strong>chưa được xác nhận lại</strong>'
      : `<br><strong>Chưa được xác nhận lại từ ngày ${formatDate(lastConfirmed(account))}</strong>`;
  }
  return account.checked ? `<br>Xác nhận lần cuối ngày ${formatDate(account.checked)}` : '';
}

const roleOrder = (role: string) => ROLES.indexOf(role as (typeof ROLES)[number]);

export function renderUnitPage(model: SiteModel, unit: Unit, site: URL | undefined): UnitPage {
  const { registry, today } = model;
  const ancestors = model.ancestors(unit);
  const progress = model.progress.get(unit.id)!;
  const children = model.children.get(unit.id) ?? [];
  const branch = model.branchOf(unit.id);
  const successor = unit.successor ? registry.byId.get(unit.successor) : undefined;
  const dissolved = unit.dissolved !== undefined && unit.dissolved <= today;
  const reported = model.reportedFor.get(unit.id) ?? [];
  const accounts = (unit.accounts ?? [])
    .map((account) => ({ account, current: isCurrent(account, unit, today), hidden: isHiddenGroup(account) }))
    .sort(
      (a, b) =>
        Number(b.current) - Number(a.current) ||
        roleOrder(a.account.role) - roleOrder(b.account.role) ||
        (a.account.since < b.account.since ? 1 : -1),
    );
  const current = accounts.filter((a) => a.current);
  const former = accounts.filter((a) => !a.current);
  const endOf = (account: { until?: string | undefined }) => account.until ?? unit.dissolved;
  const absolute = (path: string) => (site ? new URL(path, site).href : path);
  const parent = ancestors[ancestors.length - 1];

  // Public current accounts only: never a hidden group, never a former account.
  const sameAs = [...(unit.website ? [unit.website] : []), ...publicAccounts(unit, today).map((a) => facebookHref(a.url))];
  const jsonLd = jsonLdText({
    '@context': 'https://schema.org',
    '@type': 'Organization',
    name: unit.name,
    ...(unit.short_name ? { alternateName: unit.short_name } : {}),
    url: absolute(unitHref(unit.id)),
    ...(sameAs.length > 0 ? { sameAs } : {}),
    ...(parent ? { parentOrganization: { '@type': 'Organization', name: parent.name, url: absolute(unitHref(parent.id)) } } : {}),
    ...(unit.dissolved ? { dissolutionDate: unit.dissolved } : {}),
  });

  const level = model.levelName(unit.level);
  const description = `${unit.name} (${level}): ${current.length > 0 ? 'các trang, tài khoản, nhóm Facebook chính thức' : 'chưa đăng ký trang Facebook chính thức'} theo danh bạ công đoàn.`;
  const crumbs: [string, string?][] = [
    ['Trang chủ', href()],
    ['Danh bạ', href('don-vi/')],
    ...ancestors.map((a): [string, string] => [a.short_name ?? a.name, unitHref(a.id)]),
    [unit.short_name ?? unit.name],
  ];
  const childrenLink =
    unit.id === model.root.id
      ? href('don-vi/')
      : branch
        ? `${branchHref(branch, pageOf(model.branchPosition.get(unit.id) ?? 0))}#u-${unit.id}`
        : href('don-vi/');
  const fakeGuide = href('huong-dan/nhan-biet-gia-mao/');

  const out: string[] = [breadcrumbs(crumbs), `<h1>${esc(unit.name)}</h1>`];
  if (dissolved) {
    out.push(
      `<p class="note"><strong>Đơn vị đã chấm dứt hoạt động từ ngày ${formatDate(unit.dissolved!)}.</strong> Các tài khoản dưới đây không còn là kênh chính thức.${successor ? ` Đơn vị tiếp nhận: <a href="${unitHref(successor.id)}">${esc(successor.name)}</a>.` : ''}</p>`,
    );
  }
  const facts: string[] = [];
  if (unit.short_name) facts.push(`<dt>Tên viết tắt</dt><dd>${esc(unit.short_name)}</dd>`);
  facts.push(`<dt>Cấp</dt><dd>${esc(level)}</dd>`);
  if (parent) facts.push(`<dt>Cấp trên</dt><dd><a href="${unitHref(parent.id)}">${esc(parent.name)}</a></dd>`);
  if (unit.members !== undefined) facts.push(`<dt>Đoàn viên</dt><dd>${n(unit.members)}</dd>`);
  if (unit.website)
    facts.push(
      `<dt>Trang web</dt><dd><a class="url" href="${esc(unit.website)}">${breakableUrlHtml(displayUrl(unit.website), esc)}</a></dd>`,
    );
  const missing = progress.missing.length > 0 ? ` Còn thiếu: ${progress.missing.map((r) => ROLE_LABELS[r].toLowerCase()).join('; ')}.` : '';
  facts.push(
    `<dt>Đăng ký</dt><dd>${statusTag(progress.status)}${missing}${progress.late ? ' Đăng ký sau hạn.' : ''}${progress.notConnected > 0 ? ` ${progress.notConnected} tài khoản chưa theo dõi đủ các trang chung.` : ''}</dd>`,
  );
  const poster = posterHref(model, unit);
  facts.push(`<dt>Mã đơn vị</dt><dd><code>${esc(unit.id)}</code>${poster ? ` · <a href="${esc(poster)}">In áp phích</a>` : ''}</dd>`);
  out.push(`<dl class="facts card">${facts.join('')}</dl>`, '<h2>Tài khoản Facebook chính thức</h2>');

  if (current.length === 0) {
    out.push(
      `<p>Đơn vị chưa đăng ký tài khoản nào đang hoạt động. Trang nào tự xưng là của đơn vị mà không có ở đây thì <a href="${fakeGuide}">chưa được xác nhận</a>.</p>`,
    );
  } else {
    out.push('<ul>');
    const months = recheckMonths(registry.settings);
    for (const { account, hidden } of current) {
      const visibility = account.role === 'group' ? ` (${VISIBILITY_LABELS[hidden ? 'hidden' : account.visibility!].toLowerCase()})` : '';
      const body = hidden
        ? '<p>Đơn vị có nhóm kín dành cho đoàn viên; địa chỉ nhóm không công bố. Đoàn viên hỏi công đoàn của mình để được mời vào nhóm.</p>'
        : `<p><strong>${esc(account.name)}</strong><br><a class="url" href="${esc(facebookHref(account.url ?? ''))}" rel="noopener">${breakableUrlHtml(displayUrl(facebookHref(account.url ?? '')), esc)}</a></p>`;
      out.push(
        `<li class="card acct"><h3>${ROLE_LABELS[account.role]}${visibility}</h3>${body}<p><span class="tag t-ok"><span aria-hidden="true">✓ </span>Chính thức</span> từ ngày ${formatDate(account.since)}${confirmation(account, unit, today, months)}${proofNoteHtml(account, registry.settings.require_proof)}</p></li>`,
      );
    }
    out.push('</ul>');
  }

  if (former.length > 0) {
    out.push(
      '<h2>Không còn chính thức</h2>',
      '<p>Các địa chỉ này từng là kênh của đơn vị nhưng nay không còn do công đoàn quản lý: đừng tin tin nhắn, lời kêu gọi từ đó.</p>',
      '<ul>',
    );
    for (const { account, hidden } of former) {
      const body = hidden
        ? '<p>Nhóm kín (địa chỉ không công bố).</p>'
        : `<p><strong>${esc(account.name)}</strong><br><span class="url">${breakableUrlHtml(displayUrl(facebookHref(account.url ?? '')), esc)}</span></p>`;
      const end = endOf(account);
      out.push(
        `<li class="card acct old"><h3>${ROLE_LABELS[account.role]}</h3>${body}<p><span class="tag t-old"><span aria-hidden="true">– </span>Không còn chính thức</span> từ ${formatDate(account.since)}${end ? ` đến ${formatDate(end)}` : ''}</p></li>`,
      );
    }
    out.push('</ul>');
  }

  if (reported.length > 0) {
    out.push(
      '<h2>Trang mạo danh đã bị báo cáo</h2>',
      '<p>Các địa chỉ sau giả làm trang của đơn vị: đừng theo dõi, đừng nhắn tin hay gửi tiền.</p>',
      '<ul>',
    );
    for (const r of reported) {
      out.push(
        `<li class="card acct bad"><span class="url">${breakableUrlHtml(displayUrl(facebookHref(r.url)), esc)}</span><br><span class="tag t-bad"><span aria-hidden="true">✕ </span>Giả mạo</span> báo cáo ngày ${formatDate(r.reported)}${r.note ? `: ${esc(r.note)}` : ''}</li>`,
      );
    }
    out.push('</ul>');
  }

  if (children.length > 0) {
    out.push(`<h2>Đơn vị trực thuộc (${n(children.length)})</h2>`);
    if (children.length <= MAX_LISTED_CHILDREN)
      out.push(`<ul class="list">${children.map((c) => `<li><a href="${unitHref(c.id)}">${esc(c.name)}</a></li>`).join('')}</ul>`);
    out.push(
      `<p><a href="${esc(childrenLink)}">${children.length <= MAX_LISTED_CHILDREN ? 'Tình trạng đăng ký của các đơn vị trực thuộc' : `Xem danh sách ${n(children.length)} đơn vị trực thuộc và tình trạng đăng ký`}</a></p>`,
    );
  }
  out.push(
    `<p class="small muted">Thấy sai sót, hoặc một trang mạo danh đơn vị? Xem <a href="${fakeGuide}">cách báo trang giả mạo</a> và <a href="${href('dang-ky/')}">cách cập nhật danh bạ</a>.</p>`,
  );

  return { title: unit.name, description, jsonLd, main: out.join('\n') };
}
