/**
 * The verification page's answer, in the browser: the same `answerLookup` as the CLI
 * (`npm run lookup`), fed by ONE shard of the static index. `?url=` answers on load.
 * Everything shown is built with textContent: an address or a name never becomes markup.
 */
import { answerLookup, type LookupAnswer, type LookupStatus } from '../../lib/lookup.ts';
import { factsFromIndex, type Shard } from '../../lib/lookup-index.ts';
import { formatDate } from '../../lib/dates.ts';
import { displayUrl, facebookHref } from '../fb.ts';
import { groupDigestOf } from './verify-group.ts';
import { urlPieces } from '../break-url.ts';

const box = document.getElementById('kiem-tra');
const form = box?.querySelector('form');
const input = box?.querySelector('input');
const out = document.getElementById('ket-qua');

const TITLES: Record<LookupStatus, [icon: string, title: string]> = {
  official: ['✓', 'Chính thức'],
  former: ['–', 'Không còn chính thức'],
  reported: ['✕', 'Trang giả mạo đã bị báo cáo'],
  unknown: ['!', 'Chưa có trong danh bạ'],
  invalid: ['?', 'Không phải địa chỉ một trang Facebook'],
};

type Part = string | Node;
const el = (tag: string, parts: Part[] = [], className?: string): HTMLElement => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...parts);
  return node;
};
const link = (href: string, text: string | Part[]): HTMLAnchorElement => {
  const a = el('a', typeof text === 'string' ? [text] : text) as HTMLAnchorElement;
  a.href = href;
  return a;
};
/** An address that wraps after `/` or `.`, never inside a name. */
const urlParts = (text: string): Part[] =>
  urlPieces(text).flatMap((piece, i) => (i === 0 ? [piece] : [document.createElement('wbr'), piece]));

if (box && form && input && out) {
  const prefixLength = Number(box.dataset.prefixLength);
  const indexBase = box.dataset.index ?? '';
  const unitBase = box.dataset.units ?? '';
  const guide = box.dataset.guide ?? '';
  const directory = box.dataset.directory ?? '';
  // From the page (the schema module would bring zod into the bundle).
  const roleLabels = JSON.parse(box.dataset.roles ?? '{}') as Record<string, string>;

  const fetchShard = async (prefix: string): Promise<Shard | null> => {
    const response = await fetch(`${indexBase}${prefix}.json`);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(String(response.status));
    return (await response.json()) as Shard;
  };

  const nextSteps = (answer: LookupAnswer): Part[][] => {
    const unitLink = answer.unit ? link(`${unitBase}${answer.unit.id}/`, `Trang của ${answer.unit.name} trong danh bạ`) : null;
    switch (answer.status) {
      case 'official':
        return [
          ['Bạn có thể theo dõi, tham gia. Dù vậy, công đoàn không bao giờ hỏi mật khẩu, mã OTP hay đòi chuyển tiền qua tin nhắn.'],
          ...(unitLink ? [[unitLink]] : []),
        ];
      case 'former':
        return [
          ['Đừng tin tin nhắn hay lời kêu gọi từ địa chỉ này: nó không còn do công đoàn quản lý.'],
          ...(unitLink ? [['Địa chỉ hiện tại: ', unitLink]] : []),
        ];
      case 'reported':
        // The message already says not to follow it or send anything.
        return [
          ['Báo cáo trang với Facebook (nút “…” trên trang, chọn “Báo cáo”) và báo cho công đoàn nơi bạn sinh hoạt.'],
          ...(unitLink ? [[unitLink]] : []),
        ];
      case 'unknown':
        return [
          ['Đừng gửi mật khẩu, mã OTP, thông tin cá nhân hay tiền cho trang này.'],
          ['Xem ', link(guide, 'cách nhận biết và báo cáo trang giả mạo'), '.'],
          ['Tìm trang thật của đơn vị trong ', link(directory, 'danh bạ'), '.'],
        ];
      case 'invalid':
        return [['Hãy dán địa chỉ của trang, tài khoản hoặc nhóm, dạng https://www.facebook.com/ten-trang.']];
    }
  };

  const render = (answer: LookupAnswer) => {
    const [icon, title] = TITLES[answer.status];
    const iconNode = el('span', [icon], 'icon');
    iconNode.setAttribute('aria-hidden', 'true');
    const card = el('div', [el('h2', [iconNode, title]), el('p', [answer.message])], `verdict v-${answer.status}`);
    card.dataset.status = answer.status;
    if (answer.input.trim()) card.append(el('p', ['Địa chỉ đã kiểm tra: ', ...urlParts(answer.input.trim())], 'input-echo'));
    const facts: Part[][] = [];
    if (answer.unit && answer.status !== 'reported') facts.push(['Đơn vị: ', link(`${unitBase}${answer.unit.id}/`, answer.unit.name)]);
    if (answer.role && answer.role !== 'follow') facts.push([`Loại: ${roleLabels[answer.role] ?? answer.role}`]);
    if (answer.since) facts.push([`Từ ngày ${formatDate(answer.since)}${answer.until ? ` đến ngày ${formatDate(answer.until)}` : ''}`]);
    if (facts.length > 0)
      card.append(
        el(
          'ul',
          facts.map((f) => el('li', f)),
        ),
      );
    if (answer.realAccounts.length > 0) {
      card.append(el('h3', ['Trang thật của đơn vị']));
      card.append(
        el(
          'ul',
          answer.realAccounts.map((a) => {
            const href = facebookHref(a.url);
            return el('li', [
              `${roleLabels[a.role] ?? a.role}: `,
              /^https:\/\//.test(href) ? link(href, [`${a.name} (`, ...urlParts(displayUrl(href)), ')']) : a.name,
            ]);
          }),
        ),
      );
    }
    card.append(
      el('h3', ['Nên làm gì']),
      el(
        'ul',
        nextSteps(answer).map((step) => el('li', step)),
      ),
    );
    out.replaceChildren(card);
    // On a phone the answer may be below the fold: bring it into view.
    if (card.getBoundingClientRect().top > innerHeight - 120) card.scrollIntoView({ block: 'start' });
  };

  // Hidden groups of an encrypted registry are in the index by digest only.
  const digestOf = groupDigestOf(indexBase);

  const check = async (value: string) => {
    out.replaceChildren(el('p', ['Đang kiểm tra…']));
    try {
      render(await answerLookup(value, (key) => factsFromIndex(key, prefixLength, fetchShard), digestOf));
    } catch {
      out.replaceChildren(el('p', ['Không tải được dữ liệu kiểm tra. Hãy kiểm tra kết nối mạng rồi thử lại.'], 'note'));
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set('url', input.value);
    history.replaceState(null, '', url);
    void check(input.value);
  });
  const initial = new URLSearchParams(location.search).get('url');
  if (initial !== null) {
    input.value = initial;
    void check(initial);
  }
}
