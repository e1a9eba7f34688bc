/** Open data: every unit with its public fields (see src/site/open-data.ts for what is left out). */
import type { APIRoute } from 'astro';
import { unitsJson } from '../../site/open-data.ts';
import { site } from '../../site/site.ts';

export const GET: APIRoute = () => {
  const { registry, today } = site();
  return new Response(unitsJson(registry, today), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
