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
import { Document, isMap, isScalar, isSeq, Scalar } from 'yaml';
import { accountUrl, canonicalize } from '../registry/facebook-url.ts';
import type { LookupFact } from '../lib/lookup.ts';
import { assertProtected, mustSeal } from './registration-groups.ts';
import { checkAccount, checkUnit } from '../registry/checks.ts';
import type { FieldProblem, PathProblem } from '../registry/problems.ts';
import { describeIssue, ID_MAX_LENGTH, ID_PATTERN, RESERVED_UNIT_IDS, ROLE_LABELS, ROLES, UnitSchema, VISIBILITIES, type AccountInput, type Admin, type RegistrySettings, type Role, type UnitData, type UnitInput, type Account, type Visibility } from '../schema/index.ts';
import { ISSUE_FORM_FILE, ISSUE_TITLE_PREFIX, type IssueForm } from './issue-form.ts';
import { deriveUnitId, slugifyName } from './issue-to-yaml.ts';

/** Up to this many units, the page embeds the unit list; above it, the form searches the directory's index. */
export const EMBED_MAX_UNITS = 350;
/** Where the registry lives in the repository (links to GitHub), whatever REGISTRY_DIR the build used. */
export const REPO_REGISTRY_DIR = 'registry';
/** Longer links are not offered (browsers and GitHub refuse very long addresses): copy or download instead. */
export const MAX_LINK_LENGTH = 8000;
const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;

// ---------------------------------------------------------------------------------
// Form values

export interface AdminValues {
  name: string;
  position: string;
  phone: string;
  email: string;
}

export interface AccountValues {
  /** '' until chosen. */
  role: string;
  url: string;
  name: string;
  /** Groups only; '' means hidden. */
  visibility: string;
  since: string;
  follows: string[];
  admins: AdminValues[];
}

/**
 * Where new account items go in an existing unit's file:
 * - `empty-list`: the file has `accounts: []`: replace that line with `accounts:` and the items;
 * - `no-accounts`: no `accounts` key: add `accounts:` and the items at the end of the file;
 * - `end`: the items go at the end of the file (accounts is the last key);
 * - `before:<key>`: the items go right before the top-level line `<key>:`;
 * - `unknown`: the page does not know the file (large registries): the instructions cover every case.
 */
export type PlacementWhere = 'empty-list' | 'no-accounts' | 'end' | `before:${string}` | 'unknown';
export interface Placement {
  where: PlacementWhere;
  /** Column of the `-` of the existing items (2 in every file the tools write). */
  indent: number;
}

/** A unit the form knows, from the page's embedded list or the directory's search index. */
export interface KnownUnit {
  id: string;
  name: string;
  level: string;
  parent?: string | undefined;
  /** Relative to the registry folder; unknown for large registries. */
  file?: string | undefined;
  placement?: Placement | undefined;
}

/** The compact row the page embeds per unit: [id, name, level, parent, file, where, indent]. */
export type EmbeddedUnit = [id: string, name: string, level: string, parent: string, file: string, where: PlacementWhere, indent: number];

export function embedUnit(unit: { id: string; name: string; level: string; parent?: string | undefined; file: string }, text: string | undefined): EmbeddedUnit {
  const placement = text === undefined ? { where: 'unknown' as const, indent: 2 } : placementOf(text);
  return [unit.id, unit.name, unit.level, unit.parent ?? '', unit.file, placement.where, placement.indent];
}

export function knownUnitFromEmbedded(row: EmbeddedUnit): KnownUnit {
  const [id, name, level, parent, file, where, indent] = row;
  return { id, name, level, parent: parent || undefined, file, placement: { where, indent } };
}

export type RegistrationValues =
  | { kind: 'existing'; unit: KnownUnit | undefined; accounts: AccountValues[] }
  | { kind: 'new'; name: string; level: string; parent: KnownUnit | undefined; id: string; accounts: AccountValues[] };

export function emptyAdmin(): AdminValues {
  return { name: '', position: '', phone: '', email: '' };
}

export function emptyAccount(): AccountValues {
  return { role: '', url: '', name: '', visibility: '', since: '', follows: [], admins: [emptyAdmin()] };
}

