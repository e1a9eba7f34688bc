/**
 * Facebook addresses → canonical account keys (see shared/spec/facebook-urls.md).
 *
 * One pure module, no imports: the validator, the CLI, the form and the site's
 * verification page (bundled for the browser) all use it. `canonicalize` never
 * throws, whatever it is given.
 *
 * Judgement calls, beyond the spec's table:
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
 * - `permalink.php?…&id=<digits>` is that account's post: `id:<digits>`, subpage.
 *   `story.php` is always refused, as the brief lists it; `profile.php?id=N&sk=…`
 *   (a tab) is a subpage.
 * - Names: letters, digits and dots, at least one letter or digit, dots kept.
 *   Group names also accept `_` and `-` (wider than usernames on purpose: a refused
 *   real group would break the registry, an extra "unknown" harms nobody).
 * - Any first segment ending in `.php` that is not handled above is refused.
 * - Only `id` of profile.php / permalink.php and `sk` of profile.php are read;
 *   every other parameter and the `#fragment` are ignored.
 */

export type AccountKind = 'name' | 'id' | 'group';
export type CanonicalOk = { ok: true; key: string; kind: AccountKind; value: string; subpage: boolean; message?: string };
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
const M_POST = 'Đây là bài viết, ảnh hoặc video, không phải trang. Hãy bấm vào tên trang ở đầu bài, rồi ' + COPY;
const M_FEATURE = 'Đây là mục chức năng của Facebook, không phải trang. ' + OPEN;
const M_BAD = 'Địa chỉ trang bị thiếu hoặc sai. Hãy ' + COPY;
// the note on an accepted sub-page
const M_SUB = 'Đây là bài viết hoặc mục con của trang hay nhóm; kết quả là của trang hay nhóm đó.';

const set = (s: string): Set<string> => new Set(s.split(' '));
const SUBS = set('www m mbasic web mobile touch');
const MESSENGER = set('m.me messenger.com www.messenger.com');
const SHARE = set('share sharer sharer.php');
const POSTY = set('photo photo.php photos story.php permalink.php posts reel reels video video.php videos watch stories media notes live');
const FEATURE = set(
  'events marketplace help login logout login.php home home.php hashtag search gaming games notifications messages ' +
    'settings privacy policies legal ads business dialog plugins friends bookmarks saved fundraisers me recover ' +
    'checkpoint reg signup jobs',
);
const GROUP_RESERVED = set('feed discover create joins search');

const LOCALE = /^[a-z]{2}(-[a-z]{2})?$/;
const NAME = /^[a-z0-9.]*[a-z0-9][a-z0-9.]*$/;
const GROUP = /^[a-z0-9._-]*[a-z0-9][a-z0-9._-]*$/;
const DIGITS = /^\d+$/;
const SLUG = /^[^]+-(\d{8,})$/;
const HOME = 'https://www.facebook.com/';

const no = (rule: CanonicalRefusal['rule'], message: string): CanonicalRefusal => ({ ok: false, rule, message });
const NOT_FB = 'url-not-facebook';
const NOT_ACC = 'url-not-account';

/** `subpage`: the address goes past the account's own (a post, a photo, a tab…). */
function ok(kind: AccountKind, value: string, subpage: boolean): CanonicalOk {
  const r: CanonicalOk = { ok: true, key: kind + ':' + value, kind, value, subpage };
  if (subpage) r.message = M_SUB;
  return r;
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
// …/groups/<name>, lower case, nothing else. At least one letter or digit, so never "." or "..".
const COMMON = /^https:\/\/www\.facebook\.com\/(groups\/)?([a-z0-9.]*[a-z0-9][a-z0-9.]*)\/?$/;
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
  if (SPECIAL_FIRST.has(name) || SHARE.has(name) || POSTY.has(name) || FEATURE.has(name) || name.endsWith('.php')) return undefined;
  return ok(DIGITS.test(name) ? 'id' : 'name', name, false);
}

/** Every address, through the URL parser. */
export function canonicalizeFull(input: string): CanonicalResult {
  if (typeof input !== 'string') return no(NOT_FB, M_EMPTY);
  const s = input.trim();
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

  if (first === 'profile.php' || first === 'permalink.php') {
    const id = q.get('id') ?? '';
    const post = first === 'permalink.php';
    if (DIGITS.test(id)) return ok('id', id, post || p.length > 1 || q.has('sk'));
    return no(NOT_ACC, post ? M_POST : M_BAD);
  }
  if (first === 'people' || first === 'pages') {
    const id = p[2] ?? '';
    return DIGITS.test(id) ? ok('id', id, p.length > 3) : no(NOT_ACC, M_BAD);
  }
  if (first === 'groups') {
    const g = (p[1] ?? '').toLowerCase();
    return GROUP.test(g) && !GROUP_RESERVED.has(g) ? ok('group', g, p.length > 2) : no(NOT_ACC, M_HOME);
  }

  // `/p/<slug>-<digits>` and `/pg/<name>/…` carry the account one segment further.
  const at = first === 'p' || first === 'pg' ? 1 : 0;
  const seg = p[at] ?? '';
  const name = seg.toLowerCase();
  const rest = p.length > at + 1;
  if (SHARE.has(name)) return no(NOT_ACC, M_SHARE);
  if (POSTY.has(name)) return no(NOT_ACC, M_POST);
  if (FEATURE.has(name) || name.endsWith('.php')) return no(NOT_ACC, M_FEATURE);
  const slug = SLUG.exec(seg);
  if (slug) return ok('id', slug[1] ?? '', rest);
  if (DIGITS.test(name)) return ok('id', name, rest);
  if (NAME.test(name)) return ok('name', name, rest);
  return no(NOT_ACC, M_BAD);
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
  if (kind === 'name' && NAME.test(v) && !DIGITS.test(v)) return HOME + v;
  if (kind === 'id' && DIGITS.test(v)) return HOME + 'profile.php?id=' + v;
  if (kind === 'group' && GROUP.test(v)) return HOME + 'groups/' + v + '/';
  throw new TypeError('Not a canonical account key: ' + key);
}

/** true when the key is a group key */
export function isGroupKey(key: string): boolean {
  return key.startsWith('group:');
}
