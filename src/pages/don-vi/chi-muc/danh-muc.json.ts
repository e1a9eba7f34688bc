/** The manifest of the search index: unit count per key, so the browser can pick the rarest token. */
import type { APIRoute } from 'astro';
import { searchIndex } from '../../../site/search-data.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(searchIndex().manifest), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