export interface RegistrationContext {
  settings: RegistrySettings;
  /** `YYYY-MM-DD`: dates after it are "in the future", as in CI. */
  today: string;
  /** Whether a unit id is taken: `undefined` when the page cannot tell (CI still checks). */
  idExists: (id: string) => boolean | undefined;
  /** A unit of that name (any case) directly under `parent`, when the page can tell. */
  sameName?: (name: string, parent: string) => KnownUnit | undefined;
}

/**
 * A problem with the form, keyed by field: `unit`, `name`, `level`, `parent`, `id`,
 * `accounts`, `accounts.<i>.<role|url|name|visibility|since|follows>`,
 * `accounts.<i>.admins.<j>.<name|position|phone|email>`.
 */
export type FormProblem = FieldProblem;

// ---------------------------------------------------------------------------------
// Values → registry data

/** The address as the registry stores it: the canonical form, or the text as typed when it is refused. */
export function storedUrl(input: string): string {
  const canonical = canonicalize(input);
  return canonical.ok && !canonical.subpage ? accountUrl(canonical) : input.trim();
}

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
  const account: AccountInput = { role: v.role as Role, url: storedUrl(v.url), name: v.name.trim(), ...(v.role === 'group' ? { visibility } : {}), since: v.since.trim() };
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
  const asRole: Role = (ROLES as readonly string[]).includes(role) ? (role as Role) : canonical.ok && canonical.kind === 'group' ? 'group' : 'unit';
  const account = { role: asRole, url, name: '-', since: '2000-01-01' };
  return checkAccount(account, 0, { settings: settings ? inputSettings(settings) : undefined, today: '9999-12-31' }).filter((p) => p.path[2] === 'url' || p.path[2] === 'role');
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
  return { ok: true, canonical: stored, isGroup, message: `Địa chỉ hợp lệ${isGroup ? ' (một nhóm Facebook)' : ''}, sẽ được ghi là: ${stored}` };
}

/** Problems with a new unit's id, beyond the pattern. */
function idProblems(id: string, name: string, ctx: RegistrationContext): FormProblem[] {
  const example = slugifyName(name) || 'cdcs-truong-thpt-kon-tum';
  if (id === '') return [{ field: 'id', rule: 'id-format', message: `Hãy ghi mã đơn vị, ví dụ "${example}". Mã được tạo tự động từ tên đơn vị.` }];
  if (id.length > ID_MAX_LENGTH || !ID_PATTERN.test(id)) {
    return [{ field: 'id', rule: 'id-format', message: `Mã đơn vị chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang (không ở đầu hay cuối), tối đa ${ID_MAX_LENGTH} ký tự, ví dụ "${example}".` }];
  }
  if (RESERVED_UNIT_IDS.has(id)) {
    return [{ field: 'id', rule: 'id-format', message: `Mã "${id}" trùng với một thư mục của trang web danh bạ nên không dùng được. Hãy đổi mã, ví dụ "${id}-${example}".` }];
  }
  if (ctx.idExists(id) === true) {
    const free = deriveUnitId(id, (candidate) => ctx.idExists(candidate) === true);
    return [{ field: 'id', rule: 'duplicate-id', message: `Mã "${id}" đã là mã của một đơn vị khác trong danh bạ. Hãy đổi mã, ví dụ "${free}". Nếu đó chính là đơn vị của bạn, hãy chọn "Đơn vị đã có trong danh bạ".` }];
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
    if (!values.unit) add({ field: 'unit', rule: 'required', message: 'Hãy tìm và chọn đơn vị của bạn. Nếu đơn vị chưa có trong danh bạ, hãy chọn "Đơn vị mới".' });
  } else {
    const name = values.name.trim();
    if (!values.level) add({ field: 'level', rule: 'required', message: 'Hãy chọn cấp của đơn vị.' });
    if (!values.parent) add({ field: 'parent', rule: 'required', message: 'Hãy tìm và chọn công đoàn cấp trên trực tiếp của đơn vị.' });
    if (name && slugifyName(name) === '') add({ field: 'name', rule: 'id-format', message: 'Tên đơn vị phải có chữ cái hoặc chữ số. Hãy ghi tên đầy đủ của đơn vị.' });
    const same = name && values.parent ? ctx.sameName?.(name, values.parent.id) : undefined;
    if (same) add({ field: 'name', rule: 'duplicate-id', message: `Đơn vị "${same.name}" đã có trong danh bạ, mã là ${same.id}. Hãy chọn "Đơn vị đã có trong danh bạ" và tìm đơn vị này.` });
    for (const p of idProblems(values.id.trim(), name, ctx)) add(p);
  }

  if (values.accounts.length === 0) add({ field: 'accounts', rule: 'required', message: 'Hãy thêm ít nhất một tài khoản, trang hoặc nhóm Facebook.' });
  values.accounts.forEach((a, i) => {
    if (!a.role) add({ field: `accounts.${i}.role`, rule: 'required', message: ROLE_MISSING });
    if (!a.since.trim()) add({ field: `accounts.${i}.since`, rule: 'required', message: SINCE_MISSING });
  });
  // One account twice in the same submission is a duplicate for CI too.
  const seen = new Map<string, number>();
  values.accounts.forEach((a, i) => {
    const canonical = canonicalize(a.url);
    if (!canonical.ok) return;
    const first = seen.get(canonical.key);
    if (first === undefined) seen.set(canonical.key, i);
    else add({ field: `accounts.${i}.url`, rule: 'duplicate-account', message: `Địa chỉ này trùng với tài khoản ${first + 1} ở trên. Mỗi tài khoản chỉ đăng ký một lần: hãy xoá một trong hai.` });
  });

  // The registry's schema, on the unit as it will be written (an existing unit: its accounts only).
  const unitData: UnitInput = values.kind === 'new'
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
  const pathProblems: PathProblem[] = values.kind === 'new'
    ? checkUnit(
        { id: values.id.trim() || 'don-vi-moi', data: unitData as unknown as UnitData },
        { settings: checkSettings, today: ctx.today, knownIds: new Set(parent ? [parent.id] : []), levelOf: (id) => (id === parent?.id ? parent.level : undefined), canonical: canonicalize },
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
  const accountOrder = ['role', 'url', 'name', 'visibility', 'since', 'follows', 'admins'];
  const rank = (field: string): number => {
    const top = order.indexOf(field);
    if (top >= 0) return top;
    const [, i, sub, row, leaf] = field.split('.');
    const base = 100 + Number(i) * 1000;
    const within = accountOrder.indexOf(sub ?? '');
    const leafRank = ['name', 'position', 'phone', 'email'].indexOf(leaf ?? '');
    return base + (within < 0 ? 99 : within) * 100 + (row === undefined ? 0 : Number(row) * 5 + leafRank + 1);
  };
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p.field) - rank(b.p.field) || a.i - b.i).map((x) => x.p);
}

