/** The change feed (Atom): src/site/feed.ts. */
import type { APIRoute } from 'astro';
import { feedXml } from '../../site/feed.ts';
import { site } from '../../site/site.ts';

export const GET: APIRoute = ({ site: siteUrl }) => {
  const { registry, today } = site();
  return new Response(feedXml(registry, today, siteUrl), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
