/**
 * The static verification index: facts keyed by SHA-256 of the canonical key, split
 * into shards by hash prefix. A look-up downloads one shard whatever the registry's
 * size, and nobody can list the index to harvest addresses (see facebook-urls.md).
 * Pure: uses the Web Crypto API, present in browsers and in Node.
 */
import type { LookupFact } from './lookup.ts';

/** Aim for this many keys per shard: a shard of ~40 facts is a few KB. */
const TARGET_PER_SHARD = 40;
/** Hex digits of the hash kept in the shard after the prefix: 96 bits, no collisions in practice. */
const KEPT_HEX = 24;

export interface LookupIndex {
  prefixLength: number;
  /** prefix → JSON text of the shard */
  shards: Map<string, string>;
}

export type Shard = Record<string, LookupFact[]>;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function prefixLengthFor(keys: number): number {
  let length = 1;
  while (length < 4 && keys / 16 ** length > TARGET_PER_SHARD) length++;
  return length;
}

export async function buildLookupIndex(facts: ReadonlyMap<string, readonly LookupFact[]>): Promise<LookupIndex> {
  const prefixLength = prefixLengthFor(facts.size);
  const shards = new Map<string, Shard>();
  for (const [key, list] of facts) {
    const hash = await sha256Hex(key);
    const prefix = hash.slice(0, prefixLength);
    let shard = shards.get(prefix);
    if (!shard) shards.set(prefix, (shard = {}));
    shard[hash.slice(prefixLength, prefixLength + KEPT_HEX)] = [...list];
  }
  const out = new Map<string, string>();
  for (const [prefix, shard] of shards) out.set(prefix, JSON.stringify(shard));
  return { prefixLength, shards: out };
}

/** The facts for a key, fetching one shard: `fetchShard(prefix)` returns the shard or null when none exists. */
export async function factsFromIndex(key: string, prefixLength: number, fetchShard: (prefix: string) => Promise<Shard | null>): Promise<LookupFact[]> {
  const hash = await sha256Hex(key);
  const shard = await fetchShard(hash.slice(0, prefixLength));
  return shard?.[hash.slice(prefixLength, prefixLength + KEPT_HEX)] ?? [];
}
