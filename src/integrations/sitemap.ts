/**
 * The sitemap (sitemaps.org protocol): `sitemap-index.xml` pointing to `sitemap-0.xml`,
 * `sitemap-1.xml`… of at most 50,000 addresses each. Every HTML page Astro built, plus
 * every unit page (written outside Astro's router by unit-pages.ts), minus
 * the 404 page, the unit-page shell and the provincial office's internal report page
 * (public, but only for the office: `noindex`, and not announced to crawlers).
 *
 * Written here rather than with @astrojs/sitemap: its object streams took 3–7 s for
 * 137,000 addresses (and it needed the unit ids at config time); this writes the same
 * XML in well under a second. Sorted, so two builds of one registry give the same files.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { site } from '../site/site.ts';
import { OFFICE_PAGE } from '../site/office-format.ts';
import { SHELL_ID } from '../site/unit-shell.ts';

/** The protocol's limit of addresses per sitemap file. */
export const SITEMAP_LIMIT = 50_000;
const XMLNS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Site paths (relative to the base, e.g. `don-vi/x/`) that belong in the sitemap, sorted and unique. */
export function sitemapPaths(pages: readonly string[], unitIds: readonly string[], listings: readonly string[] = []): string[] {
  const paths = new Set<string>();
  for (const raw of pages) {
    const page = raw.replace(/^\/+/, '');
    // HTML pages only (directory format): endpoints such as units.json stay out.
    if (page !== '' && !page.endsWith('/')) continue;
    if (page === '404/' || page.startsWith(`don-vi/${SHELL_ID}/`)) continue;
    // The office's internal report is public but for the office only (noindex, docs/office-report.md).
    if (page.startsWith(OFFICE_PAGE)) continue;
    // Posters are printouts of the unit pages (src/site/poster.ts), not pages to find.
    if (/(^|\/)ap-phich\/$/.test(page)) continue;
    paths.add(page);
  }
  for (const id of unitIds) paths.add(`don-vi/${id}/`);
  for (const listing of listings) paths.add(listing);
  return [...paths].sort();
}

/** File name → XML text. `base` is the absolute address of the site's root, ending in `/`. */
export function renderSitemaps(paths: readonly string[], base: string, limit = SITEMAP_LIMIT): Map<string, string> {
  const files = new Map<string, string>();
  const chunks = Math.max(1, Math.ceil(paths.length / limit));
  for (let i = 0; i < chunks; i++) {
    const urls = paths.slice(i * limit, (i + 1) * limit).map((p) => `<url><loc>${xmlEscape(base + p)}</loc></url>`);
    files.set(`sitemap-${i}.xml`, `${HEAD}<urlset xmlns="${XMLNS}">${urls.join('')}</urlset>\n`);
  }
  const index = [...files.keys()].map((name) => `<sitemap><loc>${xmlEscape(base + name)}</loc></sitemap>`);
  files.set('sitemap-index.xml', `${HEAD}<sitemapindex xmlns="${XMLNS}">${index.join('')}</sitemapindex>\n`);
  return files;
}

export function sitemap(): AstroIntegration {
  let base = '';
  return {
    name: 'sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        const root = new URL(config.base.endsWith('/') ? config.base : `${config.base}/`, config.site ?? 'http://localhost:4321');
        base = root.href;
      },
      'astro:build:done': ({ dir, pages, logger }) => {
        const out = fileURLToPath(dir);
        const model = site();
        const files = renderSitemaps(
          sitemapPaths(
            pages.map((p) => p.pathname),
            model.registry.units.map((u) => u.id),
          ),
          base,
        );
        // Sitemap files of an earlier, larger build (the output folder is kept between builds).
        for (const name of readdirSync(out)) {
          if (/^sitemap-\d+\.xml$/.test(name) && !files.has(name)) rmSync(path.join(out, name), { force: true });
        }
        for (const [name, text] of files) writeFileSync(path.join(out, name), text);
        logger.info(`${files.size - 1} sitemap file(s)`);
      },
    },
  };
}
