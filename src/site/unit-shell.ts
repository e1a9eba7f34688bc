/**
 * The unit-page shell: Astro renders the layout once with these placeholders, and the
 * build-time writer replaces them for every unit. Placeholders are plain words, so
 * Astro's escaping leaves them as they are.
 */
import type { UnitPage } from './unit-page.ts';

export const SHELL_ID = 'khuon-trang-don-vi';

export const PLACEHOLDERS = {
  title: 'KTPLACEHOLDERTITLE',
  description: 'KTPLACEHOLDERDESCRIPTION',
  jsonLd: 'KTPLACEHOLDERJSONLD',
  main: 'KTPLACEHOLDERMAIN',
} as const satisfies Record<keyof UnitPage, string>;

export const SHELL: UnitPage = { ...PLACEHOLDERS, main: `<!--${PLACEHOLDERS.main}-->` };

/** Production builds use the shell unless UNIT_PAGES=astro asks for Astro to render every page. */
export function unitPagesInShell(production: boolean): boolean {
  return production && globalThis.process?.env?.UNIT_PAGES !== 'astro';
}

/** Listing shells (src/pages/khuon-trang/[section].astro): one per navigation section. */
export const LISTING_SHELL_DIR = 'khuon-trang';
export const LISTING_SECTIONS = ['don-vi', 'bao-cao'] as const;
