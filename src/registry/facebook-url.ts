/**
 * Facebook addresses → canonical account keys (see docs/facebook-urls.md).
 *
 * One pure module, no imports: the validator, the CLI, the form and the site's
 * verification page (bundled for the browser) all use it. `canonicalize` never
 * throws, whatever it is given.
 *
 * Judgement calls, beyond the documented table:
 * - No scheme (`facebook.com/x`, `www.facebook.com/x`) or `//facebook.com/x` is read as https.
 *   `host:port/…` without a scheme is read as a host with a port, not as a scheme.
 * - Hosts that give keys: facebook.com; www m mbasic web mobile touch and locale hosts
 *   (`vi`, `vi-vn`: /^[a-z]{2}(-[a-z]{2})?$/) under it; fb.com, www.fb.com, fb.me.
 *   One trailing dot on the host is dropped (`facebook.com.` is facebook.com).
 * - Other subdomains of facebook.com / fb.com / fb.me (business., l., developers., …),
 *   fb.watch, and Messenger (m.me, messenger.com) belong to Facebook, so they are
 *   url-not-account (not url-not-facebook), with a message saying what to paste.
 * - Any `xn--` label, a port other than the default, user info (`user@`), a backslash,
 *   or a host that does not appear literally in the input (full-width letters,
 *   percent-encoded or numeric-shorthand hosts that the URL parser would rewrite)
 *   is url-not-facebook: real addresses never look like that, lures do.
 * - An all-digit first segment (`facebook.com/100064512345678`) is `id:<digits>`
 *   (Facebook usernames are never all digits, and Facebook serves ids there).
 * - `/p/<slug>-<digits>` (Facebook's newer page address) and `/pg/<name>/…` (older
 *   page address) are read like `/<slug>-<digits>` and `/<name>/…`.
 * - Slugs need at least 8 digits after the last hyphen; shorter ones are refused
 *   (a hyphen cannot be in a username).
 * - `permalink.php` / `story.php` with `id=<digits>` are that account's post:
 *   `id:<digits>`, subpage. `profile.php?id=N&sk=…` (a tab) is a subpage.
 * - Names: letters, digits and periods, at least one letter or digit. Periods and
 *   capitalisation do not count (Facebook Help Centre, "Guidelines for creating a
 *   custom username", https://www.facebook.com/help/105399436216001: "Periods (".")
 *   and capitalization can't be used to differentiate usernames. For example,
 *   johnsmith55, John.Smith55 and john.smith.55 are all considered the same
 *   username."), so the key drops them. A name that is all digits once its periods
 *   are dropped is refused: it is neither a username (those hold a letter) nor an id.
 * - Group names keep their periods (the rule is for usernames) and also accept `_`
 *   and `-` (wider than usernames on purpose: a refused real group would break the
 *   registry, an extra "unknown" harms nobody).
 * - Text pasted from a sentence: trailing `.` `,` `)` `;` are dropped. An old
 *   `#!/<path>` address (Facebook's AJAX navigation) means `<path>`.
 * - The first path segment decides: see RESERVED below. Any other first segment
 *   ending in `.php` is refused too.
 * - Only `id` of profile.php / permalink.php / story.php and `sk` of profile.php
 *   are read; every other parameter and the `#fragment` are ignored.
 */

export type AccountKind = 'name' | 'id' | 'group';
/**
 * `typed`: for name keys, the name as written (lower-cased, periods kept), so that a
 * message can show two spellings Facebook treats as one address.
 */
export type CanonicalOk = { ok: true; key: string; kind: AccountKind; value: string; subpage: boolean; message?: string; typed?: string };
export type CanonicalRefusal = { ok: false; rule: 'url-not-facebook' | 'url-not-account'; message: string };
export type CanonicalResult = CanonicalOk | CanonicalRefusal;

// Messages are short on purpose: the module ships to the browser (esbuild escapes each
// accented letter as \uXXXX). Each says what to paste instead.
const PASTE = ' Hãy dán địa chỉ dạng https://www.facebook.com/…';
const COPY = 'sao chép lại địa chỉ trên thanh địa chỉ.';
const OPEN = 'Hãy mở trang hoặc nhóm, rồi ' + COPY;

