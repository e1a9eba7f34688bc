/**
 * The static verification index: facts keyed by SHA-256 of the canonical key, split
 * into shards by hash prefix. A look-up downloads one shard whatever the registry's
 * size, and nobody can list the index to harvest addresses (see facebook-urls.md).
 * Pure: uses the Web Crypto API, present in browsers and in Node.
 */
import type { LookupFact, PublicAccount } from './lookup.ts';
import type { Role } from '../schema/account.ts';

/**
 * At most this many keys per shard on average: ~64 facts are ~12 KB of JSON, ~4 KB as
 * served gzipped. Fewer, larger shards keep the file count down (135,000 units: 4,096
 * shards instead of 65,536), which is what costs most in building and publishing.
 */
const TARGET_PER_SHARD = 64;
/** Hex digits of the hash kept in the shard after the prefix: 96 bits, no collisions in practice. */
const KEPT_HEX = 24;

export interface LookupIndex {
  prefixLength: number;
  /** prefix → JSON text of the shard, for every prefix of `prefixLength` hex digits */
  shards: Map<string, string>;
}

/** A shard as stored: hash suffix → packed facts. */
export type Shard = Record<string, PackedFact[]>;

/**
 * Facts as compact arrays: a shard is about half the size of the same facts as objects.
 * Account: ['a', unit id, unit name, role, account name, since, until or 0, current 1/0, hidden 1/0, last confirmed or 0 (= since), overdue 1/0, proof date or 0, pending proof 1/0]
 * Follow page: ['f', name]. Reported: ['r', unit id, unit name, reported, note or 0, [[role, name, url], …]]
 * Renamed (a former address): ['n', unit id, unit name, role, [role, name, url] of the current address or 0]
 */
export type PackedFact =
  | ['a', string, string, Role, string, string, string | 0, 0 | 1, 0 | 1, string | 0, 0 | 1, string | 0, 0 | 1]
  | ['n', string, string, Role, [Role, string, string] | 0]
  | ['f', string]
  | ['r', string, string, string, string | 0, [Role, string, string][]];

export function packFact(fact: LookupFact): PackedFact {
  switch (fact.kind) {
    case 'account':
      return [
        'a',
        fact.unit.id,
        fact.unit.name,
        fact.role,
        fact.name,
        fact.since,
        fact.until ?? 0,
        fact.current ? 1 : 0,
        fact.hidden ? 1 : 0,
        fact.checked === undefined || fact.checked === fact.since ? 0 : fact.checked,
        fact.overdue ? 1 : 0,
        fact.proof ?? 0,
        fact.pendingProof ? 1 : 0,
      ];
    case 'renamed':
      return ['n', fact.unit.id, fact.unit.name, fact.role, fact.now ? [fact.now.role, fact.now.name, fact.now.url] : 0];
    case 'follow':
      return ['f', fact.name];
    case 'reported':
      return ['r', fact.unit.id, fact.unit.name, fact.reported, fact.note ?? 0, fact.realAccounts.map((a) => [a.role, a.name, a.url])];
  }
}

export function unpackFact(packed: PackedFact): LookupFact {
  switch (packed[0]) {
    case 'a':
      return {
        kind: 'account',
        unit: { id: packed[1], name: packed[2] },
        role: packed[3],
        name: packed[4],
        since: packed[5],
        until: packed[6] === 0 ? null : packed[6],
        current: packed[7] === 1,
        hidden: packed[8] === 1,
        checked: packed[9] === 0 || packed[9] === undefined ? packed[5] : packed[9],
        overdue: packed[10] === 1,
        proof: packed[11] === 0 ? null : packed[11],
        pendingProof: packed[12] === 1,
      };
    case 'n':
      return {
        kind: 'renamed',
        unit: { id: packed[1], name: packed[2] },
        role: packed[3],
        now: packed[4] === 0 ? null : { role: packed[4][0], name: packed[4][1], url: packed[4][2] },
      };
    case 'f':
      return { kind: 'follow', name: packed[1] };
    case 'r':
      return {
        kind: 'reported',
        unit: { id: packed[1], name: packed[2] },
        reported: packed[3],
        note: packed[4] === 0 ? null : packed[4],
        realAccounts: packed[5].map(([role, name, url]): PublicAccount => ({ role, name, url })),
      };
  }
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function prefixLengthFor(keys: number): number {
  let length = 1;
  while (length < 4 && keys / 16 ** length > TARGET_PER_SHARD) length++;
  return length;
}

/** Hex SHA-256 of a key: `sha256Hex` in browsers; the build passes Node's synchronous one (25× faster for 250,000 keys). */
export type HashHex = (text: string) => string | Promise<string>;

export async function buildLookupIndex(
  facts: ReadonlyMap<string, readonly LookupFact[]>,
  hashHex: HashHex = sha256Hex,
): Promise<LookupIndex> {
  const prefixLength = prefixLengthFor(facts.size);
  const shards = new Map<string, Shard>();
  for (const [key, list] of facts) {
    const computed = hashHex(key);
    const hash = typeof computed === 'string' ? computed : await computed;
    const prefix = hash.slice(0, prefixLength);
    let shard = shards.get(prefix);
    if (!shard) shards.set(prefix, (shard = {}));
    shard[hash.slice(prefixLength, prefixLength + KEPT_HEX)] = list.map(packFact);
  }
  // Every prefix gets a shard, empty ones too: a look-up of an unknown address then never
  // meets a 404, which browsers log as a console error (issue 16). At most 16^4 files
  // whatever the registry's size, and at 135,000 units 4,096 files that exist anyway.
  const out = new Map<string, string>();
  for (let i = 0; i < 16 ** prefixLength; i++) {
    const prefix = i.toString(16).padStart(prefixLength, '0');
    const shard = shards.get(prefix);
    out.set(prefix, shard ? JSON.stringify(shard) : '{}');
  }
  return { prefixLength, shards: out };
}

/** The facts for a key, fetching one shard: `fetchShard(prefix)` returns the shard or null when none exists. */
export async function factsFromIndex(
  key: string,
  prefixLength: number,
  fetchShard: (prefix: string) => Promise<Shard | null>,
): Promise<LookupFact[]> {
  const hash = await sha256Hex(key);
  const shard = await fetchShard(hash.slice(0, prefixLength));
  return (shard?.[hash.slice(prefixLength, prefixLength + KEPT_HEX)] ?? []).map(unpackFact);
}
