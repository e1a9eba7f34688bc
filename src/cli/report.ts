/**
 * `npm run report`: the campaign's progress report (md, csv, json).
 *
 * Contacts (admins' names, phones, emails) appear only as far as the one running it
 * can read them: plain-text `admins` (a private, plaintext registry) always, and
 * `admins_age` only when `--identity FILE` opens them. Without the key, the Markdown
 * says how many accounts' contacts are encrypted. Where they go:
 * - md: the "Người quản trị" table of `reportToMarkdown`;
 * - csv: still one row per unit, plus five columns per admin, numbered in the order
 *   of the unit's accounts (`quan_tri_1_tai_khoan`, `quan_tri_1_ho_ten`,
 *   `quan_tri_1_chuc_vu`, `quan_tri_1_dien_thoai`, `quan_tri_1_email`, then `quan_tri_2_…`),
 *   as many as the unit with the most admins needs; an account this key cannot open
 *   takes one group whose name cell says so;
 * - json: a `contacts` array of `{ unit, account, name, admins }` (`admins` is
 *   `"encrypted"` when this key cannot open them).
 * With `--identity`, hidden groups' addresses (`url_age`) are decrypted too: a "Nhóm ẩn"
 * table in md, a `hiddenGroups` array in json (csv leaves them out).
 */
import { ContactsError, decryptRegistryContactsDetailed } from '../lib/contacts.ts';
import { hiddenGroupAddresses, hiddenGroupsMarkdown, type HiddenGroupAddress } from '../lib/hidden-groups.ts';
import { csvRow } from '../lib/csv.ts';
import { buildReport, reportToCsv, reportToMarkdown, type ContactsByAccount, type ProgressReport } from '../lib/report.ts';
import { summaryLine } from '../registry/format.ts';
import { resolveRegistryDir } from '../registry/load.ts';
import { validateRegistryParallel } from '../registry/parallel.ts';
import { todayIso, type Registry } from '../registry/model.ts';
import type { Admin } from '../schema/index.ts';
import { readIdentityFile } from './contacts.ts';
import { EXIT_INVALID, EXIT_OK, oneOf, parseCliArgs, run, todayOption, type Io } from './run.ts';

export const USAGE = 'Usage: npm run report -- [--registry DIR] [--format md|csv|json] [--identity FILE] [--today YYYY-MM-DD]';

export const LOCKED_LABEL = '(đã mã hoá: cần khoá giải mã)';
const ADMIN_FIELDS = ['tai_khoan', 'ho_ten', 'chuc_vu', 'dien_thoai', 'email'] as const;

interface ReadableContacts {
  /** Only accounts with contacts; `'encrypted'` for those this key cannot open. */
  contacts: Map<string, readonly Admin[] | 'encrypted' | 'none'>;
  /** Accounts with `admins_age` that were not decrypted (no key, or another key). */
  locked: number;
  /** An identity was given. */
  keyed: boolean;
}

/** Plain-text admins only: what anyone who can read the registry already reads. */
function plaintextContacts(registry: Registry): ReadableContacts {
  const contacts = new Map<string, readonly Admin[] | 'encrypted' | 'none'>();
  let locked = 0;
  for (const unit of registry.units) {
    (unit.accounts ?? []).forEach((account, i) => {
      if (account.admins !== undefined) contacts.set(`${unit.id}#${i}`, account.admins);
      else if (account.admins_age !== undefined) locked++;
    });
  }
  return { contacts, locked, keyed: false };
}

/** The five-columns-per-admin block of the CSV; see the module comment. */
export function contactColumns(registry: Registry, contacts: ContactsByAccount): { header: string[]; rows: Map<string, string[]> } {
  const rows = new Map<string, string[]>();
  let most = 0;
  for (const unit of registry.units) {
    const cells: string[] = [];
    (unit.accounts ?? []).forEach((account, i) => {
      const entry = contacts.get(`${unit.id}#${i}`) ?? 'none';
      if (entry === 'none') return;
      if (entry === 'encrypted') cells.push(account.name, LOCKED_LABEL, '', '', '');
      else for (const admin of entry) cells.push(account.name, admin.name, admin.position ?? '', admin.phone ?? '', admin.email ?? '');
    });
    rows.set(unit.id, cells);
    most = Math.max(most, cells.length / ADMIN_FIELDS.length);
  }
  const header = Array.from({ length: most }, (_, k) => ADMIN_FIELDS.map((field) => `quan_tri_${k + 1}_${field}`)).flat();
  for (const cells of rows.values()) while (cells.length < header.length) cells.push('');
  return { header, rows };
}

