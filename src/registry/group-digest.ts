/**
 * The `url_digest` of a hidden group (docs/registry-format.md, docs/privacy.md): a keyed,
 * slow, one-way digest of the group's canonical key (`group:123456789`), so that the
 * validator finds a group registered twice and /kiem-tra/ recognises a group a member
 * pastes, while the public repository holds no address.
 *
 * PBKDF2-HMAC-SHA256 through WebCrypto: the same code, and the same bytes, in Node, in
 * the browser and in worker threads, with no dependency. Written in the PHC string
 * format, `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>` (unpadded standard base64), so
 * a value states the parameters it was made with.
 *
 * Pure: no Node import (the look-up page and the registration form load it lazily).
 */
import { GROUP_DIGEST_PATTERN } from '../schema/common.ts';

export interface GroupDigestSettings {
  /** Unpadded standard base64 of 16 to 64 random bytes. */
  salt: string;
  iterations: number;
}

/** What registry.yaml gets when `npm run contacts -- encrypt` first needs a digest; see docs/privacy.md for the cost. */
export const DEFAULT_GROUP_DIGEST_ITERATIONS = 300_000;
const HASH_BYTES = 32;
const PREFIX = '$pbkdf2-sha256$i=';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/=+$/, '');
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const padded = text + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

/** A fresh salt for a registry: 16 random bytes. */
export function newDigestSalt(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(16)));
}

/** The `url_digest` of a canonical key (`canonicalize(url).key`), as written in a unit file. */
export async function groupDigest(canonicalKey: string, settings: GroupDigestSettings): Promise<string> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(canonicalKey), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(settings.salt), iterations: settings.iterations }, material, HASH_BYTES * 8);
  return `${PREFIX}${settings.iterations}$${settings.salt}$${toBase64(new Uint8Array(bits))}`;
}

export interface ParsedGroupDigest {
  iterations: number;
  salt: string;
  hash: string;
}

/** The parts of a `url_digest`; undefined when it is not in the format. */
export function parseGroupDigest(value: string): ParsedGroupDigest | undefined {
  if (!GROUP_DIGEST_PATTERN.test(value)) return undefined;
  const [iterations = '', salt = '', hash = ''] = value.slice(PREFIX.length).split('$');
  return { iterations: Number(iterations), salt, hash };
}

/** Whether a digest was made with these settings (else it can never match what the site computes). */
export function digestMatchesSettings(value: string, settings: GroupDigestSettings | undefined): boolean {
  const parsed = parseGroupDigest(value);
  return parsed !== undefined && settings !== undefined && parsed.iterations === settings.iterations && parsed.salt === settings.salt;
}

export { digestKey } from './digest-key.ts';