// url-not-facebook
const M_EMPTY = 'Chưa có địa chỉ.' + PASTE;
const M_HIDDEN = 'Địa chỉ có dấu cách hoặc ký tự ẩn. Hãy ' + COPY;
const M_SCHEME = 'Đây không phải địa chỉ web.' + PASTE;
const M_HOST = 'Địa chỉ không nằm trên facebook.com; trang giả mạo hay dùng tên miền na ná (facebook.com.vn…).' + PASTE;
const M_ODD = 'Địa chỉ có dạng lạ (dấu @, số cổng…), hay gặp ở liên kết lừa đảo.' + PASTE;
// url-not-account
const M_META = 'Đây là dịch vụ khác của Facebook (Messenger…), không phải trang.' + PASTE;
const M_HOME = 'Địa chỉ chưa chỉ tới trang hay nhóm nào. ' + OPEN;
const M_SHARE = 'Đây là liên kết chia sẻ, không phải địa chỉ trang. Hãy mở liên kết, rồi ' + COPY;
// What phones share most is a post's link; the app has no address bar, so say where to tap.
const M_POST =
  'Đây là liên kết của một bài viết, ảnh hoặc video, không phải của trang. Trên điện thoại: chạm vào tên trang ở phía trên bài viết để mở trang, ' +
  'chạm nút ba chấm (…) rồi chọn Sao chép liên kết. Trên máy tính: bấm vào tên trang, rồi ' + COPY;
const M_FEATURE = 'Đây là mục chức năng của Facebook, không phải trang. ' + OPEN;
const M_TOOL = 'Đây là địa chỉ kỹ thuật của Facebook (đăng nhập, nút bấm nhúng vào web, mã theo dõi…), không phải trang. ' + OPEN;
const M_INFO = 'Đây là trang trợ giúp, giới thiệu hoặc chính sách của chính Facebook, không phải trang của đơn vị nào. ' + OPEN;
const M_SEARCH = 'Đây là trang tìm kiếm hoặc danh mục của Facebook. Hãy mở trang cần kiểm tra trong kết quả, rồi ' + COPY;
const M_BAD = 'Địa chỉ trang bị thiếu hoặc sai. Hãy ' + COPY;
// the note on an accepted sub-page
const M_SUB = 'Đây là bài viết hoặc mục con của trang hay nhóm; kết quả là của trang hay nhóm đó.';

const set = (s: string): Set<string> => new Set(s.split(' '));
const SUBS = set('www m mbasic web mobile touch');
const MESSENGER = set('m.me messenger.com www.messenger.com');

/**
 * First path segments that Facebook keeps for itself: never a page name, whatever
 * follows. Built from Facebook's own namespace, each word from a named source (the
 * message each group gets is the second column). Tested in test/facebook-url-reserved.test.ts.
 *
 * 1. Facebook's robots.txt (https://www.facebook.com/robots.txt; a copy is kept in
 *    BrandwatchLtd/robots, src/test/resources/com/brandwatch/robotstxt/): ajax album.php
 *    checkpoint contact_importer dialog fbml feeds file_download.php hashtag
 *    job_application l.php moments_app p.php photo.php photo_comments.php
 *    photo_search.php photos.php plugins share share.php sharer sharer.php tr (and, allowed
 *    to crawlers, safetycheck).
 * 2. Facebook's own page footer (links marked `?ref=pf`), as recorded in the test fixtures
 *    of MyWebIntelligence/MyWebIntelligence (MIT), test/automated/expressionDomain/facebook.js:
 *    badges campaign careers directory help lite login mobile places r.php recover
 *    find-friends policies privacy.
 * 3. Facebook for Developers: the Login dialog `/v<version>/dialog/oauth` ("Manually
 *    Build a Login Flow"), the Meta Pixel's `/tr?id=…`, social plugins under `/plugins/`,
 *    the share dialogs `/dialog/share`, `/sharer/sharer.php`; any `v<major>.<minor>`
 *    segment (see VERSION) is an API version, never a page.
 * 4. apify/crawlee (Apache-2.0), packages/utils/src/internals/social.ts,
 *    FACEBOOK_RESERVED_PATHS: rsrc.php apps events l.php friends images photo.php chat
 *    ajax dyi common policies login recover reg help security messages marketplace live
 *    bookmarks games fundraisers saved gaming salesgroups jobs ads ad_campaign weather
 *    offers recommendations crisisresponse onthisday developers settings connect
 *    business plugins intern sharer (its `groups`, `people`, `pages` are handled as
 *    account addresses here).
 * 5. yt-dlp/yt-dlp (Unlicense), yt_dlp/extractor/facebook.py, the paths its
 *    extractors claim as Facebook's media: video video.php watch watchparty story.php
 *    permalink.php photo.php events reel flx ads plugins.
 * 6. Facebook's own addresses for its features, as its Help Centre and menus link them:
 *    about (/about/privacy, the privacy policy), legal, public (/public/<name>, people
 *    search), search, home.php, home, memories, notes, questions, latest
 *    (/latest/inbox, the business inbox), notifications, logout, signup, me, photo,
 *    reels, stories, media, watch.
 */
