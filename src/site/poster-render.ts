/**
 * A poster's markup from its data (src/site/poster.ts gathers the data at build time).
 * Pure and small, so the shared poster page of a large registry (src/pages/ap-phich/,
 * src/site/client/poster-client.ts) renders the same markup in the browser.
 */
import { formatDate } from '../lib/dates.ts';
import { breakableUrlHtml } from './break-url.ts';
import { esc } from './html.ts';
import { href, unitHref } from './paths.ts';
import { POSTER_CSS } from './poster-route.ts';
import { qrSvg } from './qr-svg.ts';

/** Everything a poster shows, as plain data: its digest tells the writer whether the page changed without drawing the QR code. */
export interface PosterInput {
  id: string;
  name: string;
  level: string;
  parent: string | null;
  /** Absolute address of the unit's page: what the QR code holds. */
  unitUrl: string;
  checkUrl: string;
  /** A hidden group has neither name nor address; an account known only by its address has no name. */
  accounts: { role: string; name: string | null; url: string | null; hidden: boolean }[];
  more: number;
  directive: string;
  today: string;
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
            a.hidden || a.url === null
              ? `<li><span class="poster-role">${esc(a.role)}</span> Nhóm kín: địa chỉ không công bố. Đoàn viên hỏi ban chấp hành công đoàn để được mời vào nhóm.</li>`
              : `<li><span class="poster-role">${esc(a.role)}</span> ${a.name ? `<strong>${esc(a.name)}</strong><br>` : ''}<span class="url">${breakableUrlHtml(a.url, esc)}</span></li>`,
          )
          .join('')}</ul>${input.more > 0 ? `<p class="small">Và ${input.more} tài khoản khác: quét mã để xem đủ.</p>` : ''}`;
  const upper = input.parent
    ? `Báo ngay cho ${esc(input.parent)} hoặc ban chấp hành công đoàn của bạn`
    : 'Báo ngay cho ban chấp hành công đoàn của bạn';
  const main = [
    `<link rel="stylesheet" href="${href(POSTER_CSS)}">`,
    `<p class="poster-help no-print">Trang này để in và dán lên bảng tin: dùng lệnh In của trình duyệt<span class="keys-only"> (Ctrl + P)</span>, khổ A4, hướng dọc. <a href="${unitHref(input.id)}">Về trang của đơn vị</a>.</p>`,
    `<article class="poster poster-name-${nameSize(input.name)}">`,
    '<header class="poster-head"><div>',
    '<p class="poster-kicker">Trang Facebook chính thức của công đoàn</p>',
    `<h1>${esc(input.name)}</h1>`,
    `<p class="poster-level">${[input.level, input.parent ? `trực thuộc ${input.parent}` : ''].filter(Boolean).map(esc).join(' · ')}</p>`,
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
