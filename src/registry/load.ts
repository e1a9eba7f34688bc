/**
 * The one place that reads a registry from disk. The CLI, the tests and the Astro build
 * all call `validateRegistry`; problems come back as data with file, line and column.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { hash } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import { canonicalize } from './facebook-url.ts';
import { describeIssue, ID_MAX_LENGTH, ID_PATTERN, RESERVED_UNIT_IDS, RegistrySettingsSchema, ReportedSchema, UnitSchema, type RegistrySettings, type ReportedAccount, type UnitData } from '../schema/index.ts';
import { accountKey, checkAccount, checkRegistry, checkUnit, type CheckContext, type UnitEntry } from './checks.ts';
import { todayIso, type Registry, type Unit } from './model.ts';
import { compareProblems, hasErrors, type Problem } from './problems.ts';
import { locate, MAX_FILE_BYTES, parseFast, parsePrecise, prepareText, type PathProblem, type PreciseParse } from './yaml.ts';

export const SETTINGS_FILE = 'registry.yaml';
export const REPORTED_FILE = 'reported.yaml';
export const UNITS_DIR = 'units';

const READ_BUFFER = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);

/** A usage problem (no such folder): exit code 2, not a data problem. */
export class RegistryUsageError extends Error {}

export interface ValidateOptions {
  /** `YYYY-MM-DD`; dates after it are "in the future". Defaults to today (UTC). */
  today?: string;
  /** Unit files already listed and parsed (by worker threads, see parallel.ts). */
  prepared?: PreparedUnits;
  /** Problems only: leave `registry` out (`npm run validate` prints nothing else). */
  problemsOnly?: boolean;
}

export interface PreparedUnits {
  unitFiles: UnitFile[];
  listProblems: Problem[];
  /** By position in `unitFiles`. */
  results: readonly (UnitFileResult | undefined)[];
  /** `indexUnitFiles(unitFiles)`, when already worked out. */
  index?: UnitIndex;
}

export interface ValidationResult {
  ok: boolean;
  /** Present when the registry could be assembled (settings parsed); complete only when `ok`. */
  registry?: Registry;
  problems: Problem[];
  units: number;
  accounts: number;
}

export function resolveRegistryDir(flag?: string): string {
  return path.resolve(flag ?? process.env.REGISTRY_DIR ?? 'registry');
}

interface SourceText {
  text?: string;
  problems: Problem[];
  /** `contentDigest` of the bytes read, when asked for. */
  digest?: string;
}