export function reportToCsvWithContacts(report: ProgressReport, registry: Registry, contacts: ContactsByAccount): string {
  const base = reportToCsv(report);
  const { header, rows } = contactColumns(registry, contacts);
  if (header.length === 0) return base;
  // reportToCsv writes one line per unit, in report.units order; its cells cannot hold a
  // line break (names are plain text), which this checks rather than assumes.
  const lines = base.split('\r\n');
  if (lines.pop() !== '' || lines.length !== report.units.length + 1) throw new Error('unexpected CSV layout from reportToCsv');
  const out = lines.map(
    (line, i) => `${line},${csvRow(i === 0 ? header : (rows.get(report.units[i - 1]?.id ?? '') ?? header.map(() => '')))}`,
  );
  return `${out.join('\r\n')}\r\n`;
}

function contactsJson(registry: Registry, contacts: ContactsByAccount) {
  const list: { unit: string; account: number; name: string; admins: readonly Admin[] | 'encrypted' }[] = [];
  for (const unit of registry.units) {
    (unit.accounts ?? []).forEach((account, i) => {
      const entry = contacts.get(`${unit.id}#${i}`);
      if (entry !== undefined && entry !== 'none') list.push({ unit: unit.id, account: i, name: account.name, admins: entry });
    });
  }
  return list;
}

function lockedNote(locked: number, keyed: boolean): string {
  return keyed
    ? `Khoá giải mã đã dùng không mở được thông tin liên hệ của ${locked} tài khoản (mã hoá cho một khoá khác).`
    : `Thông tin liên hệ của người quản trị ${locked} tài khoản đã được mã hoá nên không có trong báo cáo này. Văn phòng LĐLĐ tỉnh đưa vào bằng lệnh: npm run report -- --identity TỆP_KHOÁ`;
}

export async function main(args: string[], io: Io): Promise<number> {
  const { values } = parseCliArgs(args, {
    registry: { type: 'string' },
    format: { type: 'string' },
    identity: { type: 'string' },
    today: { type: 'string' },
  });
  const format = oneOf(values.format, ['md', 'csv', 'json'] as const, 'md', 'format');
  const identityText = values.identity === undefined ? undefined : readIdentityFile(values.identity, io);
  const result = await validateRegistryParallel(resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR), {
    today: todayOption(values.today),
  });
  if (!result.ok || !result.registry) {
    io.err(`Danh bạ chưa hợp lệ nên chưa thể lập báo cáo. Hãy chạy npm run validate để xem lỗi.\n${summaryLine(result)}\n`);
    return EXIT_INVALID;
  }
  const registry = result.registry;
  let readable: ReadableContacts;
  let groups: HiddenGroupAddress[] = [];
  if (identityText === undefined) {
    readable = plaintextContacts(registry);
  } else {
    try {
      const detailed = await decryptRegistryContactsDetailed(registry, identityText);
      const contacts = new Map([...detailed.contacts].filter(([, entry]) => entry !== 'none'));
      readable = { contacts, locked: detailed.locked, keyed: true };
      groups = await hiddenGroupAddresses(registry, identityText);
    } catch (error) {
      if (error instanceof ContactsError) {
        io.err(`Không giải mã được thông tin liên hệ: ${error.message}\n`);
        return EXIT_INVALID;
      }
      throw error;
    }
  }
  const hasContacts = readable.contacts.size > 0;
  const today = values.today ?? todayIso();
  const report = buildReport(registry, today);
  if (format === 'json') {
    const body = {
      ...report,
      ...(hasContacts ? { contacts: contactsJson(registry, readable.contacts) } : {}),
      ...(groups.length > 0 ? { hiddenGroups: groups } : {}),
    };
    io.out(`${JSON.stringify(body, null, 2)}\n`);
  } else if (format === 'csv') {
    io.out(hasContacts ? reportToCsvWithContacts(report, registry, readable.contacts) : reportToCsv(report));
  } else {
    let md = hasContacts ? reportToMarkdown(report, registry, readable.contacts) : reportToMarkdown(report);
    if (readable.locked > 0 && !readable.keyed) {
      md += `${hasContacts ? '' : '## Người quản trị (thông tin nội bộ, không công bố)\n\n'}${lockedNote(readable.locked, false)}\n`;
    }
    io.out(md + (groups.length > 0 ? `\n${hiddenGroupsMarkdown(groups)}` : ''));
  }
  if (readable.keyed && readable.locked > 0) io.err(`${lockedNote(readable.locked, true)}\n`);
  return EXIT_OK;
}

if (import.meta.main) await run(main, USAGE);
