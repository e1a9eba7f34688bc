// @ts-check
import { defineConfig } from 'astro/config';
import tailwindcss from '@tailwindcss/vite';
import { leakGuard } from './src/integrations/leak-guard.ts';
import { registryGuard } from './src/integrations/registry-guard.ts';
import { sitemap } from './src/integrations/sitemap.ts';
import { unitPages } from './src/integrations/unit-pages.ts';

const site = process.env.SITE_URL || 'http://localhost:4321';
const base = process.env.BASE_PATH || '/';

export default defineConfig({
  // Builds of other registries (tests, benchmarks) keep their own cache: Astro's incremental
  // build trusts what its cache folder recorded for a page.
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  site,
  base,
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [
    registryGuard(),
    // Unit pages and lookup shards are written after Astro's own pages (see the file).
    unitPages(),
    // Every HTML page and every unit page, without the 404 page and the unit-page shell.
    sitemap(),
    // Last, so that it scans everything the others wrote (the sitemap too).
    leakGuard(),
  ],
  experimental: {
    // Pages whose getStaticPaths entry carries an unchanged cacheKey (and whose code is
    // unchanged) are kept from the previous build, not rendered again: the listings and
    // the posters (unit pages have their own writer, src/integrations/unit-pages.ts).
    incrementalBuild: true,
  },
  vite: {
    plugins: [tailwindcss()],
    // The output folder is kept between builds: unit-pages.ts rewrites only what changed
    // and removes whatever this build did not write (src/integrations/output-state.ts).
    build: { emptyOutDir: false },
  },
});