/** Reads a file without loading anything over the size limit; `checkLink` refuses a symlink. */
function readSource(abs: string, file: string, checkLink = false, withDigest = false): SourceText {
  const fileProblem = (rule: Problem['rule'], message: string): SourceText => ({
    problems: [{ file, line: 1, column: 1, path: '', rule, severity: 'error', message }],
  });
  if (checkLink) {
    try {
      if (!lstatSync(abs).isFile()) return fileProblem('file-not-regular', 'Tệp này là một liên kết (symlink) hoặc không phải tệp thường. Hãy thay bằng chính tệp.');
    } catch {
      return fileProblem('file-not-regular', 'Thiếu tệp này. Hãy tạo tệp theo mẫu trong tài liệu định dạng danh bạ.');
    }
  }
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return fileProblem('file-not-regular', 'Không đọc được tệp này. Hãy kiểm tra tệp có tồn tại và là một tệp văn bản bình thường.');
  }
  try {
    const read = readLimited(fd);
    if (read > MAX_FILE_BYTES) {
      const size = fstatSync(fd).size;
      return fileProblem('file-too-large', `Tệp quá lớn (${Math.ceil(size / 1024)} KiB). Mỗi tệp chỉ được tối đa 64 KiB; hãy kiểm tra xem có dán nhầm nội dung khác vào không.`);
    }
    const bytes = READ_BUFFER.subarray(0, read);
    const digest = withDigest ? contentDigest(bytes) : undefined;
    if (bytes.includes(0)) {
      return fileProblem('yaml-syntax', 'Tệp chứa dữ liệu nhị phân, không phải văn bản. Hãy lưu lại tệp dưới dạng văn bản UTF-8.');
    }
    const raw = bytes.toString('utf8');
    if (raw.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD'))) {
      return fileProblem('yaml-syntax', 'Tệp không phải văn bản UTF-8. Hãy lưu lại tệp với bảng mã UTF-8.');
    }
    const prepared = prepareText(raw);
    const problems: Problem[] = [];
    if (prepared.normalizedAt !== undefined) {
      const { line, column } = lineColumn(prepared.text, prepared.normalizedAt);
      problems.push({ file, line, column, path: '', rule: 'text-normalized', severity: 'warning', message: 'Chữ tiếng Việt trong tệp được gõ ở dạng tổ hợp (dấu tách rời chữ). Danh bạ đã tự chuyển sang dạng dựng sẵn (NFC); hãy lưu lại tệp với bảng mã Unicode dựng sẵn.' });
    }
    return { text: prepared.text, problems, digest };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads an open file into the shared buffer, one byte over the size limit: no stat, no
 * allocation per file. Returns how many bytes were read (over the limit: too large).
 */
function readLimited(fd: number): number {
  let read = 0;
  while (read < READ_BUFFER.length) {
    const n = readSync(fd, READ_BUFFER, read, READ_BUFFER.length - read, null);
    if (n === 0) break;
    read += n;
  }
  return read;
}

/** What the validation cache knows a file by (cache.ts): a digest of its bytes. */
function contentDigest(bytes: Uint8Array): string {
  return hash('sha1', bytes, 'base64');
}

/** The digest of a unit file's bytes; undefined when it cannot be read or is over the limit (the parser reports why). */
export function digestUnitFile(abs: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return undefined;
  }
  try {
    const read = readLimited(fd);
    return read > MAX_FILE_BYTES ? undefined : contentDigest(READ_BUFFER.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

interface Parsed<T> {
  data?: T;
  problems: Problem[];
  pathProblems: PathProblem[];
  precise?: PreciseParse;
}

function issuesToPathProblems(issues: readonly z.core.$ZodIssue[]): PathProblem[] {
  const out: PathProblem[] = [];
  for (const issue of issues) {
    const base = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: [...base, key], rule: 'schema', severity: 'error', at: 'key', message: describeIssue({ ...issue, keys: [key] }) });
      }
    } else {
      out.push({ path: base, rule: 'schema', severity: 'error', message: describeIssue(issue) });
    }
  }
  return out;
}

function parseWith<S extends z.ZodType>(file: string, text: string, schema: S, expect: 'mapping' | 'sequence'): Parsed<z.output<S>> {
  if (expect === 'mapping') {
    const fast = parseFast(text);
    if (fast !== undefined) {
      const result = schema.safeParse(fast);
      if (result.success) return { data: result.data, problems: [], pathProblems: [] };
    }
  }
  // Anything less than clean: the precise parser decides, with positions.
  const precise = parsePrecise(file, text, expect);
  if (precise.problems.length > 0) return { problems: precise.problems, pathProblems: [], precise };
  if (precise.value === undefined) {
    return {
      problems: [{ file, line: 1, column: 1, path: '', rule: 'yaml-syntax', severity: 'error', message: expect === 'mapping' ? 'Tệp trống. Hãy điền thông tin đơn vị (ít nhất name và level), hoặc xoá tệp.' : 'Tệp trống. Hãy ghi danh sách, hoặc xoá tệp.' }],
      pathProblems: [],
      precise,
    };
  }
  const result = schema.safeParse(precise.value, { reportInput: true });
  if (result.success) return { data: result.data, problems: [], pathProblems: [], precise };
  return { problems: [], pathProblems: issuesToPathProblems(result.error.issues), precise };
}

export interface UnitFile {
  id: string;
  file: string;
  abs: string;
}

/** The per-file stage: read, parse, schema. Independent of every other file, so it can run in parallel. */
export interface UnitFileResult {
  data?: UnitData;
  problems: Problem[];
  pathProblems: PathProblem[];
  precise?: PreciseParse;
  /** Set when the accounts were already checked against the settings (by a worker): their problems… */
  accountProblems?: PathProblem[];
  /** …and the canonical key of each account's address (null when it is not an account). */
  accountKeys?: (string | null)[];
  /** `contentDigest` of the file, when asked for (the validation cache keys results by it). */
  digest?: string;
}

