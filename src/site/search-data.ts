/** The directory's search index for this build (see src/lib/search.ts), built once. */
import { buildSearchIndex, type SearchIndex } from '../lib/search.ts';
import { site } from './site.ts';

let index: SearchIndex | undefined;

export function searchIndex(): SearchIndex {
  if (!index) {
    const model = site();
    index = buildSearchIndex(
      model.registry.units.map((u) => ({ id: u.id, name: u.name, level: u.level, branch: model.branchOf(u.id) })),
      // Inside a capped shard, higher levels first; dissolved units last.
      { rank: (u) => (model.levelIndex.get(u.level) ?? 99) + (model.registry.byId.get(u.id)?.dissolved ? 100 : 0) },
    );
  }
  return index;
}
