/**
 * The registration form (/dang-ky/) without the DOM: form values → the unit's accounts,
 * problems keyed by form field, the YAML to add to the registry, and the GitHub links.
 * Every check is the registry's own (zod schemas with `describeIssue`, `checkUnit`,
 * `checkAccount`, `canonicalize`), so the form says what CI would say, in the same
 * words. The page's script (src/site/client/register-form.ts) and the tests use it.
 *
 * Privacy: admins' contacts exist here only as form values. In `encrypted` mode they
 * leave only through `protectContacts` (age, via an injected `encrypt`, so this module
 * does not pull age into the page's first script), and every renderer refuses an
 * account that still carries plain `admins`. The issue link never reads admins at all.
 *
 * Existing units: the page cannot read a unit's current file (and must never embed
 * other units' admins/admins_age), so for an existing unit the form produces only the
 * new `accounts` items plus where to paste them (`placementOf`, computed at build time
 * from the file's text), and links to GitHub's editor for that file. A new unit gets a
 * whole file at `units/<parent>/<id>.yaml` and a prefilled "new file" link.
 */
import { accountUrl, canonicalize } from '../registry/facebook-url.ts';
import type { LookupFact } from '../lib/lookup.ts';
import { checkAccount, checkUnit } from '../registry/checks.ts';
import type { FieldProblem, PathProblem } from '../registry/problems.ts';
import {
  describeIssue,
  ID_MAX_LENGTH,
  ID_PATTERN,
  RESERVED_UNIT_IDS,
  ROLES,
  UnitSchema,
  VISIBILITIES,
  type AccountInput,
  type Admin,
  type RegistrySettings,
  type Role,
  type UnitData,
  type UnitInput,
  type Account,
  type Visibility,
} from '../schema/index.ts';
import { deriveUnitId, slugifyName } from './issue-to-yaml.ts';

export * from './registration-values.ts';
export * from './registration-yaml.ts';
export * from './registration-github.ts';

/** Up to this many units, the page embeds the unit list; above it, the form searches the directory's index. */
export const EMBED_MAX_UNITS = 350;
import { mustSeal } from './registration-groups.ts';
import {
  storedFbId,
  storedUrl,
  type AccountValues,
  type AdminValues,
  type RegistrationContext,
  type RegistrationValues,
  type FormProblem,
} from './registration-values.ts';

// ---------------------------------------------------------------------------------
// Values → registry data

function adminFromValues(v: AdminValues): Admin | undefined {
  const name = v.name.trim();
  const position = v.position.trim();
  const phone = v.phone.trim();
  const email = v.email.trim();
  if (!name && !position && !phone && !email) return undefined;
  const admin: Admin = { name };
  if (position) admin.position = position;
  if (phone) admin.phone = phone;
  if (email) admin.email = email;
  return admin;
}

/** Indexes of the admin rows that hold something (empty rows are ignored). */
function filledAdmins(v: AccountValues): { index: number; admin: Admin }[] {
  return v.admins.flatMap((row, index) => {
    const admin = adminFromValues(row);
    return admin ? [{ index, admin }] : [];
  });
}

/** One account as the registry stores it, keys in the documented order. Admins are in clear: see `protectContacts`. */
export function accountFromValues(v: AccountValues, settings: Pick<RegistrySettings, 'follow'>): AccountInput {
  const visibility = (VISIBILITIES as readonly string[]).includes(v.visibility) ? (v.visibility as Visibility) : 'hidden';
  const fbId = storedFbId(v.fbId);
  const account: AccountInput = {
    role: v.role as Role,
    url: storedUrl(v.url),
    name: v.name.trim(),
    ...(fbId ? { fb_id: fbId } : {}),
    ...(v.role === 'group' ? { visibility } : {}),
    since: v.since.trim(),
  };
  const ticked = new Set(v.follows);
  const follows = settings.follow.map((f) => f.id).filter((id) => ticked.has(id));
  if (follows.length > 0) account.follows = follows;
  const admins = filledAdmins(v).map((a) => a.admin);
  if (admins.length > 0) account.admins = admins;
  return account;
}

// ---------------------------------------------------------------------------------
// Validation

/** The registry's checks on admins' plain-text formats run at input time, whatever the mode: encryption comes later. */
function inputSettings(settings: RegistrySettings): RegistrySettings {
  return { ...settings, privacy: { contacts: 'plaintext' } };
}

