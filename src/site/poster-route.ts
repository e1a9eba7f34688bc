/**
 * Which units have a poster and where (src/site/poster.ts): kept apart so that the unit
 * page can link to it without importing the poster's renderer.
 */
import type { Unit } from '../registry/model.ts';
import type { SiteModel } from './model.ts';

/**
 * Up to this many units, every unit that is not dissolved gets a poster: a province's
 * registry (2,000–5,000 units). At 20,000 units posters tripled the build and doubled
 * `dist/` (docs/scale.md, "Posters").
 */
export const POSTER_UNIT_LIMIT = 5_000;
export const POSTER_CSS = 'ap-phich.css';

export function posterPath(id: string): string {
  return `don-vi/${id}/ap-phich/`;
}

export function postersBuilt(model: Pick<SiteModel, 'registry'>): boolean {
  return model.registry.units.length <= POSTER_UNIT_LIMIT;
}

export function hasPoster(model: Pick<SiteModel, 'registry' | 'today'>, unit: Unit): boolean {
  return postersBuilt(model) && !(unit.dissolved !== undefined && unit.dissolved <= model.today);
}

