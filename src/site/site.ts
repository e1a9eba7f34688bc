/** The site model of this build (see model.ts), computed once and shared by every page. */
import { buildSiteModel, type SiteModel } from './model.ts';
import { loadSiteRegistry } from './registry.ts';

const CACHE = Symbol.for('danh-ba.site-model');
type Cache = { [CACHE]?: SiteModel };

/** Throws on an invalid registry: the build must fail closed. Shared by pages and integrations (globalThis). */
export function site(): SiteModel {
  const { registry, today } = loadSiteRegistry();
  const cache = globalThis as Cache;
  const model = cache[CACHE];
  if (model && model.registry === registry && model.today === today) return model;
  return (cache[CACHE] = buildSiteModel(registry, today));
}