/** The per-account checks that need only the settings, done where the file was parsed (see parallel.ts). */
export function checkUnitAccounts(result: UnitFileResult, settings: RegistrySettings, today: string, canonical: CheckContext['canonical']): UnitFileResult {
  const accounts = result.data?.accounts;
  if (!accounts) return { ...result, accountProblems: [], accountKeys: [] };
  const accountProblems: PathProblem[] = [];
  const accountKeys: (string | null)[] = [];
  accounts.forEach((account, i) => {
    // Canonicalised once, for the checks and for the key.
    const c = account.url === undefined ? undefined : canonical(account.url);
    const once = () => c!;
    const problems = checkAccount(account, i, { settings, today, canonical: once });
    if (problems.length > 0) accountProblems.push(...problems);
    accountKeys.push(accountKey(account, once));
  });
  return { ...result, accountProblems, accountKeys };
}

/** registry.yaml alone, for the workers' account checks; undefined when it has any problem. */
export function readSettings(dir: string): RegistrySettings | undefined {
  const source = readSource(path.join(dir, SETTINGS_FILE), SETTINGS_FILE, true);
  if (source.text === undefined || source.problems.length > 0) return undefined;
  return parseWith(SETTINGS_FILE, source.text, RegistrySettingsSchema, 'mapping').data;
}

export function parseUnitFile(unitFile: UnitFile, withDigest = false): UnitFileResult {
  const source = readSource(unitFile.abs, unitFile.file, false, withDigest);
  if (source.text === undefined) return { problems: source.problems, pathProblems: [] };
  const parsed = parseWith(unitFile.file, source.text, UnitSchema, 'mapping');
  const result: UnitFileResult = { data: parsed.data, problems: [...source.problems, ...parsed.problems], pathProblems: parsed.pathProblems, precise: parsed.precise };
  if (source.digest !== undefined) result.digest = source.digest;
  return result;
}

/** registry.yaml's bytes as a digest ('' when unreadable): per-file account results depend on the settings. */
export function settingsDigest(dir: string): string {
  return digestUnitFile(path.join(dir, SETTINGS_FILE)) ?? '';
}

/**
 * Every `*.yaml`/`*.yml` under units/, sorted; `when.reached` is called once `when.count`
 * files are found (the parallel validation starts its workers then). Walked by hand: `readdirSync({ recursive })`
 * follows linked folders, and a link must never make the build read outside the registry.
 */
export function listUnitFiles(dir: string, problems: Problem[], when?: { count: number; reached: () => void }): UnitFile[] {
  const files: UnitFile[] = [];
  const linkProblem = (rel: string, what: string) =>
    problems.push({ file: rel, line: 1, column: 1, path: '', rule: 'file-not-regular', severity: 'error', message: `${what} là một liên kết (symlink) hoặc không phải tệp thường. Danh bạ không theo liên kết: hãy thay bằng chính ${what === 'Thư mục này' ? 'thư mục' : 'tệp'}.` });
  // Paths are joined by hand: path.join and path.relative per file cost more than the listing itself.
  const walk = (abs: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const childAbs = abs + path.sep + name;
      const childRel = rel + '/' + name;
      const yamlName = YAML_NAME.test(name);
      if (entry.isDirectory()) walk(childAbs, childRel);
      else if (entry.isFile()) {
        if (yamlName && files.push({ id: name.replace(YAML_NAME, ''), file: childRel, abs: childAbs }) === when?.count) when.reached();
      } else if (entry.isSymbolicLink() || yamlName) {
        linkProblem(childRel, yamlName ? 'Tệp này' : 'Thư mục này');
      }
    }
  };
  const root = path.join(path.resolve(dir), UNITS_DIR);
  try {
    if (lstatSync(root).isSymbolicLink()) {
      linkProblem(UNITS_DIR, 'Thư mục này');
      return files;
    }
  } catch {
    return files; // no units folder: reported as a missing root
  }
  walk(root, UNITS_DIR);
  return files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

