/** Open data: one row per account, public fields, formula cells neutralised. */
import type { APIRoute } from 'astro';
import { accountsCsv } from '../../site/open-data.ts';
import { site } from '../../site/site.ts';

export const GET: APIRoute = () => {
  const { registry, today } = site();
  return new Response(accountsCsv(registry, today), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