const RESERVED = new Map<string, string>();
const reserve = (message: string, words: string): void => {
  for (const w of words.split(' ')) RESERVED.set(w, message);
};
reserve(M_SHARE, 'share share.php sharer sharer.php');
reserve(M_POST, 'photo photo.php photos.php photo_comments.php album.php story.php permalink.php video video.php watch watchparty reel reels stories media live notes');
reserve(M_TOOL, 'dialog plugins tr fbml ajax rsrc.php l.php p.php r.php file_download.php flx connect developers apps dyi common images intern');
reserve(M_INFO, 'about help legal policies privacy careers security safetycheck badges campaign lite mobile crisisresponse weather');
reserve(M_SEARCH, 'search public directory places hashtag find-friends');
reserve(M_HOME, 'home home.php');
reserve(
  M_FEATURE,
  'events marketplace login logout signup reg recover checkpoint contact_importer settings notifications messages chat friends ' +
    'bookmarks saved memories onthisday questions latest games gaming fundraisers jobs job_application ads ad_campaign ' +
    'business salesgroups offers recommendations moments_app feeds me',
);
const VERSION = /^v\d+\.\d+$/;
const GROUP_RESERVED = set('feed discover create joins search');

const LOCALE = /^[a-z]{2}(-[a-z]{2})?$/;
const NAME = /^[a-z0-9.]*[a-z0-9][a-z0-9.]*$/;
const FOLDED = /^[a-z0-9]+$/;
const GROUP = /^[a-z0-9._-]*[a-z0-9][a-z0-9._-]*$/;
const DIGITS = /^\d+$/;
const SLUG = /^[^]+-(\d{8,})$/;
const TRAILING = /[.,);]+$/;
const HOME = 'https://www.facebook.com/';

const no = (rule: CanonicalRefusal['rule'], message: string): CanonicalRefusal => ({ ok: false, rule, message });
const NOT_FB = 'url-not-facebook';
const NOT_ACC = 'url-not-account';

/** `subpage`: the address goes past the account's own (a post, a photo, a tab…). */
function ok(kind: AccountKind, value: string, subpage: boolean, typed?: string): CanonicalOk {
  const r: CanonicalOk = { ok: true, key: kind + ':' + value, kind, value, subpage };
  if (subpage) r.message = M_SUB;
  if (typed !== undefined) r.typed = typed;
  return r;
}

/** The refusal message for a first segment Facebook keeps for itself, if it is one. */
function reservedMessage(first: string): string | undefined {
  return RESERVED.get(first) ?? (VERSION.test(first) || first.endsWith('.php') ? M_TOOL : undefined);
}

/** A lower-cased name segment → its key (periods dropped), an id for all digits, or a refusal. */
function nameResult(name: string, subpage: boolean): CanonicalResult {
  if (DIGITS.test(name)) return ok('id', name, subpage);
  if (!NAME.test(name)) return no(NOT_ACC, M_BAD);
  const folded = name.replace(/\./g, '');
  return FOLDED.test(folded) && !DIGITS.test(folded) ? ok('name', folded, subpage, name) : no(NOT_ACC, M_BAD);
}