const YAML_NAME = /\.ya?ml$/i;

function idProblem(unit: UnitFile): Problem | undefined {
  if (!/\.yaml$/.test(unit.file)) {
    return { file: unit.file, line: 1, column: 1, path: '', rule: 'id-format', severity: 'error', message: 'Tệp đơn vị phải có đuôi .yaml (chữ thường). Hãy đổi tên tệp.' };
  }
  if (unit.id.length > ID_MAX_LENGTH || !ID_PATTERN.test(unit.id)) {
    return { file: unit.file, line: 1, column: 1, path: '', rule: 'id-format', severity: 'error', message: `Tên tệp "${unit.id}" không dùng được làm mã đơn vị. Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa ${ID_MAX_LENGTH} ký tự), ví dụ cdcs-truong-thpt-kon-tum.yaml.` };
  }
  if (RESERVED_UNIT_IDS.has(unit.id)) {
    return { file: unit.file, line: 1, column: 1, path: '', rule: 'id-format', severity: 'error', message: `Mã "${unit.id}" trùng với một thư mục của trang web danh bạ (/don-vi/${unit.id}/) nên không dùng được. Hãy đổi tên tệp, ví dụ thêm tên địa phương: ${unit.id}-kon-tum.yaml.` };
  }
  return undefined;
}

/** What the file names alone tell (parallel.ts works it out while the workers parse). */
export interface UnitIndex {
  /** Bad file names and ids used twice. */
  problems: Problem[];
  /** Every id that has a file. */
  knownIds: Set<string>;
  /** Positions in the file list of the first file of each id, in id order. */
  order: number[];
  /** Those of `order` whose file name is not a usable id (parsed, but not a unit). */
  badIds: Set<number>;
}

export function indexUnitFiles(unitFiles: readonly UnitFile[]): UnitIndex {
  const problems: Problem[] = [];
  const firstFileOf = new Map<string, number>();
  const badIds = new Set<number>();
  unitFiles.forEach((unitFile, at) => {
    const badId = idProblem(unitFile);
    if (badId) problems.push(badId);
    const first = firstFileOf.get(unitFile.id);
    if (first !== undefined) {
      problems.push({ file: unitFile.file, line: 1, column: 1, path: '', rule: 'duplicate-id', severity: 'error', message: `Mã "${unitFile.id}" đã được dùng cho tệp ${unitFiles[first]!.file}. Mỗi đơn vị cần một tên tệp riêng trong toàn bộ danh bạ: hãy đổi tên một trong hai tệp.` });
      return;
    }
    firstFileOf.set(unitFile.id, at);
    if (badId) badIds.add(at);
  });
  // The built-in sort of the ids alone, which compares UTF-16 code units like `<` does,
  // is several times faster than sorting positions with a comparator.
  const ids = [...firstFileOf.keys()].sort();
  return { problems, knownIds: new Set(ids), order: ids.map((id) => firstFileOf.get(id)!), badIds };
}

