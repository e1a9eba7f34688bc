/**
 * A registration issue → one change to one unit file. Pure apart from the callback that
 * reads an existing unit's file: the CLI (src/cli/issue-to-yaml.ts) does the I/O and
 * runs the registry's own validation on the result.
 *
 * Submitted text is untrusted. It only ever becomes YAML string values, serialised by
 * the `yaml` library, and text for Markdown that is escaped or fenced here; nothing in
 * this module or its callers hands it to a shell.
 */
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import { accountUrl, canonicalize } from '../registry/facebook-url.ts';
import { checkAccount } from '../registry/checks.ts';
import type { ValidationResult } from '../registry/load.ts';
import type { Registry } from '../registry/model.ts';
import type { Rule } from '../registry/problems.ts';
import {
  AccountSchema,
  describeIssue,
  ID_MAX_LENGTH,
  ID_PATTERN,
  RESERVED_UNIT_IDS,
  type Account,
  type AccountInput,
  type Role,
} from '../schema/index.ts';
import type { FormFieldId, IssueForm } from './issue-form.ts';
import { fieldName, type ParsedIssue, type SubmissionProblem } from './issue-parse.ts';
import { refuseHiddenGroup } from './hidden-group-issue.ts';

export type { SubmissionProblem };
export * from './issue-markdown.ts';

/** The parts of a GitHub `issues` event payload that a registration needs. */
export interface IssueSubmission {
  number: number;
  title: string;
  body: string;
  login: string;
  labels: string[];
}

/** Reads an `issues` event payload; throws an Error naming what is missing (a usage problem, not a bad submission). */
export function readIssueEvent(payload: unknown): IssueSubmission {
  const issue = (payload as { issue?: unknown } | null)?.issue as Record<string, unknown> | undefined;
  if (!issue || typeof issue !== 'object') throw new Error('The event payload has no "issue" object: is this an `issues` event?');
  const number = issue.number;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1)
    throw new Error('The event payload has no valid issue.number.');
  const user = issue.user as { login?: unknown } | undefined;
  const labels = Array.isArray(issue.labels) ? issue.labels : [];
  return {
    number,
    title: typeof issue.title === 'string' ? issue.title : '',
    body: typeof issue.body === 'string' ? issue.body : '',
    login: typeof user?.login === 'string' ? user.login : '',
    labels: labels
      .map((l) => (typeof l === 'string' ? l : (l as { name?: unknown } | null)?.name))
      .filter((n): n is string => typeof n === 'string'),
  };
}

export function branchFor(issue: number): string {
  return `dang-ky/issue-${issue}`;
}

/** Vietnamese names → ids: diacritics off, đ → d, lowercase ASCII words joined by `-`, at most 80 characters. */
export function slugifyName(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let id = '';
  for (const word of words) {
    const next = id ? `${id}-${word}` : word;
    if (next.length > ID_MAX_LENGTH) return id || word.slice(0, ID_MAX_LENGTH);
    id = next;
  }
  return id;
}

