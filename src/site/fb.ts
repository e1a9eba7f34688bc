/**
 * Facebook addresses as the pages link and show them. The registry accepts what people
 * paste (`facebook.com/x`, `http://m.facebook.com/x?ref=…`): links use the canonical
 * https address of the account instead, so none is relative, insecure or tracked.
 */
import { accountUrl, canonicalize } from '../registry/facebook-url.ts';

export function facebookHref(url: string): string {
  const canonical = canonicalize(url);
  return canonical.ok ? accountUrl(canonical) : url;
}

/** `https://www.facebook.com/x` → `facebook.com/x` (the trailing slash of a group dropped). */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '');
}
