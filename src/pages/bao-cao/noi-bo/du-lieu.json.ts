/**
 * The office's ciphertext bundle (src/site/office-bundle.ts): the public report plus the
 * ciphertexts already public in the registry, for /bao-cao/noi-bo/ to decrypt in the browser.
 */
import type { APIRoute } from 'astro';
import { officeBundleJson } from '../../../site/office-bundle.ts';
import { site } from '../../../site/site.ts';

export const GET: APIRoute = () => {
  const { registry, report, today } = site();
  return new Response(officeBundleJson(registry, report, today), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
