// @ts-check
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import tailwindcss from '@tailwindcss/vite';
import { leakGuard } from './src/integrations/leak-guard.ts';
import { registryGuard } from './src/integrations/registry-guard.ts';

const site = process.env.SITE_URL || 'http://localhost:4321';
const base = process.env.BASE_PATH || '/';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [
    registryGuard(),
    // The 404 page is not a page to index.
    sitemap({ filter: (page) => !/\/404\/?$/.test(page) }),
    // Last, so that it scans everything the others wrote (the sitemap too).
    leakGuard(),
  ],
  vite: { plugins: [tailwindcss()] },
});
