/**
 * Everything the pages need, derived once per build from the validated registry.
 * Built for ~135,000 units: every structure is computed in one pass and looked up by
 * id, so a unit page costs O(depth + children), never O(registry).
 *
 * Pure (takes the registry): `site.ts` binds it to `loadSiteRegistry()` for the pages,
 * tests call `buildSiteModel` directly.
 */
import type { Registry, Unit } from '../registry/model.ts';
import { isCurrent, isHiddenGroup } from '../registry/model.ts';
import type { Account, Level, ReportedAccount } from '../schema/index.ts';
import { buildReport, type ProgressReport, type UnitProgress } from '../lib/report.ts';

/** Units per page of a listing (/don-vi/nhanh/<id>/, /don-vi/cap/<id>/). */
export const PAGE_SIZE = 200;
/**
 * Up to this many child units are listed on a unit's page; more get a link to the
 * paginated listing. Keeps the largest unit page (with its CSS) under 20 KB.
 */
export const MAX_LISTED_CHILDREN = 30;

export interface ListedUnit {
  unit: Unit;
  /** Depth below the branch (the branch itself is 0). */
  depth: number;
}

export interface NewAccount {
  unit: Unit;
  account: Account;
}

export interface SiteModel {
  registry: Registry;
  today: string;
  report: ProgressReport;
  /** The report's units by branch, in report order (each branch's report page). */
  reportByBranch: ReadonlyMap<string, readonly UnitProgress[]>;
  root: Unit;
  levels: Level[];
  levelIndex: ReadonlyMap<string, number>;
  levelName: (id: string) => string;
  progress: ReadonlyMap<string, UnitProgress>;
  children: ReadonlyMap<string, readonly Unit[]>;
  /** Units directly under the root, in level order then by name. */
  branches: readonly Unit[];
  /** branch id → the branch and its descendants, depth-first (each parent before its children). */
  branchUnits: ReadonlyMap<string, readonly ListedUnit[]>;
  /** unit id → its position in its branch's listing. */
  branchPosition: ReadonlyMap<string, number>;
  /** level id → units of that level by name. */
  levelUnits: ReadonlyMap<string, readonly Unit[]>;
  /** The branch a unit belongs to (its own id for a branch, '' for the root). */
  branchOf: (id: string) => string;
  /** Parent chain, root first, without the unit itself. */
  ancestors: (unit: Unit) => Unit[];
  /** unit id → impostor accounts reported for it (reported.yaml is public). */
  reportedFor: ReadonlyMap<string, readonly ReportedAccount[]>;
  /** Current accounts whose address may be shown (no hidden group), newest first. */
  newestAccounts: (count: number) => NewAccount[];
}

export const collator = new Intl.Collator('vi');

export function buildSiteModel(registry: Registry, today: string): SiteModel {
  const { settings } = registry;
  const levels = settings.levels;
  const levelIndex = new Map(levels.map((l, i) => [l.id, i]));
  const levelNames = new Map(levels.map((l) => [l.id, l.name]));
  const report = buildReport(registry, today);
  const reportByBranch = new Map<string, UnitProgress[]>();
  for (const u of report.units) {
    let list = reportByBranch.get(u.branch);
    if (!list) reportByBranch.set(u.branch, (list = []));
    list.push(u);
  }
  const progress = new Map(report.units.map((u) => [u.id, u]));
  const root = registry.byId.get(settings.root);
  if (!root) throw new Error(`root unit ${settings.root} is missing`);

  const byLevelThenName = (a: Unit, b: Unit) =>
    (levelIndex.get(a.level) ?? 99) - (levelIndex.get(b.level) ?? 99) || collator.compare(a.name, b.name);
  const children = new Map<string, Unit[]>();
  for (const unit of registry.units) {
    if (unit.parent === undefined) continue;
    let list = children.get(unit.parent);
    if (!list) children.set(unit.parent, (list = []));
    list.push(unit);
  }
  for (const list of children.values()) list.sort(byLevelThenName);

  const branches = children.get(root.id) ?? [];
  const branchUnits = new Map<string, ListedUnit[]>();
  const branchPosition = new Map<string, number>();
  const branchIds = new Map<string, string>([[root.id, '']]);
  for (const branch of branches) {
    const list: ListedUnit[] = [];
    // Iterative depth-first walk: a deep registry must not overflow the stack.
    const stack: ListedUnit[] = [{ unit: branch, depth: 0 }];
    while (stack.length > 0) {
      const item = stack.pop()!;
      branchPosition.set(item.unit.id, list.length);
      branchIds.set(item.unit.id, branch.id);
      list.push(item);
      const kids = children.get(item.unit.id) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ unit: kids[i]!, depth: item.depth + 1 });
    }
    branchUnits.set(branch.id, list);
  }

  const levelUnits = new Map<string, Unit[]>(levels.map((l) => [l.id, []]));
  for (const unit of registry.units) levelUnits.get(unit.level)?.push(unit);
  for (const list of levelUnits.values()) list.sort((a, b) => collator.compare(a.name, b.name));

  const reportedFor = new Map<string, ReportedAccount[]>();
  for (const entry of registry.reported) {
    let list = reportedFor.get(entry.impersonates);
    if (!list) reportedFor.set(entry.impersonates, (list = []));
    list.push(entry);
  }

  return {
    registry,
    today,
    report,
    reportByBranch,
    root,
    levels,
    levelIndex,
    levelName: (id) => levelNames.get(id) ?? id,
    progress,
    children,
    branches,
    branchUnits,
    branchPosition,
    levelUnits,
    reportedFor,
    branchOf: (id) => branchIds.get(id) ?? '',
    ancestors(unit) {
      const chain: Unit[] = [];
      let current = unit.parent === undefined ? undefined : registry.byId.get(unit.parent);
      for (let i = 0; current && i < 1000; i++) {
        chain.unshift(current);
        current = current.parent === undefined ? undefined : registry.byId.get(current.parent);
      }
      return chain;
    },
    newestAccounts(count) {
      // The first `count` of a stable sort, newest first, then by name: one pass keeping
      // the best few (sorting 200,000 accounts with the Vietnamese collator takes a second).
      const order = (a: NewAccount, b: NewAccount) =>
        a.account.since < b.account.since ? 1 : a.account.since > b.account.since ? -1 : collator.compare(a.unit.name, b.unit.name);
      const top: NewAccount[] = [];
      if (count <= 0) return top;
      for (const unit of registry.units) {
        for (const account of unit.accounts ?? []) {
          const last = top[top.length - 1];
          if (top.length === count && last && last.account.since > account.since) continue;
          if (!isCurrent(account, unit, today) || isHiddenGroup(account)) continue;
          const entry = { unit, account };
          if (top.length === count && order(entry, last!) >= 0) continue;
          let at = top.length;
          while (at > 0 && order(entry, top[at - 1]!) < 0) at--;
          top.splice(at, 0, entry);
          if (top.length > count) top.pop();
        }
      }
      return top;
    },
  };
}

/** 1-based page of a listing that holds position `index`. */
export function pageOf(index: number): number {
  return Math.floor(index / PAGE_SIZE) + 1;
}