/** Reads, parses and checks a whole registry folder. Never throws for bad data. */
export function validateRegistry(dir: string, options: ValidateOptions = {}): ValidationResult {
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    throw new RegistryUsageError(`Không tìm thấy thư mục danh bạ: ${dir}`);
  }
  const today = options.today ?? todayIso();
  const problems: Problem[] = [];
  const pending = new Map<string, { pathProblems: PathProblem[]; precise?: PreciseParse }>();
  const defer = (file: string, pathProblems: PathProblem[], precise?: PreciseParse) => {
    if (pathProblems.length === 0) return;
    const entry = pending.get(file);
    if (entry) {
      entry.pathProblems.push(...pathProblems);
      entry.precise ??= precise;
    } else {
      pending.set(file, { pathProblems: [...pathProblems], precise });
    }
  };

  // registry.yaml
  let settings: RegistrySettings | undefined;
  const settingsSource = readSource(path.join(dir, SETTINGS_FILE), SETTINGS_FILE, true);
  problems.push(...settingsSource.problems);
  if (settingsSource.text !== undefined) {
    const parsed = parseWith(SETTINGS_FILE, settingsSource.text, RegistrySettingsSchema, 'mapping');
    problems.push(...parsed.problems);
    defer(SETTINGS_FILE, parsed.pathProblems, parsed.precise);
    settings = parsed.data;
  }

  // units/**
  let unitFiles: UnitFile[];
  if (options.prepared) {
    unitFiles = options.prepared.unitFiles;
    problems.push(...options.prepared.listProblems);
  } else {
    unitFiles = listUnitFiles(dir, problems);
  }
  const index = options.prepared?.index ?? indexUnitFiles(unitFiles);
  problems.push(...index.problems);
  const { knownIds } = index;
  // In id order, so that entries need no sorting.
  const entries: UnitEntry[] = [];
  const byId = new Map<string, UnitEntry>();
  /** By position in `entries`: accounts already checked on a worker. */
  const prechecked: boolean[] = [];
  for (const at of index.order) {
    const unitFile = unitFiles[at]!;
    const parsed = options.prepared?.results[at] ?? parseUnitFile(unitFile);
    if (parsed.problems.length > 0) problems.push(...parsed.problems);
    defer(unitFile.file, parsed.pathProblems, parsed.precise);
    if (parsed.data && !index.badIds.has(at)) {
      const entry: UnitEntry = { id: unitFile.id, file: unitFile.file, data: parsed.data };
      if (parsed.accountKeys) entry.accountKeys = parsed.accountKeys;
      entries.push(entry);
      byId.set(entry.id, entry);
      prechecked.push(parsed.accountProblems !== undefined);
      if (parsed.accountProblems) defer(unitFile.file, parsed.accountProblems);
    }
  }

  // reported.yaml (optional)
  let reported: ReportedAccount[] | undefined;
  try {
    lstatSync(path.join(dir, REPORTED_FILE));
    const source = readSource(path.join(dir, REPORTED_FILE), REPORTED_FILE, true);
    problems.push(...source.problems);
    if (source.text !== undefined) {
      const parsed = parseWith(REPORTED_FILE, source.text, ReportedSchema, 'sequence');
      problems.push(...parsed.problems);
      defer(REPORTED_FILE, parsed.pathProblems, parsed.precise);
      reported = parsed.data;
    }
  } catch {
    reported = [];
  }

  const ctx: CheckContext = { settings, knownIds, levelOf: (id) => byId.get(id)?.data.level, today, canonical: canonicalize };
  // A linked units folder was not read at all: cross-file rules would only echo that.
  const unitsUnreadable = problems.some((p) => p.file === UNITS_DIR && p.rule === 'file-not-regular');
  if (!unitsUnreadable) {
    entries.forEach((entry, i) => defer(entry.file, checkUnit(entry, ctx, { accounts: !prechecked[i] })));
    for (const { file, problems: list } of checkRegistry(settings, entries, reported, ctx, { settings: SETTINGS_FILE, reported: REPORTED_FILE }, byId)) {
      defer(file, list);
    }
  }

  // Positions, only for the files that have problems.
  for (const [file, { pathProblems, precise }] of pending) {
    let located = precise;
    if (!located) {
      const source = readSource(path.join(dir, file), file);
      located = parsePrecise(file, source.text ?? '', file === REPORTED_FILE ? 'sequence' : 'mapping');
    }
    for (const p of pathProblems) {
      const { line, column } = locate(located.doc, located.lines, p.path, p.at);
      problems.push({ file, line, column, path: p.path.join('.'), rule: p.rule, severity: p.severity, message: p.message });
    }
  }
  problems.sort(compareProblems);

  const accounts = entries.reduce((n, e) => n + (e.data.accounts?.length ?? 0), 0);
  const ok = !hasErrors(problems);
  let registry: Registry | undefined;
  if (settings && !options.problemsOnly) {
    const units: Unit[] = entries.map((e) => ({ ...e.data, id: e.id, file: e.file }));
    registry = { settings, units, byId: new Map(units.map((u) => [u.id, u])), reported: reported ?? [] };
  }
  return { ok, registry, problems, units: entries.length, accounts };
}

