/** robots.txt pointing to the sitemap, under the base path and site address of this build. */
import type { APIRoute } from 'astro';
import { href } from '../site/paths.ts';

export const GET: APIRoute = ({ site }) => {
  const sitemap = new URL(href('sitemap-index.xml'), site).href;
  return new Response(`User-agent: *\nAllow: /\nSitemap: ${sitemap}\n`, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
