/**
 * A unit's poster for the noticeboard, /don-vi/<id>/ap-phich/: one printed A4 page with
 * the unit's name, its official accounts, a QR code to its page in the directory (inline
 * SVG made here, at build time) and how to check a page or report an impostor.
 *
 * Rendered by src/pages/don-vi/[id]/ap-phich.astro, an Astro route whose incremental
 * build keeps an unchanged poster (its QR code is not drawn again). A page file per unit costs files and bytes that a national
 * registry cannot afford (docs/scale.md, "Posters"): posters are built while the
 * registry has at most POSTER_UNIT_LIMIT units (src/site/poster-route.ts); above that,
 * none is written and unit pages link to the shared poster page instead.
 */
import { formatDate } from '../lib/dates.ts';
import { isCurrent, isHiddenGroup, type Unit } from '../registry/model.ts';
import { ROLE_LABELS, ROLES } from '../schema/index.ts';
import { displayUrl, facebookHref } from './fb.ts';
import type { SiteModel } from './model.ts';
import { href, unitHref } from './paths.ts';
import type { PosterInput } from './poster-render.ts';
import { POSTER_MAX_ACCOUNTS } from './poster-route.ts';

export { renderPoster, type PosterInput } from './poster-render.ts';
export { POSTER_MAX_ACCOUNTS };

const roleOrder = (role: string) => ROLES.indexOf(role as (typeof ROLES)[number]);

export function posterInput(model: SiteModel, unit: Unit, site: URL | undefined): PosterInput {
  const absolute = (path: string) => (site ? new URL(path, site).href : path);
  const parentId = unit.parent;
  const current = (unit.accounts ?? [])
    .filter((a) => isCurrent(a, unit, model.today))
    .sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  const shown = current.slice(0, POSTER_MAX_ACCOUNTS).map((a) => {
    const hidden = isHiddenGroup(a);
    return {
      role: ROLE_LABELS[a.role],
      name: hidden ? null : a.name,
      url: hidden || a.url === undefined ? null : displayUrl(facebookHref(a.url)),
      hidden,
    };
  });
  const { directive } = model.registry.settings;
  return {
    id: unit.id,
    name: unit.name,
    level: model.levelName(unit.level),
    parent: parentId ? (model.registry.byId.get(parentId)?.name ?? null) : null,
    unitUrl: absolute(unitHref(unit.id)),
    checkUrl: absolute(href('kiem-tra/')),
    accounts: shown,
    more: current.length - shown.length,
    directive: `Công văn số ${directive.number} ngày ${formatDate(directive.date)}`,
    today: model.today,
  };
}