/**
 * What the directory already knows about an address (facts from the verification
 * index), as a problem CI would raise: the account is already a current account of a
 * unit (duplicate-account), or it is a reported impostor (reported-official). Former
 * accounts and the pages to follow are fine.
 */
export function registeredProblem(facts: readonly LookupFact[], unitId: string | undefined): Omit<FormProblem, 'field'> | undefined {
  for (const fact of facts) {
    if (fact.kind === 'account' && fact.current) {
      return fact.unit.id === unitId
        ? { rule: 'duplicate-account', message: `Tài khoản này đã có trong danh bạ, là tài khoản của chính đơn vị ${fact.unit.name}. Không cần đăng ký lại.` }
        : { rule: 'duplicate-account', message: `Tài khoản này đã được đăng ký cho đơn vị "${fact.unit.name}" (mã ${fact.unit.id}). Một tài khoản chỉ thuộc một đơn vị: hãy kiểm tra lại địa chỉ. Nếu tài khoản đã chuyển sang đơn vị khác, hãy báo công đoàn cấp trên.` };
    }
  }
  const reported = facts.find((f) => f.kind === 'reported');
  if (reported && reported.kind === 'reported') {
    return { rule: 'reported-official', message: `Địa chỉ này đã bị báo cáo là trang giả mạo ${reported.unit.name}, nên không thể đăng ký làm tài khoản chính thức. Hãy kiểm tra lại địa chỉ, hoặc báo công đoàn cấp trên nếu trang đã được lấy lại.` };
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
export async function protectContacts(accounts: readonly AccountInput[], privacy: RegistrySettings['privacy'], encrypt: EncryptAdmins): Promise<AccountInput[]> {
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

// ---------------------------------------------------------------------------------
// YAML

/** Hand-written style: `follows: [a, b]` on one line, `admins_age: |` as a block. */
function styleAccounts(doc: Document, path: readonly (string | number)[], count: number): void {
  for (let i = 0; i < count; i++) {
    const follows = doc.getIn([...path, i, 'follows'], true);
    if (isSeq(follows)) follows.flow = true;
    for (const field of ['admins_age', 'url_age']) {
      const armor = doc.getIn([...path, i, field], true);
      if (isScalar(armor)) armor.type = Scalar.BLOCK_LITERAL;
    }
  }
}

/** The file of a new unit: `units/<parent>/<id>.yaml` (one folder per upper-level union, as the format recommends). */
export function newUnitFile(parent: string, id: string): string {
  return `units/${parent}/${id}.yaml`;
}

function schemaComment(file: string): string {
  // registry/<file>: one `../` per folder of the file, plus one out of registry/.
  return ` yaml-language-server: $schema=${'../'.repeat(file.split('/').length)}schema/unit.schema.json`;
}

/** The whole file of a new unit. */
export function renderNewUnitYaml(unit: { name: string; level: string; parent: string }, accounts: readonly AccountInput[], file: string, privacy: RegistrySettings['privacy']): string {
  assertProtected(accounts, privacy);
  const doc = new Document({ name: unit.name.trim(), level: unit.level, parent: unit.parent, accounts });
  styleAccounts(doc, ['accounts'], accounts.length);
  if (isMap(doc.contents)) doc.contents.commentBefore = schemaComment(file);
  return doc.toString(YAML_OUTPUT);
}

/**
 * The text to add to an existing unit's file: the `accounts` items at the file's own
 * indentation, with the `accounts:` line when the file has none (or `accounts: []`).
 */
export function renderAccountsSnippet(accounts: readonly AccountInput[], placement: Placement, privacy: RegistrySettings['privacy']): string {
  assertProtected(accounts, privacy);
  const doc = new Document({ accounts });
  styleAccounts(doc, ['accounts'], accounts.length);
  const indent = Math.max(0, Math.min(8, placement.indent));
  const text = doc.toString({ ...YAML_OUTPUT, indentSeq: indent > 0, indent: Math.max(2, indent) });
  const withKey = placement.where === 'empty-list' || placement.where === 'no-accounts';
  return withKey ? text : text.slice(text.indexOf('\n') + 1);
}

/** Where new items go in a unit file (see `Placement`); pure, line-based, for the build. */
export function placementOf(text: string): Placement {
  const lines = text.split(/\r?\n/);
  const KEY = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$/;
  let accountsAt = -1;
  let value = '';
  let next: string | undefined;
  lines.forEach((line, i) => {
    const m = KEY.exec(line);
    if (!m) return;
    if (m[1] === 'accounts' && accountsAt < 0) {
      accountsAt = i;
      value = (m[2] ?? '').replace(/(^|\s)#.*$/, '').trim();
    } else if (accountsAt >= 0 && next === undefined) {
      next = m[1];
    }
  });
  if (accountsAt < 0) return { where: 'no-accounts', indent: 2 };
  if (value === '[]') return { where: 'empty-list', indent: 2 };
  if (value !== '') return { where: 'unknown', indent: 2 };
  let indent = -1;
  for (let i = accountsAt + 1; i < lines.length; i++) {
    const m = /^([ ]*)-(?:[ \t]|$)/.exec(lines[i] ?? '');
    if (m) {
      indent = (m[1] ?? '').length;
      break;
    }
    if (KEY.test(lines[i] ?? '')) break;
  }
  if (indent < 0) return { where: 'unknown', indent: 2 };
  return { where: next === undefined ? 'end' : `before:${next}`, indent };
}

/** Applies a snippet to a unit file exactly as the page's instructions say (tests and reviewers use it). */
export function applySnippet(text: string, snippet: string, placement: Placement): string {
  const withNewline = text.endsWith('\n') ? text : `${text}\n`;
  switch (true) {
    case placement.where === 'empty-list':
      return withNewline.replace(/^accounts[ \t]*:[ \t]*\[\][^\n]*\n/m, snippet);
    case placement.where === 'no-accounts':
    case placement.where === 'end':
      return withNewline + snippet;
    case placement.where.startsWith('before:'): {
      const key = placement.where.slice('before:'.length);
      const at = new RegExp(`^${key}[ \\t]*:`, 'm').exec(withNewline);
      if (!at) throw new Error(`no line ${key}:`);
      // Comments right above the key stay with it.
      let start = at.index;
      for (;;) {
        const prev = withNewline.lastIndexOf('\n', start - 2);
        const line = withNewline.slice(prev + 1, start - 1);
        if (start === 0 || !/^#/.test(line)) break;
        start = prev + 1;
      }
      return withNewline.slice(0, start) + snippet + withNewline.slice(start);
    }
    default:
      throw new Error('unknown placement');
  }
}

/** What to do with the snippet, in words (HTML-free). */
export function placementInstructions(placement: Placement | undefined): string[] {
  const where = placement?.where ?? 'unknown';
  if (where === 'empty-list') return ['Tìm dòng "accounts: []" trong tệp và xoá dòng đó.', 'Dán đoạn dưới đây vào đúng chỗ dòng vừa xoá.'];
  if (where === 'no-accounts') return ['Xuống cuối tệp, thêm một dòng trống mới.', 'Dán đoạn dưới đây vào dòng mới đó.'];
  if (where === 'end') return ['Xuống cuối tệp (sau tài khoản cuối cùng), thêm một dòng trống mới.', 'Dán đoạn dưới đây vào dòng mới đó, không thêm dấu cách ở đầu dòng.'];
  if (where.startsWith('before:')) {
    const key = where.slice('before:'.length);
    return [`Tìm dòng bắt đầu bằng "${key}:" (nằm sau các tài khoản).`, `Dán đoạn dưới đây vào ngay trên dòng "${key}:", không thêm dấu cách ở đầu dòng.`];
  }
  return [
    'Nếu tệp có dòng "accounts: []": xoá dòng đó, rồi dán đoạn dưới đây (kể cả dòng "accounts:") vào chỗ đó.',
    'Nếu tệp đã có tài khoản: bỏ dòng "accounts:" đầu đoạn, dán phần còn lại ngay sau tài khoản cuối cùng, các dấu "-" thẳng cột với các tài khoản đã có.',
    'Nếu tệp chưa có dòng "accounts": dán cả đoạn vào cuối tệp.',
  ];
}

// ---------------------------------------------------------------------------------
// GitHub

export interface GithubRepo {
  /** https://github.com, or a GitHub Enterprise server. */
  server: string;
  owner: string;
  name: string;
  branch: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const BRANCH = /^(?!.*\.\.)(?!\/)[A-Za-z0-9._\/-]{1,200}(?<!\/)$/;

/**
 * The repository the links point to, from the build's environment: `GITHUB_REPOSITORY`
 * (`owner/repo`, set in every GitHub Actions job) or `REPO_URL`
 * (`https://github.com/owner/repo`), `GITHUB_SERVER_URL` (default https://github.com),
 * `REGISTRY_BRANCH` (default `main`). Undefined when none is usable: the page then
 * hides the GitHub buttons and says why.
 */
export function githubRepoFromEnv(env: Readonly<Record<string, string | undefined>>): GithubRepo | undefined {
  const branch = env.REGISTRY_BRANCH?.trim() || 'main';
  if (!BRANCH.test(branch)) return undefined;
  let server = 'https://github.com';
  let slug = env.GITHUB_REPOSITORY?.trim() ?? '';
  if (env.GITHUB_SERVER_URL) {
    try {
      const url = new URL(env.GITHUB_SERVER_URL);
      if (url.protocol === 'https:') server = url.origin;
    } catch {
      // keep github.com
    }
  }
  if (!slug && env.REPO_URL) {
    try {
      const url = new URL(env.REPO_URL);
      if (url.protocol === 'https:') {
        server = url.origin;
        slug = url.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
      }
    } catch {
      return undefined;
    }
  }
  const [owner = '', name = '', ...rest] = slug.split('/');
  if (rest.length > 0 || !OWNER.test(owner) || !REPO_NAME.test(name) || name === '.' || name === '..') return undefined;
  return { server, owner, name, branch };
}

const segments = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const query = (params: readonly (readonly [string, string])[]) => params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

function repoBase(repo: GithubRepo): string {
  return `${repo.server}/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
}

/** GitHub's "new file" page, prefilled: name, content and commit message. Undefined when too long for a link. */
export function newFileUrl(repo: GithubRepo, file: string, content: string, message: string): string | undefined {
  const url = `${repoBase(repo)}/new/${segments(repo.branch)}?${query([['filename', `${REPO_REGISTRY_DIR}/${file}`], ['value', content], ['message', message]])}`;
  return url.length <= MAX_LINK_LENGTH ? url : undefined;
}

/** GitHub's editor for an existing unit's file. */
export function editFileUrl(repo: GithubRepo, file: string): string {
  return `${repoBase(repo)}/edit/${segments(repo.branch)}/${segments(`${REPO_REGISTRY_DIR}/${file}`)}`;
}

/** When the page does not know an existing unit's file (large registries): GitHub's code search for it. */
export function findFileUrl(repo: GithubRepo, id: string): string {
  return `${repo.server}/search?${query([['q', `repo:${repo.owner}/${repo.name} path:${REPO_REGISTRY_DIR}/units path:**/${id}.yaml`], ['type', 'code']])}`;
}

export interface IssueLink {
  /** Which account (0-based) the issue registers. */
  account: number;
  url: string;
}

function optionLabel(form: IssueForm, field: string, value: string): string {
  const f = form.fields.find((x) => x.id === field);
  const option = f && 'options' in f ? f.options.find((o) => o.value === value) : undefined;
  return option?.label ?? value;
}

/**
 * One prefilled issue-form link per account (the issue form registers one account):
 * query parameters named by the form's field ids, dropdowns by their option labels.
 * Built from the public fields only: admins are never read here, so no phone number or
 * email can reach an issue. For a new unit, later accounts name the unit by the id the
 * issue bot will give it, to be sent once the first one is merged.
 */
export function issueUrls(repo: GithubRepo, form: IssueForm, values: RegistrationValues, settings: Pick<RegistrySettings, 'follow'> & Partial<Pick<RegistrySettings, 'privacy'>>, idExists: (id: string) => boolean): IssueLink[] {
  const template = ISSUE_FORM_FILE.slice(ISSUE_FORM_FILE.lastIndexOf('/') + 1);
  const unitName = values.kind === 'existing' ? values.unit?.name ?? '' : values.name.trim();
  const botId = values.kind === 'new' ? deriveUnitId(values.name.trim(), idExists) : '';
  return values.accounts.flatMap((a, i) => {
    const role = (ROLES as readonly string[]).includes(a.role) ? (a.role as Role) : undefined;
    // A hidden group's address never goes into an issue of an encrypted registry (issue-to-yaml refuses it).
    if (settings.privacy && role === 'group' && mustSeal({ role, url: a.url, visibility: (VISIBILITIES as readonly string[]).includes(a.visibility) ? (a.visibility as Visibility) : undefined, name: '', since: '' }, settings.privacy)) return [];
    const params: [string, string][] = [
      ['template', template],
      ['title', `${ISSUE_TITLE_PREFIX}${unitName}${role ? ` – ${ROLE_LABELS[role]}` : ''}`],
    ];
    if (values.kind === 'existing') params.push(['unit', values.unit?.id ?? '']);
    else if (i > 0) params.push(['unit', botId]);
    else {
      params.push(['name', unitName]);
      if (values.level) params.push(['level', optionLabel(form, 'level', values.level)]);
      if (values.parent) params.push(['parent', values.parent.id]);
    }
    if (role) params.push(['role', optionLabel(form, 'role', role)]);
    params.push(['url', storedUrl(a.url)], ['account_name', a.name.trim()]);
    if (role === 'group') params.push(['visibility', optionLabel(form, 'visibility', (VISIBILITIES as readonly string[]).includes(a.visibility) ? a.visibility : 'hidden')]);
    if (a.since.trim()) params.push(['since', a.since.trim()]);
    const ticked = settings.follow.filter((f) => a.follows.includes(f.id)).map((f) => optionLabel(form, 'follows', f.id));
    if (ticked.length > 0) params.push(['follows', ticked.join(',')]);
    return [{ account: i, url: `${repoBase(repo)}/issues/new?${query(params)}` }];
  });
}

/** The commit message / pull request title of a registration. */
export function changeTitle(unitName: string, accounts: readonly AccountInput[]): string {
  const roles = [...new Set(accounts.map((a) => a.role).filter((r): r is Role => r !== undefined))].map((r) => ROLE_LABELS[r].toLowerCase());
  return `Đăng ký: ${unitName.trim()}${roles.length > 0 ? ` – ${roles.join(', ')}` : ''}`.slice(0, 200);
}
