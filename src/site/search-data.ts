/** The directory's search index for this build (see src/lib/search.ts), built once. */
import { buildSearchIndex, type SearchIndex } from '../lib/search.ts';
import type { Registry } from '../registry/model.ts';
import { site } from './site.ts';

// Shared through globalThis by the pages (Vite) and the bulk writer (Node), like the site model.
const CACHE = Symbol.for('danh-ba.search-index');
type Cache = { [CACHE]?: { registry: Registry; index: SearchIndex } };

export function searchIndex(): SearchIndex {
  const model = site();
  const cache = globalThis as Cache;
  const entry = cache[CACHE];
  if (entry && entry.registry === model.registry) return entry.index;
  const index = buildSearchIndex(
    model.registry.units.map((u) => ({ id: u.id, name: u.name, level: u.level, branch: model.branchOf(u.id) })),
    // Inside a capped shard, higher levels first; dissolved units last.
    { rank: (u) => (model.levelIndex.get(u.level) ?? 99) + (model.registry.byId.get(u.id)?.dissolved ? 100 : 0) },
  );
  cache[CACHE] = { registry: model.registry, index };
  return index;
}