/** `['accounts', 0, 'admins', 1, 'phone']` → `accounts.<form index>.admins.<row>.phone`. */
function fieldKey(path: readonly PropertyKey[], adminRows: readonly (readonly number[])[]): string {
  const parts = path.map(String);
  if (parts[0] !== 'accounts' || parts.length < 3) return parts[0] ?? '';
  const i = Number(parts[1]);
  const field = parts[2];
  if (field === 'follows') return `accounts.${i}.follows`;
  if (field === 'admins' && parts.length >= 5) {
    const row = adminRows[i]?.[Number(parts[3])] ?? Number(parts[3]);
    return `accounts.${i}.admins.${row}.${parts[4]}`;
  }
  if (field === 'admins' || field === 'admins_age') return `accounts.${i}.admins`;
  return `accounts.${i}.${field}`;
}

const SINCE_MISSING = 'Hãy chọn ngày tài khoản bắt đầu được dùng làm kênh chính thức của đơn vị.';
const ROLE_MISSING = 'Hãy chọn loại tài khoản: trang của đơn vị, tài khoản của Chủ tịch công đoàn cơ sở, hay nhóm đoàn viên.';

/** Problems with the address of one account, as CI words them (canonicaliser, sub-page, role and address). */
export function urlProblems(url: string, role: string, settings?: RegistrySettings): PathProblem[] {
  const canonical = canonicalize(url);
  const asRole: Role = (ROLES as readonly string[]).includes(role)
    ? (role as Role)
    : canonical.ok && canonical.kind === 'group'
      ? 'group'
      : 'unit';
  const account = { role: asRole, url, name: '-', since: '2000-01-01' };
  return checkAccount(account, 0, { settings: settings ? inputSettings(settings) : undefined, today: '9999-12-31' }).filter(
    (p) => p.path[2] === 'url' || p.path[2] === 'role',
  );
}

export interface UrlFeedback {
  ok: boolean;
  /** The address as it will be stored (when `ok`). */
  canonical?: string;
  isGroup?: boolean;
  message: string;
}

/** What the form shows under the address as the person types: the canonical address, or the refusal. */
export function describeUrl(url: string): UrlFeedback {
  const canonical = canonicalize(url);
  if (!canonical.ok) return { ok: false, message: canonical.message };
  const problem = urlProblems(url, '').find((p) => p.path[2] === 'url');
  if (problem) return { ok: false, message: problem.message };
  const stored = accountUrl(canonical);
  const isGroup = canonical.kind === 'group';
  return {
    ok: true,
    canonical: stored,
    isGroup,
    message: `Địa chỉ hợp lệ${isGroup ? ' (một nhóm Facebook)' : ''}, sẽ được ghi là: ${stored}`,
  };
}

/** Problems with a new unit's id, beyond the pattern. */
function idProblems(id: string, name: string, ctx: RegistrationContext): FormProblem[] {
  const example = slugifyName(name) || 'cdcs-truong-thpt-kon-tum';
  if (id === '')
    return [{ field: 'id', rule: 'id-format', message: `Hãy ghi mã đơn vị, ví dụ "${example}". Mã được tạo tự động từ tên đơn vị.` }];
  if (id.length > ID_MAX_LENGTH || !ID_PATTERN.test(id)) {
    return [
      {
        field: 'id',
        rule: 'id-format',
        message: `Mã đơn vị chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang (không ở đầu hay cuối), tối đa ${ID_MAX_LENGTH} ký tự, ví dụ "${example}".`,
      },
    ];
  }
  if (RESERVED_UNIT_IDS.has(id)) {
    return [
      {
        field: 'id',
        rule: 'id-format',
        message: `Mã "${id}" trùng với một thư mục của trang web danh bạ nên không dùng được. Hãy đổi mã, ví dụ "${id}-${example}".`,
      },
    ];
  }
  if (ctx.idExists(id) === true) {
    const free = deriveUnitId(id, (candidate) => ctx.idExists(candidate) === true);
    return [
      {
        field: 'id',
        rule: 'duplicate-id',
        message: `Mã "${id}" đã là mã của một đơn vị khác trong danh bạ. Hãy đổi mã, ví dụ "${free}". Nếu đó chính là đơn vị của bạn, hãy chọn "Đơn vị đã có trong danh bạ".`,
      },
    ];
  }
  return [];
}

