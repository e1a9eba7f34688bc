/**
 * The office's report once decrypted: the published bundle (office-bundle.ts) opened
 * with the office's identity, account by account, and the page's filters. Pure apart
 * from the decryption (no DOM, no network): the page (client/office-report.ts), the
 * CSV (office-csv.ts) and the unit tests share it.
 *
 * An account encrypted to another key (an older office key) is `locked` and shown so;
 * damaged ciphertext is an `error` on that account. Only when the identity opens
 * nothing at all is it the wrong key, and then the whole report is refused.
 */
import type { ProgressReport, UnitProgress, UnitStatus } from '../lib/report.ts';
import type { Admin, Role, Visibility } from '../schema/index.ts';
import { OFFICE_BUNDLE_FORMAT, type OfficeAccount, type OfficeBundle, type OfficeLabels } from './office-format.ts';
import { decryptArmored, officeError, officeKey, OfficeError, readAdminList, readHiddenAddress } from './office-decrypt.ts';

export type ContactsView =
  { state: 'open'; admins: Admin[] } | { state: 'none' } | { state: 'locked' } | { state: 'error'; message: string };

export type AddressView =
  /** Public (not a hidden group): as on the site. */
  | { state: 'public'; url: string }
  /** A hidden group's address, decrypted here. */
  | { state: 'open'; url: string }
  | { state: 'locked' }
  | { state: 'error'; message: string }
  /** A hidden group whose address the registry keeps in clear, so the bundle leaves it out. */
  | { state: 'withheld' }
  | { state: 'none' };

export interface OfficeAccountView {
  role: Role;
  name: string;
  visibility: Visibility | null;
  since: string;
  until: string | null;
  current: boolean;
  address: AddressView;
  contacts: ContactsView;
}

export interface OfficeUnitView {
  progress: UnitProgress;
  accounts: OfficeAccountView[];
}

export interface OfficeCounts {
  /** Ciphertexts in the bundle (admins and addresses). */
  ciphertexts: number;
  opened: number;
  /** Encrypted to another key. */
  locked: number;
  /** Damaged, or not what the field holds. */
  failed: number;
}