/** 0: a host that gives keys; a message: Facebook's own host, but never an account's; 2: not Facebook. */
function hostClass(h: string): 0 | string | 2 {
  if (/(^|\.)xn--/.test(h)) return 2;
  if (h === 'facebook.com' || h === 'fb.com' || h === 'www.fb.com' || h === 'fb.me') return 0;
  if (h.endsWith('.facebook.com')) {
    const sub = h.slice(0, -13);
    return SUBS.has(sub) || LOCALE.test(sub) ? 0 : M_META;
  }
  if (MESSENGER.has(h)) return M_META;
  return h.endsWith('.fb.com') || h.endsWith('.fb.me') || h === 'fb.watch' ? M_META : 2;
}

/** Results already computed: a build canonicalises each registered address in several places. */
// One memo per thread, shared through globalThis: a build loads this module twice (Astro's
// integrations in Node, the pages through Vite) and both canonicalise every address.
const MEMO_KEY = Symbol.for('danh-ba.canonicalize-memo');
const MEMO: Map<string, CanonicalResult> = ((globalThis as { [MEMO_KEY]?: Map<string, CanonicalResult> })[MEMO_KEY] ??= new Map());
const MEMO_LIMIT = 1_000_000;

/**
 * Turns any pasted address into the canonical account key of facebook-urls.md, or a
 * reasoned refusal. Results are remembered (and frozen: callers share them).
 */
export function canonicalize(input: string): CanonicalResult {
  if (typeof input !== 'string') return canonicalizeOnce(input);
  let result = MEMO.get(input);
  if (result === undefined) {
    if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
    MEMO.set(input, (result = Object.freeze(canonicalizeOnce(input))));
  }
  return result;
}

/** `canonicalize` without remembering: for a validation worker, which sees each address once. */
export function canonicalizeOnce(input: string): CanonicalResult {
  return canonicalizeCommon(input) ?? canonicalizeFull(input);
}

// The shape nearly every registered address has: https://www.facebook.com/<name> or
// …/groups/<name>, lower case, nothing else. Ends in a letter or digit (so never "." or
// "..", and no trailing punctuation to drop).
const COMMON = /^https:\/\/www\.facebook\.com\/(groups\/)?([a-z0-9.]*[a-z0-9])\/?$/;
// First segments that `canonicalizeFull` treats specially even on their own.
const SPECIAL_FIRST = set('people pages groups p pg');

/**
 * The common shape without the URL parser, or undefined for anything else. Gives exactly
 * what `canonicalizeFull` gives (tested on every shape it accepts); exported for that test.
 */
export function canonicalizeCommon(input: string): CanonicalOk | undefined {
  const m = COMMON.exec(input);
  if (!m) return undefined;
  const name = m[2] ?? '';
  if (m[1]) return GROUP_RESERVED.has(name) ? undefined : ok('group', name, false);
  if (SPECIAL_FIRST.has(name) || reservedMessage(name) !== undefined) return undefined;
  const r = nameResult(name, false);
  return r.ok ? r : undefined;
}

