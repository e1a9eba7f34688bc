/** The site model of this build (see model.ts), computed once and shared by every page. */
import { buildSiteModel, type SiteModel } from './model.ts';
import { loadSiteRegistry } from './registry.ts';

let model: SiteModel | undefined;

/** Throws on an invalid registry: the build must fail closed. */
export function site(): SiteModel {
  if (!model) {
    const { registry, today } = loadSiteRegistry();
    model = buildSiteModel(registry, today);
  }
  return model;
}
