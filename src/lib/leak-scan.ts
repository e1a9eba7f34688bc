/**
 * What must never be published (registry-format.md, "Privacy"), and a scanner that
 * finds it in the bytes of a built file:
 * - every admin's phone, in any written form: `0905123456`, `+84905123456`,
 *   `84905123456`, `0905 123 456`, `0905.123.456`, `(090) 512-3456`, `&nbsp;` between
 *   groups… (digit groups are joined and compared by their national number);
 * - every admin's email, also with `@` written `%40`, `&#64;` or `&#x40;`;
 * - every hidden group's address, as `groups/<name>` (or `groups%2F`, `groups\/`) and
 *   as its canonical key `group:<name>`, by name and by `fb_id`;
 *   (in an encrypted registry the address is not in the registry at all, only its
 *   `url_age`: nothing of it can be searched, and nothing derived from it but the
 *   digest may be published: see docs/privacy.md);
 * - the `admins_age` and `url_age` ciphertext itself: publishing it gives away nothing today, but
 *   hands everything to whoever gets the office's key later. Each armor line is
 *   recognised by its last 20 characters (the first line's start is the same in every
 *   age file and would match any age file at all). The one file allowed to hold it is
 *   the office's bundle, which carries exactly the ciphertext the public repository
 *   already holds (`withoutArmor`, used by the leak guard for that file).
 * Admins' names are not searched: they are common words and would fail every build.
 *
 * Pure (no Node import): bytes in, findings out. `src/integrations/leak-guard.ts` walks
 * the build output with it. Secrets appear in findings only masked.
 */
import { canonicalize } from '../registry/facebook-url.ts';
import { isHiddenGroup, type Registry } from '../registry/model.ts';
import { AGE_ARMOR_BEGIN, AGE_ARMOR_END } from '../schema/age-armor.ts';

export type SecretKind = 'phone' | 'email' | 'hidden-group' | 'admins-age' | 'url-age';

export const SECRET_LABELS: Record<SecretKind, string> = {
  phone: 'số điện thoại của người quản trị',
  email: 'email của người quản trị',
  'hidden-group': 'địa chỉ nhóm ẩn',
  'admins-age': 'nội dung mã hoá admins_age',
  'url-age': 'nội dung mã hoá url_age (địa chỉ nhóm ẩn)',
};

export interface Secret {
  kind: SecretKind;
  /** Shown instead of the value, everywhere. */
  masked: string;
  /** Registry file it comes from, e.g. `units/huyen/ldld-dak-ha.yaml`. */
  source: string;
  /** Dotted path in that file, e.g. `accounts.0.admins.1.phone`. */
  path: string;
}

export interface SecretSet {
  /** National significant number (no 0, no 84) → secret. */
  phones: Map<string, Secret>;
  /** Domain → local parts, as UTF-8 bytes one character each, lowercased. */
  emails: Map<string, Map<string, Secret>>;
  /** Lowercased group name or numeric id → secret. */
  groups: Map<string, Secret>;
  /** Last `ARMOR_NEEDLE` characters of each armor line → secret. */
  armor: Map<string, Secret>;
  size: number;
}

export interface Leak extends Secret {
  /** Byte offset in the scanned file. */
  offset: number;
  /** 1-based line of that offset. */
  line: number;
}

const ARMOR_NEEDLE = 20;
/** Vietnamese national numbers are 9–10 digits; shorter ones would match too much. */
const MIN_PHONE_DIGITS = 8;
const MAX_PHONE_DIGITS = 14;

const MASK = '•••';

export function maskPhone(digits: string): string {
  return digits.length <= 5 ? MASK : `${digits.slice(0, 3)}${MASK}${digits.slice(-2)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${local.slice(0, 1)}${MASK}@${domain.slice(0, 1)}${MASK}${dot > 0 ? domain.slice(dot) : ''}`;
}

export function maskGroup(name: string): string {
  return `groups/${name.slice(0, 2)}${MASK}`;
}

/** The national significant number of a Vietnamese phone, however it is written. */
export function nationalNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0084')) return digits.slice(4);
  if (phone.trim().startsWith('+') && digits.startsWith('84')) return digits.slice(2);
  if (digits.startsWith('84') && digits.length >= 11) return digits.slice(2);
  if (digits.startsWith('0')) return digits.slice(1);
  return digits;
}

function emptySet(): SecretSet {
  return { phones: new Map(), emails: new Map(), groups: new Map(), armor: new Map(), size: 0 };
}

