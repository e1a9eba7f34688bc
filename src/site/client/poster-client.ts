/**
 * The shared poster page (/ap-phich/, the unit's id from `?id=`, else from the unit page
 * that linked here, else from the page's form): reads the unit's public data from the
 * JSON-LD of its page in the directory (name, address, parent, public current accounts:
 * the same the unit page publishes) and renders the poster with the build's own
 * renderer (src/site/poster-render.ts). Hidden groups are not in that data, so they
 * never reach the poster.
 */
import { formatDate } from '../../lib/dates.ts';
import { displayUrl } from '../fb.ts';
import { esc } from '../html.ts';
import { href, unitHref } from '../paths.ts';
import { renderPoster, type PosterInput } from '../poster-render.ts';
import { POSTER_MAX_ACCOUNTS } from '../poster-route.ts';

interface UnitJsonLd {
  name?: unknown;
  url?: unknown;
  sameAs?: unknown;
  parentOrganization?: { name?: unknown };
  dissolutionDate?: unknown;
}

/** A unit id (docs/registry-format.md); not imported from src/schema, which would bring zod into the page. */
const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const box = document.getElementById('ap-phich');
const status = document.getElementById('ap-phich-trang-thai');

function fail(message: string): void {
  if (status) status.innerHTML = `${esc(message)} <a href="${href('don-vi/')}">Tìm đơn vị trong danh bạ</a>.`;
}

/** The unit page this page was opened from, if it was one of this site's. */
function referringUnit(): string | undefined {
  if (!document.referrer) return undefined;
  const from = new URL(document.referrer);
  const prefix = new URL(href('don-vi/'), location.href);
  if (from.origin !== prefix.origin || !from.pathname.startsWith(prefix.pathname)) return undefined;
  const rest = from.pathname.slice(prefix.pathname.length).replace(/\/$/, '');
  return ID_PATTERN.test(rest) ? rest : undefined;
}

async function load(): Promise<void> {
  if (!box) return;
  const given = new URLSearchParams(location.search).get('id');
  const id = given ?? referringUnit();
  if (id === undefined) {
    // Opened directly: ask for the unit's id (shown on its page, "Mã đơn vị").
    const form = document.getElementById('ap-phich-chon');
    if (form) form.hidden = false;
    status?.remove();
    return;
  }
  if (!ID_PATTERN.test(id)) return fail('Mã đơn vị chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ ldld-dak-ha.');
  const response = await fetch(unitHref(id));
  if (response.status === 404) return fail(`Không có đơn vị nào mã “${id}” trong danh bạ.`);
  if (!response.ok) throw new Error(String(response.status));
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const ld = JSON.parse(page.querySelector('script[type="application/ld+json"]')?.textContent ?? '{}') as UnitJsonLd;
  if (typeof ld.name !== 'string' || typeof ld.url !== 'string') throw new Error('no JSON-LD');
  if (typeof ld.dissolutionDate === 'string' && ld.dissolutionDate <= (box.dataset.today ?? '')) {
    return fail(
      `${ld.name} đã chấm dứt hoạt động từ ngày ${formatDate(ld.dissolutionDate)}: không còn tài khoản chính thức để in áp phích.`,
    );
  }
  const facebook = (Array.isArray(ld.sameAs) ? ld.sameAs : []).filter(
    (u): u is string => typeof u === 'string' && /^https:\/\/(www\.)?facebook\.com\//.test(u),
  );
  const input: PosterInput = {
    id,
    name: ld.name,
    level: '',
    parent: typeof ld.parentOrganization?.name === 'string' ? ld.parentOrganization.name : null,
    unitUrl: ld.url,
    // The site's own address, as the QR code's (not the address this copy is served from).
    checkUrl: new URL(href('kiem-tra/'), ld.url).href,
    accounts: facebook
      .slice(0, POSTER_MAX_ACCOUNTS)
      .map((url) => ({ role: 'Trang, tài khoản hoặc nhóm chính thức', name: null, url: displayUrl(url), hidden: false })),
    more: Math.max(0, facebook.length - POSTER_MAX_ACCOUNTS),
    directive: box.dataset.directive ?? '',
    today: box.dataset.today ?? '',
  };
  const poster = renderPoster(input);
  document.title = `${poster.title} · ${document.title.split(' · ').pop() ?? ''}`;
  // Every field went through esc() in renderPoster.
  box.innerHTML = poster.main;
}

load().catch(() => fail('Chưa tải được thông tin đơn vị. Hãy tải lại trang.'));
