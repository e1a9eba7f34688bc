/**
 * A unit's poster for the noticeboard, /don-vi/<id>/ap-phich/: one printed A4 page with
 * the unit's name, its official accounts, a QR code to its page in the directory (inline
 * SVG made here, at build time) and how to check a page or report an impostor.
 *
 * Built like the unit pages: the build-time writer (src/integrations/unit-pages.ts) fills
 * the directory's layout shell, and src/pages/don-vi/[id]/ap-phich.astro renders the same
 * string in the dev server. A page file per unit costs files and bytes that a national
 * registry cannot afford (docs/scale.md, "Posters"): posters are built while the
 * registry has at most POSTER_UNIT_LIMIT units; above that, unit pages carry no poster
 * link and none is written.
 */
import { formatDate } from '../lib/dates.ts';
import { isCurrent, isHiddenGroup, type Unit } from '../registry/model.ts';
import { ROLE_LABELS, ROLES } from '../schema/index.ts';
import { displayUrl, facebookHref } from './fb.ts';
import type { SiteModel } from './model.ts';
import { href, unitHref } from './paths.ts';
import { POSTER_CSS } from './poster-route.ts';
import { qrSvg } from './qr-svg.ts';
import { esc } from './unit-page.ts';

/** Accounts listed on a poster; more would not fit one A4 page (the QR code leads to all of them). */
export const POSTER_MAX_ACCOUNTS = 6;

/** Everything a poster shows, as plain data: its digest tells the writer whether the page changed without drawing the QR code. */
export interface PosterInput {
  id: string;
  name: string;
  level: string;
  parent: string | null;
  /** Absolute address of the unit's page: what the QR code holds. */
  unitUrl: string;
  checkUrl: string;
  accounts: { role: string; name: string | null; url: string | null; since: string }[];
  more: number;
  directive: string;
  today: string;
}

const roleOrder = (role: string) => ROLES.indexOf(role as (typeof ROLES)[number]);

export function posterInput(model: SiteModel, unit: Unit, site: URL | undefined): PosterInput {
  const absolute = (path: string) => (site ? new URL(path, site).href : path);
  const parentId = unit.parent;
  const current = (unit.accounts ?? [])
    .filter((a) => isCurrent(a, unit, model.today))
    .sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  const shown = current.slice(0, POSTER_MAX_ACCOUNTS).map((a) => {
    const hidden = isHiddenGroup(a);
    return { role: ROLE_LABELS[a.role], name: hidden ? null : a.name, url: hidden ? null : displayUrl(facebookHref(a.url)), since: a.since };
  });
  const { directive } = model.registry.settings;
  return {
    id: unit.id,
    name: unit.name,
    level: model.levelName(unit.level),
    parent: parentId ? (model.registry.byId.get(parentId)?.name ?? null) : null,
    unitUrl: absolute(unitHref(unit.id)),
    checkUrl: absolute(href('kiem-tra/')),
    accounts: shown,
    more: current.length - shown.length,
    directive: `Công văn số ${directive.number} ngày ${formatDate(directive.date)}`,
    today: model.today,
  };
}

/** Long names get a smaller heading, so the longest the schema allows (300 characters) still fits the sheet. */
function nameSize(name: string): 's' | 'm' | 'l' {
  return name.length > 160 ? 's' : name.length > 70 ? 'm' : 'l';
}

export function renderPoster(input: PosterInput): { title: string; description: string; main: string } {
  const accounts =
    input.accounts.length === 0
      ? '<p>Đơn vị chưa đăng ký tài khoản Facebook chính thức nào. Trang nào tự xưng là của đơn vị đều <strong>chưa được công đoàn xác nhận</strong>.</p>'
      : `<ul class="poster-accounts">${input.accounts
          .map((a) =>
            a.url === null
              ? `<li><span class="poster-role">${esc(a.role)}</span> Nhóm kín: địa chỉ không công bố. Đoàn viên hỏi ban chấp hành công đoàn để được mời vào nhóm.</li>`
              : `<li><span class="poster-role">${esc(a.role)}</span> <strong>${esc(a.name ?? '')}</strong><br><span class="url">${esc(a.url)}</span></li>`,
          )
          .join('')}</ul>${input.more > 0 ? `<p class="small">Và ${input.more} tài khoản khác: quét mã để xem đủ.</p>` : ''}`;
  const upper = input.parent ? `Báo ngay cho ${esc(input.parent)} hoặc ban chấp hành công đoàn của bạn` : 'Báo ngay cho ban chấp hành công đoàn của bạn';
  const main = [
    `<link rel="stylesheet" href="${href(POSTER_CSS)}">`,
    `<p class="poster-help no-print">Trang này để in và dán lên bảng tin: dùng lệnh In của trình duyệt (Ctrl + P), khổ A4, hướng dọc. <a href="${unitHref(input.id)}">Về trang của đơn vị</a>.</p>`,
    `<article class="poster poster-name-${nameSize(input.name)}">`,
    '<header class="poster-head"><div>',
    '<p class="poster-kicker">Trang Facebook chính thức của công đoàn</p>',
    `<h1>${esc(input.name)}</h1>`,
    `<p class="poster-level">${esc(input.level)}${input.parent ? ` · trực thuộc ${esc(input.parent)}` : ''}</p>`,
    '</div>',
    `<figure class="poster-qr">${qrSvg(input.unitUrl, `Mã QR dẫn đến trang của ${input.name} trong danh bạ`)}<figcaption>Quét mã để xem trang của đơn vị trong danh bạ<br><span class="url">${esc(input.unitUrl)}</span></figcaption></figure>`,
    '</header>',
    `<section class="poster-list"><h2>Chỉ theo dõi các tài khoản sau</h2>${accounts}</section>`,
    '<div class="poster-steps">',
    `<section><h2>Kiểm tra một trang</h2><ol><li>Mở <span class="url">${esc(input.checkUrl)}</span></li><li>Dán địa chỉ trang, nhóm hoặc tài khoản Facebook cần kiểm tra.</li><li>Chỉ tin trang được báo là <strong>chính thức</strong>.</li></ol></section>`,
    `<section><h2>Gặp trang giả mạo?</h2><ul><li>Đừng theo dõi, đừng nhắn tin, đừng gửi tiền hay thông tin cá nhân.</li><li>Chụp màn hình và ghi lại địa chỉ trang.</li><li>${upper}; bấm “Báo cáo trang” trên Facebook.</li></ul></section>`,
    '</div>',
    `<p class="poster-foot">Danh bạ lập theo ${esc(input.directive)}. Số liệu ngày ${formatDate(input.today)}.</p>`,
    '</article>',
  ].join('\n');
  return {
    title: `Áp phích: ${input.name}`,
    description: `Áp phích in khổ A4 cho bảng tin: các tài khoản Facebook chính thức của ${input.name} và mã QR dẫn đến trang của đơn vị.`,
    main,
  };
}