/** Armor lines between the markers, without blanks. */
function armorLines(armored: string): string[] {
  const lines = armored
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.filter((l) => l !== AGE_ARMOR_BEGIN && l !== AGE_ARMOR_END);
}

/** Everything of the registry that the site must never contain. */
export function collectSecrets(registry: Pick<Registry, 'units' | 'settings'>): SecretSet {
  const set = emptySet();
  const add = <K>(map: Map<K, Secret>, key: K, secret: Secret) => {
    if (!map.has(key)) {
      map.set(key, secret);
      set.size++;
    }
  };
  // A group that is public somewhere (another registration, a follow page) is public.
  const publicGroups = new Set<string>();
  for (const page of registry.settings.follow) {
    const canonical = canonicalize(page.url);
    if (canonical.ok && canonical.kind === 'group') publicGroups.add(canonical.value);
  }
  for (const unit of registry.units) {
    for (const account of unit.accounts ?? []) {
      const canonical = account.url === undefined ? undefined : canonicalize(account.url);
      if (canonical?.ok && canonical.kind === 'group' && !isHiddenGroup(account)) publicGroups.add(canonical.value);
    }
  }
  for (const unit of registry.units) {
    (unit.accounts ?? []).forEach((account, i) => {
      const at = `accounts.${i}`;
      account.admins?.forEach((admin, j) => {
        if (admin.phone !== undefined) {
          const nsn = nationalNumber(admin.phone);
          if (nsn.length >= MIN_PHONE_DIGITS)
            add(set.phones, nsn, { kind: 'phone', masked: maskPhone(`0${nsn}`), source: unit.file, path: `${at}.admins.${j}.phone` });
        }
        if (admin.email !== undefined && admin.email.includes('@')) {
          // Kept as the scanner sees them: UTF-8 bytes, one character each, lowercased.
          const email = asBytes(admin.email.trim()).toLowerCase();
          const cut = email.lastIndexOf('@');
          const domain = email.slice(cut + 1);
          let locals = set.emails.get(domain);
          if (!locals) set.emails.set(domain, (locals = new Map()));
          add(locals, email.slice(0, cut), {
            kind: 'email',
            masked: maskEmail(admin.email.trim().toLowerCase()),
            source: unit.file,
            path: `${at}.admins.${j}.email`,
          });
        }
      });
      if (account.admins_age !== undefined) {
        for (const line of armorLines(account.admins_age)) {
          if (line.length >= ARMOR_NEEDLE)
            add(set.armor, line.slice(-ARMOR_NEEDLE), {
              kind: 'admins-age',
              masked: `${line.slice(-ARMOR_NEEDLE, -ARMOR_NEEDLE + 4)}${MASK}`,
              source: unit.file,
              path: `${at}.admins_age`,
            });
        }
      }
      if (account.url_age !== undefined) {
        for (const line of armorLines(account.url_age)) {
          if (line.length >= ARMOR_NEEDLE)
            add(set.armor, line.slice(-ARMOR_NEEDLE), {
              kind: 'url-age',
              masked: `${line.slice(-ARMOR_NEEDLE, -ARMOR_NEEDLE + 4)}${MASK}`,
              source: unit.file,
              path: `${at}.url_age`,
            });
        }
      }
      if (isHiddenGroup(account)) {
        const canonical = account.url === undefined ? undefined : canonicalize(account.url);
        const names = [canonical?.ok && canonical.kind === 'group' ? canonical.value : undefined, account.fb_id];
        for (const name of names) {
          if (name !== undefined && !publicGroups.has(name))
            add(set.groups, name.toLowerCase(), { kind: 'hidden-group', masked: maskGroup(name), source: unit.file, path: `${at}.url` });
        }
      }
    });
  }
  return set;
}

/** The same secrets but the ciphertext: for the one output file allowed to carry it. */
export function withoutArmor(set: SecretSet): SecretSet {
  return { ...set, armor: new Map(), size: set.size - set.armor.size };
}

/** Each secret's identity, `kind:key` as the scanner matches it (phone by national number, email lowercased…). */
function forEachSecret(set: SecretSet, visit: (id: string, put: (target: SecretSet) => void) => void): void {
  for (const [nsn, secret] of set.phones) visit(`phone:${nsn}`, (t) => t.phones.set(nsn, secret));
  for (const [domain, locals] of set.emails) {
    for (const [local, secret] of locals) {
      visit(`email:${local}@${domain}`, (t) => {
        let map = t.emails.get(domain);
        if (!map) t.emails.set(domain, (map = new Map()));
        map.set(local, secret);
      });
    }
  }
  for (const [name, secret] of set.groups) visit(`group:${name}`, (t) => t.groups.set(name, secret));
  for (const [needle, secret] of set.armor) visit(`armor:${needle}`, (t) => t.armor.set(needle, secret));
}

