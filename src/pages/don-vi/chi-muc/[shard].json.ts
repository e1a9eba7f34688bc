/** One shard of the directory's search index (see src/lib/search.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { searchIndex } from '../../../site/search-data.ts';

export const getStaticPaths = (() => [...searchIndex().shards.keys()].map((shard) => ({ params: { shard } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(searchIndex().shards.get(params.shard ?? '') ?? '[]', { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
