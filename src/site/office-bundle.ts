/**
 * The ciphertext bundle of the provincial office's internal report
 * (/bao-cao/noi-bo/, docs/office-report.md): the public progress report, as /bao-cao/
 * shows it, plus per account its public fields and the ciphertexts the registry
 * already publishes (`admins_age`, and `url_age` for a hidden group's address). The
 * office's page decrypts them in the browser.
 *
 * What is not public stays out: plain `admins`, `fb_id`, and a hidden group's `url`
 * when the registry holds it in clear (an older registry, before `url_age`): that
 * account is marked `url_withheld` instead. The leak guard allows armored ciphertext
 * in this one file and still fails the build on anything else in it.
 *
 * Pure: takes the registry and its report.
 */
import { STATUS_LABELS, type ProgressReport } from '../lib/report.ts';
import type { Registry, Unit } from '../registry/model.ts';
import { isCurrent, isHiddenGroup } from '../registry/model.ts';
import { ROLE_LABELS, VISIBILITY_LABELS, type Account } from '../schema/index.ts';
import { OFFICE_BUNDLE_FORMAT, type OfficeAccount, type OfficeBundle } from './office-format.ts';

export { OFFICE_BUNDLE_FILE, OFFICE_PAGE } from './office-format.ts';

/** The fields section 1 of issue 13 adds to an account; read when present. */
type AccountWithHiddenUrl = Account & { url_age?: string; url?: string };

export function officeAccount(account: Account, unit: Unit, today: string): OfficeAccount {
  const a = account as AccountWithHiddenUrl;
  const hidden = isHiddenGroup(account);
  const out: OfficeAccount = {
    role: a.role,
    name: a.name,
    url: hidden || typeof a.url !== 'string' ? null : a.url,
    visibility: a.role === 'group' ? (hidden ? 'hidden' : (a.visibility ?? 'hidden')) : null,
    since: a.since,
    until: a.until ?? null,
    current: isCurrent(account, unit, today),
  };
  if (typeof a.admins_age === 'string') out.admins_age = a.admins_age;
  if (hidden && typeof a.url_age === 'string') out.url_age = a.url_age;
  else if (hidden && typeof a.url === 'string') out.url_withheld = true;
  return out;
}

function recipientsOf(registry: Pick<Registry, 'settings'>): string[] {
  // `recipient` today; a list may come with key rotation (issue 13).
  const privacy = registry.settings.privacy as { recipient?: unknown; recipients?: unknown };
  const list = [privacy.recipient, ...(Array.isArray(privacy.recipients) ? privacy.recipients : [])];
  return [...new Set(list.filter((r): r is string => typeof r === 'string'))];
}

export function buildOfficeBundle(
  registry: Pick<Registry, 'settings' | 'units' | 'byId'>,
  report: ProgressReport,
  today: string,
): OfficeBundle {
  const { settings } = registry;
  const base = {
    format: OFFICE_BUNDLE_FORMAT,
    recipients: recipientsOf(registry),
    labels: { status: STATUS_LABELS, role: ROLE_LABELS, visibility: VISIBILITY_LABELS },
    levels: settings.levels.map((l) => ({ id: l.id, name: l.name })),
    branches: report.byBranch.map((b) => ({ id: b.id, name: b.name })),
  } as const;
  if (settings.privacy.contacts !== 'encrypted') return { ...base, mode: 'plaintext', report: null, accounts: [] };
  const accounts = report.units.map((progress) => {
    const unit = registry.byId.get(progress.id);
    return unit ? (unit.accounts ?? []).map((a) => officeAccount(a, unit, today)) : [];
  });
  return { ...base, mode: 'encrypted', report, accounts };
}

export function officeBundleJson(registry: Pick<Registry, 'settings' | 'units' | 'byId'>, report: ProgressReport, today: string): string {
  return JSON.stringify(buildOfficeBundle(registry, report, today));
}
