/**
 * The directory's name search, as a static index: no server, and no page ships the
 * whole registry (it must scale to ~135,000 units).
 *
 * Design
 * - Names are folded (`foldVietnamese`: lowercase ASCII, diacritics removed, đ → d),
 *   so "cong doan dak ha" and "Công đoàn Đắk Hà" are the same query.
 * - A unit is indexed under the tokens of its folded name and of its id.
 * - Shards are keyed by token prefix: first the first 2 letters; a shard over the byte
 *   budget is split by one more letter (up to `maxKey` letters). When a prefix is
 *   split, the units having that prefix as a whole token stay in an "exact" shard
 *   under the same key (so "xa" still finds "xã"). A shard that cannot be split (all
 *   its units share one whole token, like "cong" or "doan") is capped: it lists the
 *   highest-level units first and is marked truncated.
 * - A small manifest gives each key's unit count. The browser picks the rarest token
 *   of the query, downloads that ONE shard (≤ `maxShardBytes`), and filters it by every
 *   token of the query (each query token must start a token of the unit).
 *
 * Pure: no Node or Astro import; the browser script imports the query half.
 */

/** One row of a shard: what a result line shows. `branch` is '' for the root. */
export type SearchEntry = [id: string, name: string, level: string, branch: string];

export interface SearchUnit {
  id: string;
  name: string;
  level: string;
  /** Id of the unit directly under the root that this unit belongs to; '' for the root. */
  branch: string;
}

/** Shard flags in the manifest. */
export const TRUNCATED = 1;
/** The key was split: its shard holds only units having the key as a whole token. */
export const EXACT = 2;
/** The key was split and no unit has it as a whole token: there is no file. */
export const NO_FILE = 4;

export interface SearchManifest {
  v: 1;
  /** Units in the registry. */
  n: number;
  /** Longest key. */
  max: number;
  /** key → number of units having a token that starts with the key (before any cap). */
  s: Record<string, number>;
  /** key → flags (only keys with flags). */
  f: Record<string, number>;
}

export interface SearchIndex {
  manifest: SearchManifest;
  /** key → JSON text of `SearchEntry[]` */
  shards: Map<string, string>;
}

export interface SearchIndexOptions {
  /** Budget of one shard file, in bytes of JSON (default 48 KB, ~6 KB gzipped): a phone parses it in a few ms. */
  maxShardBytes?: number;
  minKey?: number;
  maxKey?: number;
  /** Orders units inside a capped shard: lower first (e.g. the level's index). */
  rank?: (unit: SearchUnit) => number;
}

const COMBINING = /[\u0300-\u036f]/g;

