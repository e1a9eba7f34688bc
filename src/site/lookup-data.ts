/** The verification index for this build (see src/lib/lookup-index.ts), built once. */
import { hash } from 'node:crypto';
import { buildLookupFacts } from '../lib/lookup.ts';
import { buildLookupIndex, type LookupIndex } from '../lib/lookup-index.ts';
import { site } from './site.ts';

const CACHE = Symbol.for('danh-ba.lookup-index');
type Cache = { [CACHE]?: { registry: unknown; index: Promise<LookupIndex> } };

/** Built once per build and shared by the pages and the bulk writer (globalThis). */
export function lookupIndex(): Promise<LookupIndex> {
  const { registry, today } = site();
  const cache = globalThis as Cache;
  const entry = cache[CACHE];
  if (entry && entry.registry === registry) return entry.index;
  const index = buildLookupIndex(buildLookupFacts(registry, today), (key) => hash('sha256', key));
  cache[CACHE] = { registry, index };
  return index;
}

/** The published digest settings of hidden groups (src/pages/kiem-tra/chi-muc/nhom-an.json.ts). */
export function groupDigestSettingsJson(): string {
  const digest = site().registry.settings.privacy.group_digest;
  return JSON.stringify(digest ? { salt: digest.salt, iterations: digest.iterations } : null);
}
