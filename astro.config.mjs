// @ts-check
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import tailwindcss from '@tailwindcss/vite';
import { leakGuard } from './src/integrations/leak-guard.ts';
import { registryGuard } from './src/integrations/registry-guard.ts';
import { unitPages } from './src/integrations/unit-pages.ts';
import { unitIdsForSitemap } from './src/site/sitemap-units.ts';

const site = process.env.SITE_URL || 'http://localhost:4321';
const base = process.env.BASE_PATH || '/';
const baseUrl = new URL(base.endsWith('/') ? base : `${base}/`, site);

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [
    registryGuard(),
    // Unit pages and lookup shards are written after Astro's own pages (see the file).
    unitPages(),
    sitemap({
      // Unit pages come from the registry's file names (they are written outside Astro's
      // router; duplicates are merged); the 404 page and the unit-page shell are left out.
      filter: (page) => !/\/404\/?$/.test(page) && !page.includes('/khuon-trang-don-vi/'),
      customPages: unitIdsForSitemap().map((id) => new URL(`don-vi/${id}/`, baseUrl).href),
    }),
    // Last, so that it scans everything the others wrote (the sitemap too).
    leakGuard(),
  ],
  vite: { plugins: [tailwindcss()] },
});
