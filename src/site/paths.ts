/**
 * Internal links. Every link goes through `href` so the site works under a base path
 * (`BASE_PATH=/danh-ba/`), as on GitHub Pages.
 */
// Pages get Astro's BASE_URL; the build-time writer (plain Node) reads BASE_PATH as astro.config does.
const RAW_BASE: string = import.meta.env?.BASE_URL ?? globalThis.process?.env?.BASE_PATH ?? '/';
export const BASE = RAW_BASE.endsWith('/') ? RAW_BASE : `${RAW_BASE}/`;

/** A breadcrumb: its label, and its link unless it is the current page. */
export type Crumb = readonly [label: string, href?: string];

/** `href('don-vi/')` → `/danh-ba/don-vi/`; `href()` → the home page. */
export function href(path = ''): string {
  return BASE + path.replace(/^\/+/, '');
}

export function unitHref(id: string): string {
  return href(`don-vi/${id}/`);
}

/** Page `page` (1-based) of a paginated listing whose first page is `first` (ending in `/`). */
export function pageHref(first: string, page: number): string {
  return page <= 1 ? href(first) : href(`${first}${page}/`);
}

export function branchHref(branch: string, page = 1): string {
  return pageHref(`don-vi/nhanh/${branch}/`, page);
}

/** A branch's own progress report page. */
export function reportBranchHref(branch: string): string {
  return href(`bao-cao/khoi/${branch}/`);
}

export function levelHref(level: string, page = 1): string {
  return pageHref(`don-vi/cap/${level}/`, page);
}

/** Links written as `/path/` in Markdown guidance, rewritten under the base path. */
export function rebaseHtmlLinks(html: string): string {
  if (BASE === '/') return html;
  return html.replace(/(\s(?:href|src)=")\/(?!\/)/g, `$1${BASE}`);
}
