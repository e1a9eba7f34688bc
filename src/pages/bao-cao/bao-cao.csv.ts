/** The report as a spreadsheet: `reportToCsv` (formula cells neutralised), with a BOM so Excel reads UTF-8. */
import type { APIRoute } from 'astro';
import { reportToCsv } from '../../lib/report.ts';
import { site } from '../../site/site.ts';

export const GET: APIRoute = () =>
  new Response(`\uFEFF${reportToCsv(site().report)}`, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
