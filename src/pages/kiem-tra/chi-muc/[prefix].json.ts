/**
 * One shard of the verification index: facts keyed by SHA-256 of the canonical account
 * key (see src/lib/lookup-index.ts). Carries no address, so hidden groups stay hidden.
 * Production builds write the shards in src/integrations/unit-pages.ts instead (faster).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { lookupIndex } from '../../../site/lookup-data.ts';
import { unitPagesInShell } from '../../../site/unit-shell.ts';

export const getStaticPaths = (async () =>
  unitPagesInShell(import.meta.env.PROD)
    ? []
    : [...(await lookupIndex()).shards.keys()].map((prefix) => ({ params: { prefix } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) =>
  new Response((await lookupIndex()).shards.get(params.prefix ?? '') ?? '{}', {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