/** Every problem of the form, first the unit, then each account in order; at most one per field. */
export function validateRegistration(values: RegistrationValues, ctx: RegistrationContext): FormProblem[] {
  const problems: FormProblem[] = [];
  const taken = new Set<string>();
  const add = (p: FormProblem) => {
    if (taken.has(p.field)) return;
    taken.add(p.field);
    problems.push(p);
  };
  const { settings } = ctx;
  const accounts = values.accounts.map((a) => accountFromValues(a, settings));
  const adminRows = values.accounts.map((a) => filledAdmins(a).map((x) => x.index));

  if (values.kind === 'existing') {
    if (!values.unit)
      add({
        field: 'unit',
        rule: 'required',
        message: 'Hãy tìm và chọn đơn vị của bạn. Nếu đơn vị chưa có trong danh bạ, hãy chọn "Đơn vị mới".',
      });
  } else {
    const name = values.name.trim();
    if (!values.level) add({ field: 'level', rule: 'required', message: 'Hãy chọn cấp của đơn vị.' });
    if (!values.parent) add({ field: 'parent', rule: 'required', message: 'Hãy tìm và chọn công đoàn cấp trên trực tiếp của đơn vị.' });
    if (name && slugifyName(name) === '')
      add({ field: 'name', rule: 'id-format', message: 'Tên đơn vị phải có chữ cái hoặc chữ số. Hãy ghi tên đầy đủ của đơn vị.' });
    const same = name && values.parent ? ctx.sameName?.(name, values.parent.id) : undefined;
    if (same)
      add({
        field: 'name',
        rule: 'duplicate-id',
        message: `Đơn vị "${same.name}" đã có trong danh bạ, mã là ${same.id}. Hãy chọn "Đơn vị đã có trong danh bạ" và tìm đơn vị này.`,
      });
    for (const p of idProblems(values.id.trim(), name, ctx)) add(p);
  }

  if (values.accounts.length === 0)
    add({ field: 'accounts', rule: 'required', message: 'Hãy thêm ít nhất một tài khoản, trang hoặc nhóm Facebook.' });
  values.accounts.forEach((a, i) => {
    if (!a.role) add({ field: `accounts.${i}.role`, rule: 'required', message: ROLE_MISSING });
    if (!a.since.trim()) add({ field: `accounts.${i}.since`, rule: 'required', message: SINCE_MISSING });
  });
  // Checked with plaintext settings below, so the hidden-group rule on fb_id is said here.
  accounts.forEach((account, i) => {
    if (account.fb_id !== undefined && mustSeal(account, settings.privacy)) {
      add({
        field: `accounts.${i}.fb_id`,
        rule: 'hidden-group-plaintext',
        message:
          'Mã số của nhóm ẩn cũng là địa chỉ của nhóm, nên không được ghi vào tệp công khai. Hãy để trống ô này; địa chỉ nhóm sẽ được mã hoá.',
      });
    }
  });
  // One account twice in the same submission is a duplicate for CI too.
  const seen = new Map<string, number>();
  values.accounts.forEach((a, i) => {
    const canonical = canonicalize(a.url);
    if (!canonical.ok) return;
    const first = seen.get(canonical.key);
    if (first === undefined) seen.set(canonical.key, i);
    else
      add({
        field: `accounts.${i}.url`,
        rule: 'duplicate-account',
        message: `Địa chỉ này trùng với tài khoản ${first + 1} ở trên. Mỗi tài khoản chỉ đăng ký một lần: hãy xoá một trong hai.`,
      });
  });

  // The registry's schema, on the unit as it will be written (an existing unit: its accounts only).
  const unitData: UnitInput =
    values.kind === 'new'
      ? { name: values.name.trim(), level: values.level, parent: values.parent?.id ?? '', accounts }
      : { name: values.unit?.name ?? '-', level: values.unit?.level ?? '-', parent: values.unit?.parent, accounts };
  if (unitData.parent === undefined) delete unitData.parent;
  const parsed = UnitSchema.safeParse(unitData, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = fieldKey(issue.path, adminRows);
      if (values.kind === 'existing' && !key.startsWith('accounts')) continue;
      add({ field: key, rule: 'schema', message: describeIssue(issue) });
    }
  }

  // The registry's cross-field rules: level and parent, addresses, roles, follows, dates, contact formats.
  const checkSettings = inputSettings(settings);
  const parent = values.kind === 'new' ? values.parent : undefined;
  const pathProblems: PathProblem[] =
    values.kind === 'new'
      ? checkUnit(
          { id: values.id.trim() || 'don-vi-moi', data: unitData as unknown as UnitData },
          {
            settings: checkSettings,
            today: ctx.today,
            knownIds: new Set(parent ? [parent.id] : []),
            levelOf: (id) => (id === parent?.id ? parent.level : undefined),
            canonical: canonicalize,
          },
        )
      : accounts.flatMap((account, i) => checkAccount(account as Account, i, { settings: checkSettings, today: ctx.today }));
  for (const p of pathProblems) {
    if (p.severity !== 'error') continue;
    const key = fieldKey(p.path, adminRows);
    add({ field: key, rule: p.rule, message: p.message });
  }
  return sortProblems(problems);
}

