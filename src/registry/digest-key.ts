/**
 * The key under which the duplicate rule and the look-up index know a hidden group whose
 * address is encrypted: `digest:` and the hash of its `url_digest` (the parameters are
 * the registry's). Distinct from every canonical key (`name:`, `id:`, `group:`). Apart
 * from group-digest.ts so that the look-up page's main bundle stays without the digest
 * code, which it loads only for group addresses.
 */
export function digestKey(urlDigest: string): string {
  return `digest:${urlDigest.slice(urlDigest.lastIndexOf('$') + 1)}`;
}