export function secretIds(set: SecretSet): string[] {
  const ids: string[] = [];
  forEachSecret(set, (id) => ids.push(id));
  return ids;
}

/** The secrets whose id `keep` accepts. */
export function restrictSecrets(set: SecretSet, keep: (id: string) => boolean): SecretSet {
  const out = emptySet();
  forEachSecret(set, (id, put) => {
    if (keep(id)) {
      put(out);
      out.size++;
    }
  });
  return out;
}

// One character per byte (windows-1252 is a total 1:1 map in the WHATWG decoder), so
// string offsets are byte offsets, UTF-8 text and binary files alike.
const BYTES = new TextDecoder('windows-1252');

/** The secret's bytes as the scanner sees them (for non-ASCII emails). */
function asBytes(text: string): string {
  return BYTES.decode(new TextEncoder().encode(text));
}

// Every pattern below is linear: no run is scanned twice (matters on a 1 GB build).
const PHONE_RUN = /(?<!\d)\d+(?:(?:[ .\-()/\t\u00a0]|\u00c2\u00a0|&nbsp;|&#160;){1,3}\d+)*/g;
const DIGIT_GROUP = /\d+/g;
const LATIN_LETTER = /^[A-Za-z]$/;
const AT = /@|%40|&#64;|&#x40;/g;
const LOCAL_CHAR = /[a-z0-9._%+\-!#$&'*/=?^`{|}~\u0080-\uffff]/i;
const DOMAIN_CHAR = /[a-z0-9.\-\u0080-\uffff]/i;
const GROUP = /(?:groups(?:\/|%2f|\\\/)|group:)([a-z0-9._-]+)/gi;
// Starts only where a run starts, so a run is never rescanned from inside.
const BASE64_RUN = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/=]{20,}/g;
/** Longest local part and domain of an email (RFC 5321). */
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Every secret found in `bytes`, at most `limit` (the first ones by offset). */
export function scanBytes(bytes: Uint8Array, secrets: SecretSet, limit = 100): Leak[] {
  if (secrets.size === 0 || bytes.length === 0) return [];
  const text = BYTES.decode(bytes);
  const found: { secret: Secret; offset: number }[] = [];
  const seen = new Set<string>();
  const hit = (secret: Secret, offset: number) => {
    const id = `${secret.source}|${secret.path}|${offset}`;
    if (!seen.has(id)) {
      seen.add(id);
      found.push({ secret, offset });
    }
  };

  if (secrets.phones.size > 0) {
    for (const run of text.matchAll(PHONE_RUN)) {
      if (run[0].length < MIN_PHONE_DIGITS) continue;
      // Digits glued to a Latin letter are a token, not a number as written: a hex key of the
      // look-up index ("…ede911117864a…") held an admin's number by chance at 135,000 units.
      const start = run.index ?? 0;
      if (LATIN_LETTER.test(text.charAt(start - 1)) || LATIN_LETTER.test(text.charAt(start + run[0].length))) continue;
      const groups = [...run[0].matchAll(DIGIT_GROUP)];
      const inRun = new Set<Secret>();
      // Any consecutive groups, starting and ending at group edges: "0905 123 456 2019"
      // holds the phone, "100000000905123456" (one longer number) does not.
      for (let a = 0; a < groups.length; a++) {
        let digits = '';
        for (let z = a; z < groups.length && digits.length < MAX_PHONE_DIGITS; z++) {
          digits += groups[z]?.[0] ?? '';
          if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) continue;
          for (const nsn of [digits, digits.replace(/^0/, ''), digits.replace(/^84/, ''), digits.replace(/^0084/, '')]) {
            const secret = secrets.phones.get(nsn);
            if (secret && !inRun.has(secret)) {
              inRun.add(secret);
              hit(secret, (run.index ?? 0) + (groups[a]?.index ?? 0));
            }
          }
        }
      }
    }
  }

  if (secrets.emails.size > 0) {
    for (const at of text.matchAll(AT)) {
      const i = at.index ?? 0;
      let start = i;
      while (start > 0 && i - start < MAX_LOCAL && LOCAL_CHAR.test(text.charAt(start - 1))) start--;
      let end = i + at[0].length;
      while (end < text.length && end - i < MAX_DOMAIN && DOMAIN_CHAR.test(text.charAt(end))) end++;
      const local = text.slice(start, i).toLowerCase();
      const domain = text
        .slice(i + at[0].length, end)
        .toLowerCase()
        .replace(/[.-]+$/, '');
      // The domain as written, then cut at each dot from the right ("a@b.vn.html" is checked as a@b.vn too).
      for (let d = domain; d !== ''; d = d.includes('.') ? d.slice(0, d.lastIndexOf('.')) : '') {
        const locals = secrets.emails.get(d);
        if (!locals) continue;
        for (const [w, secret] of locals) {
          // "a@…" is in "data-x=a@…", not in "xa@…".
          if (local === w || (local.endsWith(w) && !/[a-z0-9]/.test(local.charAt(local.length - w.length - 1))))
            hit(secret, start + local.length - w.length);
        }
      }
    }
  }

  if (secrets.groups.size > 0) {
    for (const match of text.matchAll(GROUP)) {
      const name = (match[1] ?? '').toLowerCase().replace(/[.]+$/, '');
      const secret = secrets.groups.get(name);
      if (secret) hit(secret, match.index ?? 0);
    }
  }

  if (secrets.armor.size > 0) {
    const scanArmor = (haystack: string) => {
      for (const run of haystack.matchAll(BASE64_RUN)) {
        const s = run[0];
        for (let i = 0; i + ARMOR_NEEDLE <= s.length; i++) {
          const secret = secrets.armor.get(s.slice(i, i + ARMOR_NEEDLE));
          if (secret) hit(secret, (run.index ?? 0) + i);
        }
      }
    };
    scanArmor(text);
    // JSON may write "/" as "\/" (offsets are then approximate).
    if (text.includes('\\/')) scanArmor(text.replaceAll('\\/', '/'));
  }

  found.sort((a, b) => a.offset - b.offset);
  return found.slice(0, limit).map(({ secret, offset }) => ({ ...secret, offset, line: lineOf(text, offset) }));
}

/** Above this many secrets, a prefilter would not be faster than `scanBytes` itself. */
const PREFILTER_MAX = 64;
const PHONE_SEPARATOR = '(?:[ .\\-()/\\t\u00a0]|\u00c2\u00a0|&nbsp;|&#160;)';
const AT_SIGN = '(?:@|%40|&#64;|&#x40;)';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const ASCII = /^[\x20-\x7e]*$/;

/**
 * A quick test for a few secrets (those new since an earlier clean scan): whenever
 * `scanBytes(bytes, set)` would find something, `mayHoldSecret(text, filter)` is true
 * (the converse does not hold). Each secret becomes one literal-led pattern: a phone's
 * digits with up to three separators between any two, an email's local part, `@` in
 * any spelling and domain, a group's name, an armor line's end. Undefined when the set
 * is large or holds a non-ASCII email (then scan everything with `scanBytes`).
 */
export function secretPrefilter(set: SecretSet): RegExp | undefined {
  if (set.size === 0 || set.size > PREFILTER_MAX) return undefined;
  const patterns: string[] = [];
  for (const nsn of set.phones.keys()) patterns.push([...nsn].join(`${PHONE_SEPARATOR}{0,3}`));
  for (const [domain, locals] of set.emails) {
    for (const local of locals.keys()) {
      if (!ASCII.test(domain) || !ASCII.test(local)) return undefined;
      patterns.push(`${escapeRegExp(local)}${AT_SIGN}${escapeRegExp(domain)}`);
    }
  }
  for (const name of set.groups.keys()) patterns.push(escapeRegExp(name));
  // JSON may write "/" as "\/".
  for (const needle of set.armor.keys()) patterns.push(escapeRegExp(needle).replaceAll('\\/', '\\\\?\\/'));
  return new RegExp(patterns.join('|'), 'i');
}

/**
 * `text`: the bytes one character each, as `scanBytes` reads them (windows-1252) or, 8×
 * faster in Node, as latin1 (`buffer.toString('latin1')`): the two differ only on bytes
 * 0x80–0x9F, which no pattern here can match (they are ASCII, U+00A0 and U+00C2, and
 * case folding without the `u` flag never maps a non-ASCII character to an ASCII one).
 */
export function mayHoldSecret(text: string, filter: RegExp): boolean {
  return filter.test(text);
}

/** One line for people: file, line, what leaked (masked) and where it comes from. */
export function leakMessage(file: string, leak: Leak): string {
  return `${file}:${leak.line}: lộ ${SECRET_LABELS[leak.kind]} (${leak.masked}), lấy từ ${leak.source} (${leak.path}).`;
}