/** In the order of the form: unit fields, then each account's fields top to bottom. */
function sortProblems(problems: FormProblem[]): FormProblem[] {
  const order = ['unit', 'name', 'level', 'parent', 'id', 'accounts'];
  const accountOrder = ['role', 'url', 'name', 'fb_id', 'visibility', 'since', 'follows', 'admins'];
  const rank = (field: string): number => {
    const top = order.indexOf(field);
    if (top >= 0) return top;
    const [, i, sub, row, leaf] = field.split('.');
    const base = 100 + Number(i) * 1000;
    const within = accountOrder.indexOf(sub ?? '');
    const leafRank = ['name', 'position', 'phone', 'email'].indexOf(leaf ?? '');
    return base + (within < 0 ? 99 : within) * 100 + (row === undefined ? 0 : Number(row) * 5 + leafRank + 1);
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.field) - rank(b.p.field) || a.i - b.i)
    .map((x) => x.p);
}

/**
 * What the directory already knows about an address (facts from the verification
 * index), as a problem CI would raise: the account is already a current account of a
 * unit (duplicate-account), a released name of another unit's current account
 * (duplicate-account), or a reported impostor (reported-official). Former accounts and
 * the pages to follow are fine.
 */
export function registeredProblem(facts: readonly LookupFact[], unitId: string | undefined): Omit<FormProblem, 'field'> | undefined {
  for (const fact of facts) {
    if (fact.kind === 'account' && fact.current) {
      return fact.unit.id === unitId
        ? {
            rule: 'duplicate-account',
            message: `Tài khoản này đã có trong danh bạ, là tài khoản của chính đơn vị ${fact.unit.name}. Không cần đăng ký lại.`,
          }
        : {
            rule: 'duplicate-account',
            message: `Tài khoản này đã được đăng ký cho đơn vị "${fact.unit.name}" (mã ${fact.unit.id}). Một tài khoản chỉ thuộc một đơn vị: hãy kiểm tra lại địa chỉ. Nếu tài khoản đã chuyển sang đơn vị khác, hãy báo công đoàn cấp trên.`,
          };
    }
  }
  // A released name of a current account (former_urls): CI refuses it for another unit too.
  const renamed = facts.find((f) => f.kind === 'renamed');
  if (renamed && renamed.kind === 'renamed' && renamed.now && renamed.unit.id !== unitId) {
    return {
      rule: 'duplicate-account',
      message: `Địa chỉ này là tên cũ mà đơn vị "${renamed.unit.name}" (mã ${renamed.unit.id}) đã bỏ khi đổi tên trang, nên không được đăng ký cho đơn vị khác. Hãy kiểm tra lại địa chỉ trang của đơn vị mình.`,
    };
  }
  const reported = facts.find((f) => f.kind === 'reported');
  if (reported && reported.kind === 'reported') {
    return {
      rule: 'reported-official',
      message: `Địa chỉ này đã bị báo cáo là trang giả mạo ${reported.unit.name}, nên không thể đăng ký làm tài khoản chính thức. Hãy kiểm tra lại địa chỉ, hoặc báo công đoàn cấp trên nếu trang đã được lấy lại.`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------
// Contacts

export type EncryptAdmins = (admins: Admin[], recipient: string | readonly string[]) => Promise<string>;

/**
 * Accounts as they may be written: with `privacy.contacts: encrypted`, each account's
 * admins become `admins_age` (armored age to `privacy.recipient`) through `encrypt`
 * (`encryptAdmins` of src/lib/contacts.ts, loaded lazily by the page). In plaintext
 * mode, admins stay as they are.
 */
export async function protectContacts(
  accounts: readonly AccountInput[],
  privacy: RegistrySettings['privacy'],
  encrypt: EncryptAdmins,
): Promise<AccountInput[]> {
  if (privacy.contacts !== 'encrypted') return accounts.map((a) => ({ ...a }));
  const recipient = privacy.recipients ?? privacy.recipient;
  if (!recipient) throw new Error('privacy.recipient is missing: contacts cannot be encrypted.');
  return Promise.all(
    accounts.map(async (account) => {
      const { admins, ...rest } = account;
      if (!admins || admins.length === 0) return rest;
      return { ...rest, admins_age: await encrypt(admins, recipient) };
    }),
  );
}
