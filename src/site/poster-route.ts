/**
 * Which units have a poster and where (src/site/poster.ts): kept apart so that the unit
 * page, and the shared poster page's script, can link to it without the renderer.
 */
import type { Unit } from '../registry/model.ts';
import type { SiteModel } from './model.ts';
import { href } from './paths.ts';

/**
 * Up to this many units, every unit that is not dissolved gets a poster page of its own
 * with its QR code drawn at build time: a province's registry (2,000–5,000 units). At
 * 20,000 units such posters tripled the build and doubled `dist/` (docs/scale.md,
 * "Posters"), so a larger registry has one shared poster page, /ap-phich/, that draws
 * the poster in the browser from the unit page: the unit page links to it without the
 * unit's id (bytes on 135,000 pages), which the page takes from `?id=`, else from the
 * unit page it was opened from, else from a form. `POSTER_UNIT_LIMIT` in the build's
 * environment overrides it (the tests use 0).
 */
export const POSTER_UNIT_LIMIT = 5_000;
/** Accounts listed on a poster; more would not fit one A4 page (the QR code leads to all of them). */
export const POSTER_MAX_ACCOUNTS = 6;
export const POSTER_CSS = 'ap-phich.css';
/** The shared poster page of large registries. */
export const SHARED_POSTER_PATH = 'ap-phich/';

export function posterPath(id: string): string {
  return `don-vi/${id}/ap-phich/`;
}

function unitLimit(): number {
  const raw = globalThis.process?.env?.POSTER_UNIT_LIMIT;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : POSTER_UNIT_LIMIT;
}

/** Every active unit has a poster page of its own (else the shared page serves them). */
export function postersBuilt(model: Pick<SiteModel, 'registry'>): boolean {
  return model.registry.units.length <= unitLimit();
}

const active = (model: Pick<SiteModel, 'today'>, unit: Unit) => !(unit.dissolved !== undefined && unit.dissolved <= model.today);

/** The unit has a poster page of its own. */
export function hasPoster(model: Pick<SiteModel, 'registry' | 'today'>, unit: Unit): boolean {
  return postersBuilt(model) && active(model, unit);
}

/** Where the unit's poster is (its own page, or the shared one), or undefined for a dissolved unit. */
export function posterHref(model: Pick<SiteModel, 'registry' | 'today'>, unit: Unit): string | undefined {
  if (!active(model, unit)) return undefined;
  return postersBuilt(model) ? href(posterPath(unit.id)) : href(SHARED_POSTER_PATH);
}