/** `slugifyName`, made unique with `-2`, `-3`… (still within 80 characters). */
export function deriveUnitId(name: string, isTaken: (id: string) => boolean): string {
  // The site's own folder names under /don-vi/ are never free.
  const taken = (id: string) => RESERVED_UNIT_IDS.has(id) || isTaken(id);
  const base = slugifyName(name);
  if (!base || !taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = `${base.slice(0, ID_MAX_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken(id)) return id;
  }
}

/** Staff write dates the Vietnamese way (20/9/2018); the registry wants 2018-09-20. Anything else is left for the validator to explain. */
export function normalizeDate(text: string): string {
  const t = text.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!dmy) return t;
  const [, d, m, y] = dmy;
  return `${y}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
}

/** One change to one unit file: the file's whole new text and where the new account sits in it. */
export interface UnitChange {
  unitId: string;
  unitName: string;
  /** Relative to the registry folder, `/`-separated. */
  file: string;
  isNew: boolean;
  accountIndex: number;
  account: AccountInput;
  text: string;
}

export interface PlanInput {
  registry: Registry;
  form: IssueForm;
  parsed: ParsedIssue;
  /** Text of an existing unit file (path relative to the registry folder). */
  readUnitFile: (file: string) => string;
  /** `YYYY-MM-DD`: dates after it are in the future. */
  today: string;
}

export interface Plan {
  change?: UnitChange;
  /** Problems found from the form alone; the registry's validation adds its own later. */
  problems: SubmissionProblem[];
}

const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;

function buildAccount(parsed: ParsedIssue): AccountInput {
  const v = parsed.values;
  const account: Partial<AccountInput> = {};
  if (v.role !== undefined) account.role = v.role as Role;
  if (v.url !== undefined) {
    // Store the canonical address: tracking parameters and mobile hosts never reach the registry.
    const canonical = canonicalize(v.url);
    account.url = canonical.ok && !canonical.subpage ? accountUrl(canonical) : v.url.trim();
  }
  if (v.account_name !== undefined) account.name = v.account_name;
  // People copy the id with spaces or dots between digit groups.
  if (v.fb_id !== undefined) account.fb_id = v.fb_id.replace(/[\s.,]/g, '');
  if (v.visibility !== undefined) account.visibility = v.visibility as AccountInput['visibility'];
  if (v.since !== undefined) account.since = normalizeDate(v.since);
  const follows = parsed.checked.follows;
  if (follows && follows.length > 0) account.follows = follows;
  // Missing required keys are reported as form problems first; the validator's own message is then dropped.
  return account as AccountInput;
}

/** `follows: [a, b]` on one line, as the registry's hand-written files have it. */
function followsOnOneLine(doc: Document, index: number): void {
  const follows = doc.getIn(['accounts', index, 'follows'], true);
  if (isSeq(follows)) follows.flow = true;
}

function schemaComment(file: string): string {
  // registry/<file>: one `../` per folder of the file, plus one out of registry/.
  return ` yaml-language-server: $schema=${'../'.repeat(file.split('/').length)}schema/unit.schema.json`;
}

function requireValue(parsed: ParsedIssue, form: IssueForm, id: FormFieldId, problems: SubmissionProblem[], hint: string): void {
  if (parsed.values[id] !== undefined || problems.some((p) => p.field === id)) return;
  const field = form.fields.find((f) => f.id === id);
  const label = field ? fieldName(field) : id;
  problems.push({ field: id, rule: 'issue-form', message: `Chưa điền ${label}. ${hint}` });
}

const ACCOUNT_FIELDS: Record<string, FormFieldId> = {
  url: 'url',
  role: 'role',
  name: 'account_name',
  fb_id: 'fb_id',
  visibility: 'visibility',
  since: 'since',
  follows: 'follows',
};
const UNIT_FIELDS: Record<string, FormFieldId> = { name: 'name', level: 'level', parent: 'parent' };

/**
 * When no file can be changed (unknown unit, no usable name or parent), the account is
 * still checked on its own with the registry's schema and account rules, so that one
 * round of editing can fix everything.
 */
function accountProblems(account: AccountInput, input: PlanInput, problems: SubmissionProblem[]): SubmissionProblem[] {
  const out: SubmissionProblem[] = [];
  const taken = new Set<string>(problems.map((p) => p.field));
  const add = (key: unknown, rule: Rule, message: string) => {
    const field = ACCOUNT_FIELDS[String(key)];
    if (field === undefined || taken.has(field)) return;
    taken.add(field);
    out.push({ field, rule, message });
  };
  const parsed = AccountSchema.safeParse(account, { reportInput: true });
  if (!parsed.success) for (const issue of parsed.error.issues) add(issue.path[0], 'schema', describeIssue(issue));
  for (const p of checkAccount(account as Account, 0, { settings: input.registry.settings, today: input.today }))
    add(p.path[2], p.rule, p.message);
  return out;
}

/** Decides which file changes and how; reports what the form alone shows is wrong. */
export function planChange(input: PlanInput): Plan {
  const { registry, form, parsed, readUnitFile } = input;
  const problems: SubmissionProblem[] = [...parsed.problems];
  const refused = refuseHiddenGroup(parsed, registry.settings, problems);
  if (refused) return { problems: refused };
  const v = parsed.values;
  const fix = 'Hãy bấm Edit ở issue và điền ô này.';
  requireValue(parsed, form, 'role', problems, 'Hãy bấm Edit ở issue và chọn vai trò của tài khoản.');
  requireValue(parsed, form, 'url', problems, fix);
  requireValue(parsed, form, 'account_name', problems, fix);
  requireValue(parsed, form, 'since', problems, 'Hãy bấm Edit ở issue và ghi ngày theo dạng NĂM-THÁNG-NGÀY, ví dụ 2018-09-20.');
  const account = buildAccount(parsed);

  if (v.unit !== undefined) {
    const id = v.unit.trim();
    const unit = ID_PATTERN.test(id) ? registry.byId.get(id) : undefined;
    if (!unit) {
      problems.push({
        field: 'unit',
        rule: 'unit-missing',
        message: `Không tìm thấy đơn vị có mã "${id.slice(0, 80)}" trong danh bạ. Hãy kiểm tra lại mã (phần cuối địa chỉ trang của đơn vị trên danh bạ); nếu đơn vị chưa có, hãy để trống ô này và điền Tên đơn vị, Cấp, Cấp trên.`,
      });
      return { problems: [...problems, ...accountProblems(account, input, problems)] };
    }
    // Edited in place with the Document API, so the file's comments and layout stay.
    const doc = parseDocument(readUnitFile(unit.file));
    if (doc.errors.length > 0 || !isMap(doc.contents)) {
      problems.push({
        field: 'unit',
        rule: 'yaml-syntax',
        message: `Tệp của đơn vị "${unit.id}" đang có lỗi nên chưa thêm được tài khoản. Hãy báo công đoàn cấp trên sửa tệp ${unit.file}.`,
      });
      return { problems };
    }
    const existing = doc.get('accounts', true);
    const accounts = isSeq(existing) ? existing : doc.createNode([] as unknown[]);
    if (accounts !== existing) doc.set('accounts', accounts);
    accounts.flow = false; // `accounts: []` becomes a block list
    accounts.items.push(doc.createNode(account));
    const accountIndex = accounts.items.length - 1;
    followsOnOneLine(doc, accountIndex);
    return {
      change: {
        unitId: unit.id,
        unitName: unit.name,
        file: unit.file,
        isNew: false,
        accountIndex,
        account,
        text: doc.toString(YAML_OUTPUT),
      },
      problems,
    };
  }

  // A new unit.
  requireValue(
    parsed,
    form,
    'name',
    problems,
    'Đơn vị mới cần tên đầy đủ; nếu đơn vị đã có trong danh bạ, hãy điền mã của đơn vị vào ô Đơn vị.',
  );
  requireValue(parsed, form, 'level', problems, 'Hãy bấm Edit ở issue và chọn cấp của đơn vị.');
  requireValue(parsed, form, 'parent', problems, 'Hãy ghi mã của công đoàn cấp trên trực tiếp, lấy ở trang của đơn vị đó trên danh bạ.');
  const name = v.name?.trim() ?? '';
  const parent = v.parent?.trim() ?? '';
  if (v.parent !== undefined && !ID_PATTERN.test(parent)) {
    problems.push({
      field: 'parent',
      rule: 'parent-missing',
      message: `Mã cấp trên "${parent.slice(0, 80)}" không đúng dạng: mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ "${registry.settings.root}". Hãy lấy mã ở trang của công đoàn cấp trên trên danh bạ.`,
    });
  }
  if (v.name !== undefined && slugifyName(name) === '') {
    problems.push({ field: 'name', rule: 'id-format', message: 'Tên đơn vị phải có chữ cái hoặc chữ số. Hãy ghi tên đầy đủ của đơn vị.' });
  }
  const sameName = registry.units.find(
    (u) => u.parent === parent && u.name.toLocaleLowerCase('vi') === name.normalize('NFC').toLocaleLowerCase('vi'),
  );
  if (name && sameName) {
    problems.push({
      field: 'unit',
      rule: 'duplicate-id',
      message: `Đơn vị "${sameName.name}" đã có trong danh bạ, mã là ${sameName.id}. Hãy ghi ${sameName.id} vào ô Đơn vị và để trống Tên đơn vị, Cấp, Cấp trên.`,
    });
  }
  const unitId = deriveUnitId(name, (id) => registry.byId.has(id));
  if (!unitId || !ID_PATTERN.test(parent) || problems.some((p) => p.field === 'unit')) {
    return { problems: [...problems, ...accountProblems(account, input, problems)] };
  }

  const file = `units/${parent}/${unitId}.yaml`;
  const doc = new Document({ name, level: v.level, parent, accounts: [account] });
  followsOnOneLine(doc, 0);
  if (isMap(doc.contents)) doc.contents.commentBefore = schemaComment(file);
  return {
    change: { unitId, unitName: name, file, isNew: true, accountIndex: 0, account, text: doc.toString(YAML_OUTPUT) },
    problems,
  };
}

function fieldOf(path: string, change: UnitChange): FormFieldId | '' {
  const [first, index, key] = path.split('.');
  if (first === 'accounts' && index === String(change.accountIndex)) return ACCOUNT_FIELDS[key ?? ''] ?? '';
  if (change.isNew) return UNIT_FIELDS[first ?? ''] ?? '';
  return '';
}

/**
 * The registry's own verdict on the change, in terms of the form: errors in the changed
 * file, plus a duplicate that the validator happened to report on the other unit's file
 * (it reports the later unit in id order). Form problems for a field replace the
 * validator's message about the same field.
 */
export function validationProblems(
  result: ValidationResult,
  change: UnitChange,
  formProblems: readonly SubmissionProblem[],
): SubmissionProblem[] {
  const out: SubmissionProblem[] = [];
  const already = new Set(formProblems.map((p) => p.field).filter(Boolean));
  const seen = new Set<string>();
  const add = (p: SubmissionProblem) => {
    const key = `${p.field}\u0000${p.rule}\u0000${p.message}`;
    if ((p.field && already.has(p.field)) || seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  const ownKey = typeof change.account.url === 'string' ? canonicalize(change.account.url) : undefined;
  for (const p of result.problems) {
    if (p.severity !== 'error') continue;
    if (p.file === change.file) {
      add({ field: fieldOf(p.path, change), rule: p.rule, message: p.message });
      continue;
    }
    if (p.rule !== 'duplicate-account' || !ownKey?.ok) continue;
    const [, index] = p.path.split('.');
    const other = result.registry?.units.find((u) => u.file === p.file);
    const url = other?.accounts?.[Number(index)]?.url;
    const theirs = url === undefined ? undefined : canonicalize(url);
    if (other && theirs?.ok && theirs.key === ownKey.key) {
      add({
        field: 'url',
        rule: 'duplicate-account',
        message: `Tài khoản này đã được đăng ký cho đơn vị "${other.name}" (mã ${other.id}). Một tài khoản chỉ thuộc một đơn vị: hãy kiểm tra lại địa chỉ. Nếu tài khoản đã chuyển sang đơn vị khác, hãy báo công đoàn cấp trên.`,
      });
    }
  }
  return out;
}
