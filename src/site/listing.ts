/**
 * The rows of the long lists (branch and level listings, a branch's report), rendered to
 * one string per list: at 135,000 units these are ~1,600 pages of 200 rows, and a row
 * through Astro's components costs ten times a row built here. Same markup, same
 * escaping (`esc`) as the unit pages.
 */
import type { UnitProgress } from '../lib/report.ts';
import { missingRolesText } from '../lib/report.ts';
import type { Unit } from '../registry/model.ts';
import type { ListedUnit, SiteModel } from './model.ts';
import { unitHref } from './paths.ts';
import { esc, statusTag } from './unit-page.ts';

const link = (unit: { id: string; name: string }) => `<a href="${unitHref(unit.id)}">${esc(unit.name)}</a>`;
const status = (model: SiteModel, id: string) => statusTag(model.progress.get(id)!.status);

/** A branch, depth-first: indented by depth, each row an anchor (`#u-<id>`) unit pages link to. */
export function treeRows(model: SiteModel, items: readonly ListedUnit[]): string {
  return items
    .map(({ unit, depth }) => `<li id="u-${unit.id}"${depth ? ` style="--d:${Math.min(depth, 6)}"` : ''}>${link(unit)}<div class="small muted">${esc(model.levelName(unit.level))} ${status(model, unit.id)}</div></li>`)
    .join('');
}

/** One level's units, with the branch each belongs to. */
export function levelRows(model: SiteModel, units: readonly Unit[]): string {
  return units
    .map((unit) => {
      const branch = model.branchOf(unit.id);
      const branchUnit = branch && branch !== unit.id ? model.registry.byId.get(branch) : undefined;
      return `<li>${link(unit)}<div class="small muted">${branchUnit ? `${esc(branchUnit.short_name ?? branchUnit.name)} ` : ''}${status(model, unit.id)}</div></li>`;
    })
    .join('');
}

/** Units still lacking an account: name, status, what is missing. */
export function lackingRows(units: readonly UnitProgress[]): string {
  return units.map((u) => `<tr data-unit="${u.id}"><td>${link(u)}</td><td>${statusTag(u.status)}</td><td>${esc(missingRolesText(u.missing))}</td></tr>`).join('');
}

/** Plain links to units, with an optional note (HTML) after each. */
export function unitLinks(units: readonly UnitProgress[], note: (unit: UnitProgress) => string = () => ''): string {
  return units.map((u) => `<li>${link(u)}${note(u)}</li>`).join('');
}

const BY_BRANCH = Symbol.for('danh-ba.report-by-branch');
type Cached = { [BY_BRANCH]?: { report: object; groups: Map<string, UnitProgress[]> } };

/** The report's units grouped by branch, once per build (every branch page asks). */
export function reportUnitsOf(model: SiteModel, branch: string): readonly UnitProgress[] {
  const cache = globalThis as Cached;
  let entry = cache[BY_BRANCH];
  if (!entry || entry.report !== model.report) {
    const groups = new Map<string, UnitProgress[]>();
    for (const u of model.report.units) {
      let list = groups.get(u.branch);
      if (!list) groups.set(u.branch, (list = []));
      list.push(u);
    }
    cache[BY_BRANCH] = entry = { report: model.report, groups };
  }
  return entry.groups.get(branch) ?? [];
}
