import { createHash } from 'node:crypto';

/**
 * A change detector, not a security hash: SHA-1 over the strings as UTF-16 (no UTF-8
 * encoding, which costs more than the hash for Vietnamese text). Parts are separated.
 */
export function digest(...parts: readonly string[]): string {
  const h = createHash('sha1');
  for (const part of parts) h.update(part, 'utf16le').update('\0', 'utf16le');
  return h.digest('base64');
}
