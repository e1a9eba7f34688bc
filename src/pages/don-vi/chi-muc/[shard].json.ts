/**
 * One shard of the directory's search index (see src/lib/search.ts). Production builds
 * write the shards in src/integrations/unit-pages.ts instead (only the changed ones).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { searchIndex } from '../../../site/search-data.ts';
import { unitPagesInShell } from '../../../site/unit-shell.ts';

export const getStaticPaths = (() =>
  unitPagesInShell(import.meta.env.PROD)
    ? []
    : [...searchIndex().shards.keys()].map((shard) => ({ params: { shard } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(searchIndex().shards.get(params.shard ?? '') ?? '[]', { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
