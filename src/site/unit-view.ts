/**
 * What a unit's page shows, as plain data: `src/components/UnitPage.astro` holds the
 * markup. The view is everything the page depends on, so its JSON is the page's cache key
 * (`src/pages/don-vi/[id].astro`): a rebuild renders only the pages whose view changed.
 *
 * A hidden group shows only that it exists: its view has neither name nor address.
 */
import { formatDate } from '../lib/dates.ts';
import { publicAccounts } from '../lib/lookup.ts';
import { isOverdue, lastConfirmed, recheckMonths } from '../lib/recheck.ts';
import type { UnitStatus } from '../lib/report.ts';
import { isCurrent, isHiddenGroup, type Unit } from '../registry/model.ts';
import { ROLE_LABELS, ROLES, VISIBILITY_LABELS } from '../schema/index.ts';
import { displayUrl, facebookHref } from './fb.ts';
import { n } from './format.ts';
import { jsonLdText } from './json-ld.ts';
import { MAX_LISTED_CHILDREN, pageOf, type SiteModel } from './model.ts';
import { posterHref } from './poster-route.ts';
import { branchHref, href, unitHref, type Crumb } from './paths.ts';

export interface LinkView {
  name: string;
  href: string;
}

/** An address as shown: where it links (absent for one that is no longer official) and its text. */
export interface AddressView {
  href?: string;
  text: string;
}

export interface CurrentAccountView {
  /** "Trang của đơn vị", "Nhóm đoàn viên (nhóm kín)"… */
  heading: string;
  /** Absent for a hidden group. */
  name?: string;
  address?: AddressView;
  since: string;
  /** Re-confirmation (docs/registry-format.md, recheck_months). */
  confirmation?: { overdue: false; checked: string } | { overdue: true; since?: string };
  /** Proof of control: its date, or `pending` when the registry requires one and there is none. */
  proof?: { checked: string } | 'pending';
}

export interface FormerAccountView {
  heading: string;
  name?: string;
  address?: AddressView;
  since: string;
  until?: string;
}

export interface UnitView {
  title: string;
  description: string;
  /** JSON-LD text for a `<script type="application/ld+json">`. */
  jsonLd: string;
  crumbs: Crumb[];
  name: string;
  dissolved?: { date: string; successor?: LinkView };
  shortName?: string;
  level: string;
  parent?: LinkView;
  members?: string;
  website?: AddressView;
  status: UnitStatus;
  /** Roles still missing, in words, lower case. */
  missing: string[];
  late: boolean;
  notConnected: number;
  id: string;
  poster?: string;
  current: CurrentAccountView[];
  former: FormerAccountView[];
  reported: { address: string; date: string; note?: string }[];
  /** Absent when the unit has none. `listed` only when there are few enough to list. */
  children?: { count: string; listed?: LinkView[]; href: string };
  fakeGuide: string;
  registerHref: string;
}

const roleOrder = (role: string) => ROLES.indexOf(role as (typeof ROLES)[number]);

function confirmation(account: NonNullable<Unit['accounts']>[number], unit: Unit, today: string, months: number) {
  if (isOverdue(account, unit, today, months))
    // Never confirmed again: the date just before is the one it has not been confirmed since.
    return account.checked === undefined
      ? { overdue: true as const }
      : { overdue: true as const, since: formatDate(lastConfirmed(account)) };
  return account.checked ? { overdue: false as const, checked: formatDate(account.checked) } : undefined;
}

const facebookAddress = (url: string): AddressView => {
  const link = facebookHref(url);
  return { href: link, text: displayUrl(link) };
};

