/**
 * The unit-page shell of a production build: Astro renders the layout once with these
 * placeholders, and the build-time writer (src/integrations/unit-pages.ts) fills it for
 * every unit with the unit's `UnitPage.astro`, rendered by Astro's Container API.
 * Placeholders are plain words, so Astro's escaping leaves them as they are.
 */
import type { UnitView } from './unit-view.ts';

export const SHELL_ID = 'khuon-trang-don-vi';

export const PLACEHOLDERS = {
  title: 'KTPLACEHOLDERTITLE',
  description: 'KTPLACEHOLDERDESCRIPTION',
  jsonLd: 'KTPLACEHOLDERJSONLD',
  main: 'KTPLACEHOLDERMAIN',
} as const;

/** Production builds use the shell unless UNIT_PAGES=astro asks for Astro to route every unit page. */
export function unitPagesInShell(production: boolean): boolean {
  return production && globalThis.process?.env?.UNIT_PAGES !== 'astro';
}

/** Renders a unit page's content (`UnitPage.astro`) to HTML. */
export type UnitMainRenderer = (view: UnitView) => Promise<string>;

/**
 * The one seam between Astro's prerendering, where `.astro` components are compiled, and
 * the build-time writer, which runs after it in the same process: the shell page leaves
 * its renderer here.
 */
const RENDERER = Symbol.for('danh-ba.unit-main-renderer');

export function offerUnitMainRenderer(render: UnitMainRenderer): void {
  (globalThis as { [RENDERER]?: UnitMainRenderer })[RENDERER] = render;
}

export function takeUnitMainRenderer(): UnitMainRenderer | undefined {
  const slot = globalThis as { [RENDERER]?: UnitMainRenderer };
  const render = slot[RENDERER];
  delete slot[RENDERER];
  return render;
}