/** "Công đoàn Đắk Hà" → "cong doan dak ha". */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(COMBINING, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** Every precomposed Vietnamese letter → its folded form, built once from foldVietnamese itself. */
let FOLDED_LETTERS: Map<string, string> | undefined;
const VIETNAMESE_LETTERS = 'aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ';

/**
 * The same result as `foldVietnamese`, several times faster on Vietnamese names (no
 * Unicode normalisation per call): what the directory search does for every name of a
 * shard on a phone. Falls back to `foldVietnamese` for any other non-ASCII text.
 */
export function foldName(text: string): string {
  if (!FOLDED_LETTERS) {
    FOLDED_LETTERS = new Map();
    for (const c of VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.toUpperCase()) FOLDED_LETTERS.set(c, foldVietnamese(c));
  }
  let out = '';
  for (const c of text) {
    if (c < '\u0080') out += c.toLowerCase();
    else {
      const folded = FOLDED_LETTERS.get(c);
      if (folded === undefined) return foldVietnamese(text);
      out += folded;
    }
  }
  return out;
}

/** Folded words: letters and digits only. */
export function tokenize(text: string): string[] {
  return foldVietnamese(text)
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** The tokens a unit is found by: its name's and its id's. */
export function unitTokens(id: string, name: string): string[] {
  return [
    ...new Set([
      ...foldName(name)
        .split(/[^a-z0-9]+/)
        .filter((t) => t.length > 0),
      ...id.split('-'),
    ]),
  ];
}

export function buildSearchIndex(units: readonly SearchUnit[], options: SearchIndexOptions = {}): SearchIndex {
  const maxShardBytes = options.maxShardBytes ?? 48_000;
  const minKey = options.minKey ?? 2;
  const maxKey = options.maxKey ?? 8;
  const rank = options.rank ?? (() => 0);

  // In result order once (stable: ties stay in registry order). Every member list below
  // is built by walking rows in this order, so it is already sorted.
  const rows = units
    .map((u) => ({ unit: u, rank: rank(u), tokens: unitTokens(u.id, u.name), json: JSON.stringify([u.id, u.name, u.level, u.branch]) }))
    .sort((a, b) => a.rank - b.rank || (a.unit.name < b.unit.name ? -1 : a.unit.name > b.unit.name ? 1 : 0));
  const manifest: SearchManifest = { v: 1, n: units.length, max: minKey, s: {}, f: {} };
  const shards = new Map<string, string>();
  type Row = (typeof rows)[number];

  const emit = (key: string, members: Row[], flags: number) => {
    const parts: string[] = [];
    let bytes = 2;
    for (const row of members) {
      if (bytes + row.json.length + 1 > maxShardBytes) {
        flags |= TRUNCATED;
        break;
      }
      parts.push(row.json);
      bytes += row.json.length + 1;
    }
    shards.set(key, `[${parts.join(',')}]`);
    if (flags) manifest.f[key] = flags;
  };

  // Group by the first `minKey` letters; tokens shorter than that are not indexed (a
  // one-letter query token only filters). A hit is a unit with one of its tokens: each
  // level of the tree below looks only at the tokens that got there, in row order.
  type Hit = { row: Row; token: string };
  const byKey = new Map<string, Hit[]>();
  for (const row of rows) {
    for (const token of row.tokens) {
      if (token.length < minKey) continue;
      const key = token.slice(0, minKey);
      let hits = byKey.get(key);
      if (!hits) byKey.set(key, (hits = []));
      hits.push({ row, token });
    }
  }
  // A row's hits are next to each other (made row by row, split in order).
  const distinct = (list: readonly Hit[]): Row[] => {
    const out: Row[] = [];
    for (const hit of list) if (out[out.length - 1] !== hit.row) out.push(hit.row);
    return out;
  };
  const fits = (members: readonly Row[]) => {
    let bytes = 2;
    for (const row of members) if ((bytes += row.json.length + 1) > maxShardBytes) return false;
    return true;
  };

  const visit = (key: string, hits: Hit[]) => {
    const members = distinct(hits);
    manifest.s[key] = members.length;
    if (key.length > manifest.max) manifest.max = key.length;
    if (key.length >= maxKey || fits(members)) return emit(key, members, 0);
    const exact: Row[] = []; // a row has each token once: no duplicates
    const children = new Map<string, Hit[]>();
    for (const hit of hits) {
      if (hit.token.length === key.length) exact.push(hit.row);
      else {
        const child = hit.token.slice(0, key.length + 1);
        let list = children.get(child);
        if (!list) children.set(child, (list = []));
        list.push(hit);
      }
    }
    // Nothing longer to split by: every unit has exactly this token. Cap it.
    if (children.size === 0) return emit(key, members, 0);
    if (exact.length > 0) emit(key, exact, EXACT);
    else manifest.f[key] = NO_FILE;
    for (const [child, list] of [...children].sort(([a], [b]) => (a < b ? -1 : 1))) visit(child, list);
  };
  for (const [key, hits] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) visit(key, hits);
  return { manifest, shards };
}

/** How a query is answered: which shard to fetch, or why none. */
export type SearchPlan =
  | { kind: 'shard'; key: string; tokens: string[]; exact: boolean; truncated: boolean }
  | { kind: 'none'; tokens: string[] } // some token matches no unit: no result, nothing to fetch
  | { kind: 'short'; tokens: string[] }; // no token is long enough to choose a shard: type more

/** Picks the rarest usable token of the query. */
export function planSearch(query: string, manifest: SearchManifest, minKey = 2): SearchPlan {
  const tokens = tokenize(query);
  let best: { key: string; count: number; exact: boolean; truncated: boolean } | undefined;
  for (const token of tokens) {
    if (token.length < minKey) continue;
    let key: string | undefined;
    for (let length = Math.min(token.length, manifest.max); length >= minKey; length--) {
      const candidate = token.slice(0, length);
      if (candidate in manifest.s) {
        key = candidate;
        break;
      }
    }
    if (key === undefined) return { kind: 'none', tokens };
    const flags = manifest.f[key] ?? 0;
    const split = (flags & (EXACT | NO_FILE)) !== 0;
    // The key was split and the token is longer: no unit has a token that starts like it.
    if (split && key.length < token.length) return { kind: 'none', tokens };
    if (flags & NO_FILE) continue;
    const count = manifest.s[key] ?? 0;
    // A complete shard beats a partial one, then the smaller one wins.
    const score = (c: { count: number; exact: boolean; truncated: boolean }) => (c.exact || c.truncated ? 1e12 : 0) + c.count;
    const candidate = { key, count, exact: (flags & EXACT) !== 0, truncated: (flags & TRUNCATED) !== 0 };
    if (!best || score(candidate) < score(best)) best = candidate;
  }
  if (!best) return { kind: 'short', tokens };
  return { kind: 'shard', key: best.key, tokens, exact: best.exact, truncated: best.truncated };
}

/** Every query token starts one of the unit's tokens. */
/** `tokens` may be passed when already known (folding is the costly part on a phone). */
export function matchesQuery(
  entry: SearchEntry,
  queryTokens: readonly string[],
  tokens: readonly string[] = unitTokens(entry[0], entry[1]),
): boolean {
  return queryTokens.every((q) => tokens.some((t) => t.startsWith(q)));
}

/** Lower ranks first: more whole-word matches, then higher levels (`levelRank`), then shorter names. */
export function rankMatch(
  entry: SearchEntry,
  queryTokens: readonly string[],
  levelRank = 0,
  tokens: readonly string[] = unitTokens(entry[0], entry[1]),
): number {
  const whole = queryTokens.filter((q) => tokens.includes(q)).length;
  return -whole * 1_000_000 + levelRank * 1000 + Math.min(entry[1].length, 999);
}