export function unitView(model: SiteModel, unit: Unit, site: URL | undefined): UnitView {
  const { registry, today } = model;
  const ancestors = model.ancestors(unit);
  const progress = model.progress.get(unit.id)!;
  const children = model.children.get(unit.id) ?? [];
  const branch = model.branchOf(unit.id);
  const successor = unit.successor ? registry.byId.get(unit.successor) : undefined;
  const reported = model.reportedFor.get(unit.id) ?? [];
  const accounts = (unit.accounts ?? [])
    .map((account) => ({ account, current: isCurrent(account, unit, today), hidden: isHiddenGroup(account) }))
    .sort(
      (a, b) =>
        Number(b.current) - Number(a.current) ||
        roleOrder(a.account.role) - roleOrder(b.account.role) ||
        (a.account.since < b.account.since ? 1 : -1),
    );
  const absolute = (path: string) => (site ? new URL(path, site).href : path);
  const parent = ancestors[ancestors.length - 1];
  const months = recheckMonths(registry.settings);

  // Public current accounts only: never a hidden group, never a former account.
  const sameAs = [...(unit.website ? [unit.website] : []), ...publicAccounts(unit, today).map((a) => facebookHref(a.url))];
  const jsonLd = jsonLdText({
    '@context': 'https://schema.org',
    '@type': 'Organization',
    name: unit.name,
    ...(unit.short_name ? { alternateName: unit.short_name } : {}),
    url: absolute(unitHref(unit.id)),
    ...(sameAs.length > 0 ? { sameAs } : {}),
    ...(parent ? { parentOrganization: { '@type': 'Organization', name: parent.name, url: absolute(unitHref(parent.id)) } } : {}),
    ...(unit.dissolved ? { dissolutionDate: unit.dissolved } : {}),
  });

  const level = model.levelName(unit.level);
  const current = accounts.filter((a) => a.current);
  const poster = posterHref(model, unit);
  return {
    title: unit.name,
    description: `${unit.name} (${level}): ${current.length > 0 ? 'các trang, tài khoản, nhóm Facebook chính thức' : 'chưa đăng ký trang Facebook chính thức'} theo danh bạ công đoàn.`,
    jsonLd,
    crumbs: [
      ['Trang chủ', href()],
      ['Danh bạ', href('don-vi/')],
      ...ancestors.map((a): Crumb => [a.short_name ?? a.name, unitHref(a.id)]),
      [unit.short_name ?? unit.name],
    ],
    name: unit.name,
    ...(unit.dissolved !== undefined && unit.dissolved <= today
      ? {
          dissolved: {
            date: formatDate(unit.dissolved),
            ...(successor ? { successor: { name: successor.name, href: unitHref(successor.id) } } : {}),
          },
        }
      : {}),
    ...(unit.short_name ? { shortName: unit.short_name } : {}),
    level,
    ...(parent ? { parent: { name: parent.name, href: unitHref(parent.id) } } : {}),
    ...(unit.members !== undefined ? { members: n(unit.members) } : {}),
    ...(unit.website ? { website: { href: unit.website, text: displayUrl(unit.website) } } : {}),
    status: progress.status,
    missing: progress.missing.map((r) => ROLE_LABELS[r].toLowerCase()),
    late: progress.late,
    notConnected: progress.notConnected,
    id: unit.id,
    ...(poster ? { poster } : {}),
    current: current.map(({ account, hidden }) => {
      const check = confirmation(account, unit, today, months);
      const proof = account.proof
        ? { checked: formatDate(account.proof.checked) }
        : registry.settings.require_proof
          ? ('pending' as const)
          : undefined;
      return {
        heading: `${ROLE_LABELS[account.role]}${account.role === 'group' ? ` (${VISIBILITY_LABELS[hidden ? 'hidden' : account.visibility!].toLowerCase()})` : ''}`,
        ...(hidden ? {} : { name: account.name, address: facebookAddress(account.url ?? '') }),
        since: formatDate(account.since),
        ...(check ? { confirmation: check } : {}),
        ...(proof ? { proof } : {}),
      };
    }),
    former: accounts
      .filter((a) => !a.current)
      .map(({ account, hidden }) => {
        const end = account.until ?? unit.dissolved;
        return {
          heading: ROLE_LABELS[account.role],
          ...(hidden ? {} : { name: account.name, address: { text: displayUrl(facebookHref(account.url ?? '')) } }),
          since: formatDate(account.since),
          ...(end ? { until: formatDate(end) } : {}),
        };
      }),
    reported: reported.map((r) => ({
      address: displayUrl(facebookHref(r.url)),
      date: formatDate(r.reported),
      ...(r.note ? { note: r.note } : {}),
    })),
    ...(children.length > 0
      ? {
          children: {
            count: n(children.length),
            ...(children.length <= MAX_LISTED_CHILDREN ? { listed: children.map((c) => ({ name: c.name, href: unitHref(c.id) })) } : {}),
            href:
              unit.id === model.root.id
                ? href('don-vi/')
                : branch
                  ? `${branchHref(branch, pageOf(model.branchPosition.get(unit.id) ?? 0))}#u-${unit.id}`
                  : href('don-vi/'),
          },
        }
      : {}),
    fakeGuide: href('huong-dan/nhan-biet-gia-mao/'),
    registerHref: href('dang-ky/'),
  };
}