/** Every address, through the URL parser. */
export function canonicalizeFull(input: string): CanonicalResult {
  if (typeof input !== 'string') return no(NOT_FB, M_EMPTY);
  const s = input.trim().replace(TRAILING, '');
  if (!s) return no(NOT_FB, M_EMPTY);
  if (/[\s\p{Cc}\p{Cf}]/u.test(s)) return no(NOT_FB, M_HIDDEN);
  if (s.includes('\\')) return no(NOT_FB, M_ODD);

  let t = s;
  const scheme = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(s);
  if (s.startsWith('//')) t = 'https:' + s;
  else if (!scheme) t = 'https://' + s;
  else if (!/^https?$/i.test(scheme[1] ?? '')) return no(NOT_FB, M_SCHEME);

  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return no(NOT_FB, M_ODD);
  }
  const h = u.hostname;
  const hc = hostClass(h.endsWith('.') ? h.slice(0, -1) : h);
  if (hc === 2) return no(NOT_FB, M_HOST);
  if (!/^https?:$/.test(u.protocol) || u.username || u.password || u.port || !s.toLowerCase().includes(h)) {
    return no(NOT_FB, M_ODD);
  }
  if (hc) return no(NOT_ACC, hc);

  // `#!/<path>`: Facebook's old in-page navigation; the path after `#!` is the real one.
  if (u.hash.startsWith('#!/')) {
    try {
      u = new URL(u.hash.slice(2), u.origin);
    } catch {
      return no(NOT_ACC, M_BAD);
    }
  }

  const p: string[] = [];
  for (const seg of u.pathname.split('/')) {
    if (!seg) continue;
    try {
      p.push(decodeURIComponent(seg));
    } catch {
      return no(NOT_ACC, M_BAD);
    }
  }
  const q = u.searchParams;
  const first = (p[0] ?? '').toLowerCase();
  if (!first) return no(NOT_ACC, M_HOME);

  if (first === 'profile.php' || first === 'permalink.php' || first === 'story.php') {
    const id = q.get('id') ?? '';
    const post = first !== 'profile.php';
    if (DIGITS.test(id)) return ok('id', id, post || p.length > 1 || q.has('sk'));
    return no(NOT_ACC, post ? M_POST : M_BAD);
  }
  if (first === 'people' || first === 'pages') {
    // `/pages/category/<Category>/<Name>-<digits>`: the id ends the slug.
    if (first === 'pages' && (p[1] ?? '').toLowerCase() === 'category') {
      const slug = SLUG.exec(p[3] ?? '');
      return slug ? ok('id', slug[1] ?? '', p.length > 4) : no(NOT_ACC, M_BAD);
    }
    const id = p[2] ?? '';
    return DIGITS.test(id) ? ok('id', id, p.length > 3) : no(NOT_ACC, M_BAD);
  }
  if (first === 'groups') {
    const g = (p[1] ?? '').toLowerCase();
    return GROUP.test(g) && !GROUP_RESERVED.has(g) ? ok('group', g, p.length > 2) : no(NOT_ACC, M_HOME);
  }
  const reserved = reservedMessage(first);
  if (reserved !== undefined) return no(NOT_ACC, reserved);

  // `/p/<slug>-<digits>` and `/pg/<name or slug>/…` carry the account one segment further.
  const at = first === 'p' || first === 'pg' ? 1 : 0;
  const seg = p[at] ?? '';
  const name = seg.toLowerCase();
  const rest = p.length > at + 1;
  if (at && reservedMessage(name) !== undefined) return no(NOT_ACC, M_BAD);
  const slug = SLUG.exec(seg);
  if (slug) return ok('id', slug[1] ?? '', rest);
  return nameResult(name, rest);
}

/**
 * The public address for a key: name:x → https://www.facebook.com/x,
 * id:N → https://www.facebook.com/profile.php?id=N, group:x → https://www.facebook.com/groups/x/
 * Throws a TypeError for a string that is not a canonical key (a programming error).
 */
export function urlForKey(key: string): string {
  const i = key.indexOf(':');
  const kind = i < 0 ? '' : key.slice(0, i);
  const v = key.slice(i + 1);
  if (kind === 'name' && FOLDED.test(v) && !DIGITS.test(v)) return HOME + v;
  if (kind === 'id' && DIGITS.test(v)) return HOME + 'profile.php?id=' + v;
  if (kind === 'group' && GROUP.test(v)) return HOME + 'groups/' + v + '/';
  throw new TypeError('Not a canonical account key: ' + key);
}

/**
 * The public address of an accepted address, in the spelling it was written with: like
 * `urlForKey(result.key)`, but a username keeps its periods (Facebook reads both spellings
 * as one address; people read `congdoan.kontum` more easily than `congdoankontum`).
 */
export function accountUrl(result: CanonicalOk): string {
  return result.kind === 'name' && result.typed !== undefined ? HOME + result.typed : urlForKey(result.key);
}

/** true when the key is a group key */
export function isGroupKey(key: string): boolean {
  return key.startsWith('group:');
}