export interface OfficeReport {
  report: ProgressReport;
  units: OfficeUnitView[];
  counts: OfficeCounts;
  labels: OfficeLabels;
  levelName: (id: string) => string;
  branchName: (id: string) => string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The fetched JSON, checked for the shape this page needs (a stale or foreign file is refused). */
export function readBundle(value: unknown): OfficeBundle {
  if (!isObject(value) || value.format !== OFFICE_BUNDLE_FORMAT || (value.mode !== 'encrypted' && value.mode !== 'plaintext'))
    throw officeError('bad-bundle');
  if (
    !isObject(value.labels) ||
    !Array.isArray(value.levels) ||
    !Array.isArray(value.branches) ||
    !Array.isArray(value.accounts) ||
    !Array.isArray(value.recipients)
  )
    throw officeError('bad-bundle');
  if (value.mode === 'encrypted') {
    const report = value.report;
    if (!isObject(report) || !Array.isArray(report.units) || !isObject(report.totals) || report.units.length !== value.accounts.length)
      throw officeError('bad-bundle');
    if (
      !value.accounts.every(
        (list) => Array.isArray(list) && list.every((a) => isObject(a) && typeof a.name === 'string' && typeof a.role === 'string'),
      )
    )
      throw officeError('bad-bundle');
  }
  return value as unknown as OfficeBundle;
}

type Job = { armored: string; done: (text: string | 'locked' | OfficeError) => void };

const BATCH = 16;

/**
 * Decrypts every ciphertext of `bundle` with the identity file's text. `onProgress`
 * gets (done, total) between batches, so the page can say how far it is.
 */
export async function openOfficeReport(
  bundle: OfficeBundle,
  identityText: string,
  onProgress?: (done: number, total: number) => void,
): Promise<OfficeReport> {
  const key = await officeKey(identityText);
  const report = bundle.report;
  if (bundle.mode !== 'encrypted' || !report) throw officeError('bad-bundle');
  const counts: OfficeCounts = { ciphertexts: 0, opened: 0, locked: 0, failed: 0 };
  const jobs: Job[] = [];
  const units = report.units.map((progress, i): OfficeUnitView => ({
    progress,
    accounts: (bundle.accounts[i] ?? []).map((account) => accountView(account, jobs)),
  }));
  counts.ciphertexts = jobs.length;
  for (let start = 0; start < jobs.length; start += BATCH) {
    await Promise.all(
      jobs.slice(start, start + BATCH).map(async (job) => {
        let result: string | 'locked' | OfficeError;
        try {
          result = await decryptArmored(job.armored, key.decrypter);
        } catch (error) {
          result = error instanceof OfficeError ? error : officeError('corrupt');
        }
        if (result === 'locked') counts.locked++;
        job.done(result);
      }),
    );
    onProgress?.(Math.min(start + BATCH, jobs.length), jobs.length);
  }
  // Damaged, or decrypted but not what the field holds.
  counts.failed = units.reduce(
    (n, u) => n + u.accounts.reduce((m, a) => m + Number(a.contacts.state === 'error') + Number(a.address.state === 'error'), 0),
    0,
  );
  counts.opened = counts.ciphertexts - counts.locked - counts.failed;
  const ownKey = bundle.recipients.length === 0 || key.recipients.some((r) => bundle.recipients.includes(r));
  if ((counts.opened === 0 && counts.locked > 0) || (counts.ciphertexts === 0 && !ownKey)) {
    const detail =
      bundle.recipients.length > 0
        ? `Danh bạ mã hoá cho khoá công khai ${bundle.recipients.join(', ')}; khoá vừa chọn ứng với ${key.recipients.join(', ')}.`
        : undefined;
    throw officeError('wrong-identity', detail);
  }
  const levels = new Map(bundle.levels.map((l) => [l.id, l.name]));
  const branches = new Map(bundle.branches.map((b) => [b.id, b.name]));
  return {
    report,
    units,
    counts,
    labels: bundle.labels,
    levelName: (id) => levels.get(id) ?? id,
    branchName: (id) => branches.get(id) ?? id,
  };
}

function accountView(account: OfficeAccount, jobs: Job[]): OfficeAccountView {
  const view: OfficeAccountView = {
    role: account.role,
    name: account.name,
    visibility: account.visibility,
    since: account.since,
    until: account.until,
    current: account.current,
    address:
      account.url !== null ? { state: 'public', url: account.url } : account.url_withheld ? { state: 'withheld' } : { state: 'none' },
    contacts: { state: 'none' },
  };
  if (typeof account.admins_age === 'string') {
    jobs.push({
      armored: account.admins_age,
      done: (text) => {
        view.contacts =
          text === 'locked'
            ? { state: 'locked' }
            : text instanceof OfficeError
              ? { state: 'error', message: text.message }
              : readOr(() => ({ state: 'open', admins: readAdminList(text) }));
      },
    });
  }
  if (account.url === null && typeof account.url_age === 'string') {
    jobs.push({
      armored: account.url_age,
      done: (text) => {
        view.address =
          text === 'locked'
            ? { state: 'locked' }
            : text instanceof OfficeError
              ? { state: 'error', message: text.message }
              : readOr(() => ({ state: 'open', url: readHiddenAddress(text) }));
      },
    });
  }
  return view;
}

function readOr<T>(read: () => T): T | { state: 'error'; message: string } {
  try {
    return read();
  } catch (error) {
    return { state: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The page's status filter: its values are the options of the select. */
export const STATUS_FILTERS = [
  ['tat-ca', 'Tất cả đơn vị'],
  ['chua-dang-ky', 'Chưa đăng ký'],
  ['con-thieu', 'Còn thiếu'],
  ['chua-du', 'Chưa đủ (còn thiếu hoặc chưa đăng ký)'],
  ['da-du', 'Đã đủ'],
  ['cham-dut', 'Đã chấm dứt hoạt động'],
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number][0];

const STATUSES: Record<StatusFilter, readonly UnitStatus[] | null> = {
  'tat-ca': null,
  'chua-dang-ky': ['missing'],
  'con-thieu': ['partial'],
  'chua-du': ['missing', 'partial'],
  'da-du': ['complete'],
  'cham-dut': ['dissolved'],
};

export function isStatusFilter(value: string): value is StatusFilter {
  return Object.hasOwn(STATUSES, value);
}

export interface OfficeFilter {
  /** A branch id (a unit directly under the root, or the root itself), or '' for all. */
  branch: string;
  status: StatusFilter;
}

export function filterUnits(units: readonly OfficeUnitView[], filter: OfficeFilter): OfficeUnitView[] {
  const statuses = STATUSES[filter.status];
  return units.filter(
    (u) => (filter.branch === '' || u.progress.branch === filter.branch) && (statuses === null || statuses.includes(u.progress.status)),
  );
}
