/**
 * `npm run contacts -- keygen|encrypt|decrypt|rotate`: the provincial office's key, and moving
 * every account's admins between plain text (`admins`) and age (`admins_age`); hidden
 * groups' addresses (`url` ⇄ `url_age` + `url_digest`, contacts/group-urls.ts) and key
 * rotation (contacts/rotate.ts) live in their own modules.
 *
 * Files are edited in place by splicing their text at the positions the `yaml`
 * Document API gives, not by re-rendering the document: everything outside the
 * edited entries stays byte for byte (comments, quoting, spacing), so a reviewer sees
 * only the change itself. The encrypted payload is the admins list exactly as written
 * (its comments included, de-indented), so encrypt then decrypt gives back
 * byte-identical files (CRLF and a BOM included) whenever the list is indented two
 * spaces under its key, as every tool here writes it, or is a one-line flow list;
 * other layouts (`- ` level with the key, a flow list over several lines) come back
 * re-indented, with identical data and their comments.
 *
 * Nothing is lost: the registry is validated before (refused when invalid), every
 * edited file is re-parsed and compared with the intended data, the whole new state
 * is validated in a private staging copy before any real file changes, each file is
 * replaced atomically (temp file + rename), the result is validated again, and any
 * failure puts the original files back.
 */
import { closeSync, cpSync, fsyncSync, lstatSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMap, isScalar, isSeq, parse, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { adminsToYaml, ContactsError, createDecrypter, decryptAdminsYaml, encryptAdminsYaml, parseAdminsYaml } from '../lib/contacts.ts';
import { decryptGroupAddress, encryptGroupAddress } from '../lib/group-url.ts';
import { planGroupUrlDecryption, planGroupUrlEncryption } from './contacts/group-urls.ts';
import { keygen } from './contacts/keygen.ts';
import { rotateRegistry } from './contacts/rotate.ts';
import { setRecipients } from './contacts/settings-recipients.ts';
import { summaryLine } from '../registry/format.ts';
import { resolveRegistryDir, SETTINGS_FILE, validateRegistry, type ValidationResult } from '../registry/load.ts';
import type { Registry } from '../registry/model.ts';
import type { Problem } from '../registry/problems.ts';
import { AGE_RECIPIENT_PATTERN } from '../schema/index.ts';
import { EXIT_INVALID, EXIT_OK, parseCliArgs, run, todayOption, UsageError, type Io } from './run.ts';

export const USAGE = [
  'Usage:',
  '  npm run contacts -- keygen [--out FILE]',
  '  npm run contacts -- encrypt [--registry DIR] [--recipient age1…]',
  '  npm run contacts -- decrypt --identity FILE [--registry DIR]',
  '  npm run contacts -- rotate --identity OLD_FILE --recipient age1… [--recipient age1…] [--registry DIR]',
].join('\n');

/** Identity files are a few hundred bytes; anything much larger is not one. */
const MAX_IDENTITY_BYTES = 64 * 1024;

/** A problem with the data (exit 1), already worded for people. */
class EditRefused extends Error {}

// ---------------------------------------------------------------------------------------
// Text splicing

interface Splice {
  start: number;
  end: number;
  text: string;
}

function applySplices(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i;
}

/** End of a node's own text: its range end without the line breaks and blanks a block node carries. */
function contentEnd(text: string, node: Node): number {
  const [start, end] = node.range ?? [0, 0];
  let e = end;
  while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** `# comment` after `offset` on the same line, if the rest of the line is only that. */
function trailingComment(text: string, offset: number): { comment?: string; end: number } | undefined {
  const end = lineEnd(text, offset);
  const rest = text.slice(offset, end).replace(/\r$/, '');
  if (/^\s*$/.test(rest)) return { end: offset };
  const match = /^\s+(#.*)$/.exec(rest);
  return match ? { comment: match[1]?.trimEnd(), end: offset + rest.length } : undefined;
}

function leadingSpaces(line: string): number {
  return /^ */.exec(line)?.[0].length ?? 0;
}

/** Removes up to `n` leading spaces from every line but the first (when `skipFirst`). */
function dedent(lines: readonly string[], n: number, skipFirst: boolean): string[] {
  return lines.map((line, i) => (skipFirst && i === 0 ? line : line.slice(Math.min(n, leadingSpaces(line)))));
}

/** Keys sorted at every level: data compared regardless of key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function parseForEdit(text: string): Document.Parsed {
  return parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
}

function toData(doc: Document.Parsed): unknown {
  return doc.toJS({ maxAliasCount: 0 });
}

interface SourceFile {
  bom: string;
  text: string;
  eol: string;
}

function readSourceFile(abs: string): SourceFile {
  const raw = readFileSync(abs, 'utf8');
  const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = raw.slice(bom.length);
  return { bom, text, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function findPair(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap<Node, Node | null>).items.find((p) => isScalar(p.key) && p.key.value === key);
}

// ---------------------------------------------------------------------------------------
// One account: admins ⇄ admins_age

interface AccountSite {
  map: YAMLMap<Node, Node | null>;
  /** A flow collection on the way (`{…}` or `[…]`): block text cannot go there. */
  flow: boolean;
}

function accountSites(doc: Document.Parsed): AccountSite[] {
  const accounts = findPair(doc.contents, 'accounts')?.value;
  if (!isSeq(accounts)) return [];
  const seqFlow = Boolean(accounts.flow) || Boolean((doc.contents as YAMLMap | null)?.flow);
  return accounts.items.map((item) => ({ map: item as YAMLMap<Node, Node | null>, flow: seqFlow || Boolean((item as YAMLMap).flow) }));
}

/** What encrypting one account's `admins` in place needs: the payload and where it goes. */
interface EncryptSite {
  payload: string;
  splice: Omit<Splice, 'text'>;
  indent: string;
  comment?: string;
  flow: boolean;
}

function encryptSite(text: string, site: AccountSite, where: string): EncryptSite {
  const pair = findPair(site.map, 'admins');
  const key = pair?.key;
  const value = pair?.value;
  if (!pair || !key?.range || !value?.range) throw new EditRefused(`${where}: không tìm thấy danh sách admins để mã hoá. Hãy kiểm tra lại tệp.`);
  const keyStart = key.range[0];
  const keyLineEnd = lineEnd(text, key.range[1]);
  const valueStart = value.range[0];
  const valueEnd = contentEnd(text, value);
  if (site.flow) {
    // Inside `{…}`: the value is replaced in place, on its line, as JSON (valid flow YAML).
    return { payload: `${text.slice(valueStart, valueEnd)}\n`, splice: { start: keyStart, end: valueEnd }, indent: '', flow: true };
  }
  const tail = trailingComment(text, valueEnd);
  if (!tail) throw new EditRefused(`${where}: sau danh sách admins còn nội dung khác trên cùng dòng; hãy xuống dòng rồi chạy lại.`);
  const comments: string[] = [];
  let lines: string[];
  if (valueStart > keyLineEnd) {
    // The list starts on a later line: the payload is every line from the one after the
    // key (comments between them included), less the list's own indentation.
    const keyComment = /#.*$/.exec(text.slice(key.range[1], keyLineEnd).replace(/\r$/, ''))?.[0];
    if (keyComment) comments.push(keyComment.trimEnd());
    lines = dedent(text.slice(keyLineEnd + 1, valueEnd).split(/\r?\n/), valueStart - lineStart(text, valueStart), false);
  } else {
    // A flow list on the key's line: continuation lines keep their relative indentation.
    const raw = text.slice(valueStart, valueEnd).split(/\r?\n/);
    const rest = raw.slice(1).filter((l) => l.trim() !== '');
    lines = dedent(raw, rest.length > 0 ? Math.min(...rest.map(leadingSpaces)) : 0, true);
  }
  if (tail.comment) comments.push(tail.comment);
  return {
    payload: `${lines.join('\n')}\n`,
    splice: { start: keyStart, end: tail.end },
    indent: ' '.repeat(keyStart - lineStart(text, keyStart) + 2),
    comment: comments.length > 0 ? comments.join(' ') : undefined,
    flow: site.flow,
  };
}

function renderAdminsAge(site: EncryptSite, armored: string, eol: string): string {
  if (site.flow) return `admins_age: ${JSON.stringify(armored)}`;
  const lines = armored.replace(/\n$/, '').split('\n');
  return `admins_age: |${site.comment ? ` ${site.comment}` : ''}${eol}${lines.map((l) => site.indent + l).join(eol)}`;
}

interface DecryptSite {
  armored: string;
  splice: Omit<Splice, 'text'>;
  indent: string;
  comment?: string;
  flow: boolean;
}

function decryptSite(text: string, site: AccountSite, where: string): DecryptSite {
  const pair = findPair(site.map, 'admins_age');
  const key = pair?.key;
  const value = pair?.value;
  if (!pair || !key?.range || !isScalar(value) || !value.range || typeof value.value !== 'string') {
    throw new EditRefused(`${where}: admins_age không phải một đoạn chữ. Hãy kiểm tra lại tệp.`);
  }
  let end = contentEnd(text, value);
  if (site.flow) return { armored: value.value, splice: { start: key.range[0], end }, indent: '', flow: true };
  const block = value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED';
  const comments: string[] = [];
  if (block) {
    const header = text.slice(value.range[0], lineEnd(text, value.range[0])).replace(/\r$/, '');
    const headerComment = /^[|>][-+0-9]*\s+(#.*)$/.exec(header)?.[1];
    if (headerComment) comments.push(headerComment.trimEnd());
  } else {
    const tail = trailingComment(text, end);
    if (!tail) throw new EditRefused(`${where}: sau admins_age còn nội dung khác trên cùng dòng; hãy xuống dòng rồi chạy lại.`);
    if (tail.comment) comments.push(tail.comment);
    end = tail.end;
  }
  const keyColumn = key.range[0] - lineStart(text, key.range[0]);
  return {
    armored: value.value,
    splice: { start: key.range[0], end },
    indent: ' '.repeat(keyColumn + 2),
    comment: comments.length > 0 ? comments.join(' ') : undefined,
    flow: site.flow,
  };
}

function renderAdmins(site: DecryptSite, payload: string, eol: string): string {
  const lines = payload.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  if (site.flow) return lines.length === 1 && /^\[.*\]$/.test(lines[0] ?? '') ? `admins: ${lines[0]}` : `admins: ${JSON.stringify(parseAdminsYaml(payload))}`;
  const comment = site.comment ? ` ${site.comment}` : '';
  const only = lines[0] ?? '';
  if (lines.length === 1 && /^[[{]/.test(only)) return `admins: ${only}${comment}`;
  return `admins:${comment}${eol}${lines.map((l) => (l === '' ? '' : site.indent + l)).join(eol)}`;
}

// ---------------------------------------------------------------------------------------
// Whole files

export interface FileEdit {
  /** Relative to the registry folder, `/`-separated. */
  file: string;
  abs: string;
  before: string;
  after: string;
  accounts: number;
}

/** Re-parses the edited text and checks it holds exactly the intended data. */
function verifyEdit(after: string, expected: unknown): boolean {
  const doc = parseForEdit(after);
  return doc.errors.length === 0 && canonicalJson(toData(doc)) === canonicalJson(expected);
}

type Mode = 'encrypt' | 'decrypt';

interface AccountData {
  admins?: unknown;
  admins_age?: unknown;
  [key: string]: unknown;
}

async function editUnitFile(dir: string, file: string, mode: Mode, crypt: (payload: string, where: string) => Promise<string>): Promise<FileEdit | undefined> {
  const abs = path.join(dir, file);
  const source = readSourceFile(abs);
  const { text, eol } = source;
  const doc = parseForEdit(text);
  if (doc.errors.length > 0) throw new EditRefused(`${file}: không đọc được tệp để sửa. Hãy chạy npm run validate.`);
  const data = toData(doc) as { accounts?: AccountData[] };
  // What the file must hold afterwards: with each list moved as written, or (decrypt
  // fallback) with each list rewritten from its data.
  const expected = structuredClone(data);
  const expectedFallback = structuredClone(data);
  const splices: Splice[] = [];
  const fallbacks: Splice[] = [];
  for (const [i, site] of accountSites(doc).entries()) {
    const where = `${file}, tài khoản thứ ${i + 1}`;
    const account = expected.accounts?.[i];
    const accountFallback = expectedFallback.accounts?.[i];
    if (!account || !accountFallback) continue;
    const hasPlain = findPair(site.map, 'admins') !== undefined;
    const hasAge = findPair(site.map, 'admins_age') !== undefined;
    if (mode === 'encrypt' ? !hasPlain : !hasAge) continue;
    if (hasPlain && hasAge) {
      throw new EditRefused(`${where}: có cả admins và admins_age. Hãy giữ một trong hai (giải mã admins_age, gộp người vào admins, xoá admins_age) rồi chạy lại.`);
    }
    if (mode === 'encrypt') {
      const found = encryptSite(text, site, where);
      const admins = parseAdminsYaml(JSON.stringify(account.admins ?? null).normalize('NFC'));
      // The payload must be the list itself; if the source layout defeats that, encrypt the data.
      let payload = found.payload;
      try {
        if (canonicalJson(parseAdminsYaml(payload.normalize('NFC'))) !== canonicalJson(admins)) payload = adminsToYaml(admins);
      } catch {
        payload = adminsToYaml(admins);
      }
      const armored = await crypt(payload, where);
      for (const target of [account, accountFallback]) {
        delete target.admins;
        target.admins_age = armored;
      }
      const splice = { ...found.splice, text: renderAdminsAge(found, armored, eol) };
      splices.push(splice);
      fallbacks.push(splice);
    } else {
      const found = decryptSite(text, site, where);
      const payload = await crypt(found.armored, where);
      const admins = parseAdminsYaml(payload.normalize('NFC'));
      delete account.admins_age;
      delete accountFallback.admins_age;
      account.admins = parse(payload, { schema: 'core', maxAliasCount: 0 });
      accountFallback.admins = JSON.parse(JSON.stringify(admins));
      splices.push({ ...found.splice, text: renderAdmins(found, payload, eol) });
      fallbacks.push({ ...found.splice, text: renderAdmins(found, adminsToYaml(admins), eol) });
    }
  }
  if (splices.length === 0) return undefined;
  let after = applySplices(text, splices);
  if (!verifyEdit(after, expected)) {
    after = applySplices(text, fallbacks);
    if (mode === 'encrypt' || !verifyEdit(after, expectedFallback)) {
      throw new EditRefused(`${file}: tệp có cách viết đặc biệt nên không sửa tự động được mà vẫn giữ nguyên dữ liệu. Hãy viết phần admins theo mẫu trong tài liệu định dạng rồi chạy lại.`);
    }
  }
  return { file, abs, before: source.bom + text, after: source.bom + after, accounts: splices.length };
}

/** registry.yaml: `privacy.contacts` and `privacy.recipient`, spliced like the unit files. */
function editSettings(dir: string, mode: Mode, recipient: string | undefined): FileEdit | undefined {
  const abs = path.join(dir, SETTINGS_FILE);
  const source = readSourceFile(abs);
  const { text, eol } = source;
  const doc = parseForEdit(text);
  const privacyPair = findPair(doc.contents, 'privacy');
  const privacy = privacyPair?.value;
  const contacts = findPair(privacy, 'contacts');
  if (!isMap(privacy) || !contacts?.value?.range || !contacts.key?.range) throw new EditRefused(`${SETTINGS_FILE}: không tìm thấy privacy.contacts.`);
  const data = toData(doc) as { privacy: { contacts?: string; recipient?: string } };
  const expected = structuredClone(data);
  const wantMode = mode === 'encrypt' ? 'encrypted' : 'plaintext';
  if (expected.privacy.contacts === wantMode && expected.privacy.recipient === recipient) return undefined;
  expected.privacy.contacts = wantMode;
  if (recipient === undefined) delete expected.privacy.recipient;
  else expected.privacy.recipient = recipient;

  const splices: Splice[] = [];
  const recipientPair = findPair(privacy, 'recipient');
  const flowValue = () => `{ contacts: ${wantMode}${recipient ? `, recipient: ${recipient}` : ''} }`;
  if (privacy.flow) {
    if (!privacy.range) throw new EditRefused(`${SETTINGS_FILE}: không sửa được privacy.`);
    splices.push({ start: privacy.range[0], end: contentEnd(text, privacy), text: flowValue() });
  } else {
    splices.push({ start: contacts.value.range[0], end: contentEnd(text, contacts.value), text: wantMode });
    if (recipient !== undefined && recipientPair?.value?.range) {
      splices.push({ start: recipientPair.value.range[0], end: contentEnd(text, recipientPair.value), text: recipient });
    } else if (recipient !== undefined) {
      // After `contacts:` and the comment lines that follow it at the same indentation.
      const indent = contacts.key.range[0] - lineStart(text, contacts.key.range[0]);
      let at = lineEnd(text, contentEnd(text, contacts.value));
      while (at < text.length) {
        const next = lineEnd(text, at + 1);
        const line = text.slice(at + 1, next).replace(/\r$/, '');
        if (!(leadingSpaces(line) === indent && line.trimStart().startsWith('#'))) break;
        at = next;
      }
      if (text[at - 1] === '\r') at--;
      splices.push({ start: at, end: at, text: `${eol}${' '.repeat(indent)}recipient: ${recipient}` });
    } else if (recipientPair?.key?.range && recipientPair.value?.range) {
      const start = lineStart(text, recipientPair.key.range[0]);
      const valueEnd = contentEnd(text, recipientPair.value);
      const tail = trailingComment(text, valueEnd);
      if (text.slice(start, recipientPair.key.range[0]).trim() !== '' || !tail) throw new EditRefused(`${SETTINGS_FILE}: không xoá được privacy.recipient; hãy đặt nó trên một dòng riêng.`);
      const end = lineEnd(text, tail.end);
      splices.push({ start, end: Math.min(text.length, end + 1), text: '' });
    }
  }
  let after = applySplices(text, splices);
  if (!verifyEdit(after, expected)) {
    if (!privacyPair?.value?.range) throw new EditRefused(`${SETTINGS_FILE}: không sửa được privacy.`);
    after = applySplices(text, [{ start: privacyPair.value.range[0], end: contentEnd(text, privacyPair.value), text: flowValue() }]);
    if (!verifyEdit(after, expected)) throw new EditRefused(`${SETTINGS_FILE}: không sửa được privacy; hãy sửa tay privacy.contacts và privacy.recipient.`);
  }
  return { file: SETTINGS_FILE, abs, before: source.bom + text, after: source.bom + after, accounts: 0 };
}

// ---------------------------------------------------------------------------------------
// Writing: staged validation, atomic replacement, rollback

function writeAtomic(abs: string, text: string): void {
  let mode = 0o644;
  try {
    mode = statSync(abs).mode & 0o777;
  } catch {
    /* a new file */
  }
  const temp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, abs);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function problemLines(problems: readonly Problem[], limit = 20): string {
  const errors = problems.filter((p) => p.severity === 'error');
  const lines = errors.slice(0, limit).map((p) => `${p.file}:${p.line}:${p.column} ${p.rule} ${p.message}`);
  if (errors.length > limit) lines.push(`… và ${errors.length - limit} lỗi khác (npm run validate để xem đủ).`);
  return lines.join('\n');
}

/** Validates the edited registry in a private copy, then replaces the files; any failure restores them. */
function commitEdits(dir: string, edits: readonly FileEdit[], today: string | undefined): ValidationResult {
  const stage = mkdtempSync(path.join(os.tmpdir(), 'contacts-stage-'));
  try {
    cpSync(dir, stage, { recursive: true });
    for (const edit of edits) writeFileSync(path.join(stage, edit.file), edit.after);
    const staged = validateRegistry(stage, { today });
    if (!staged.ok) throw new EditRefused(`Sau khi sửa, danh bạ sẽ không hợp lệ nên chưa tệp nào bị thay đổi:\n${problemLines(staged.problems)}`);
  } finally {
    // The stage may hold decrypted contacts: never leave it behind.
    rmSync(stage, { recursive: true, force: true });
  }
  const written: FileEdit[] = [];
  const restore = () => {
    for (const edit of written.reverse()) writeAtomic(edit.abs, edit.before);
  };
  try {
    for (const edit of edits) {
      if (readFileSync(edit.abs, 'utf8') !== edit.before) throw new EditRefused(`${edit.file} vừa bị thay đổi trong lúc chạy lệnh. Chưa tệp nào bị thay đổi; hãy chạy lại.`);
      writeAtomic(edit.abs, edit.after);
      written.push(edit);
    }
  } catch (error) {
    restore();
    throw error;
  }
  const result = validateRegistry(dir, { today });
  if (!result.ok) {
    restore();
    throw new EditRefused(`Sau khi ghi, danh bạ không hợp lệ; đã khôi phục các tệp như cũ:\n${problemLines(result.problems)}`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Commands

interface Options {
  dir: string;
  today?: string;
}

function validateFirst(dir: string, today: string | undefined, tolerate: readonly Problem['rule'][]): Registry {
  const result = validateRegistry(dir, { today });
  const blocking = result.problems.filter((p) => p.severity === 'error' && !tolerate.includes(p.rule));
  if (blocking.length > 0 || !result.registry) {
    throw new EditRefused(`Danh bạ chưa hợp lệ nên chưa thể chạy lệnh này. Hãy sửa các lỗi sau (npm run validate) rồi chạy lại:\n${problemLines(blocking)}\n${summaryLine(result)}`);
  }
  return result.registry;
}

function unitFilesWith(registry: Registry, field: 'admins' | 'admins_age'): string[] {
  return registry.units.filter((u) => (u.accounts ?? []).some((a) => a[field] !== undefined)).map((u) => u.file);
}

export interface EditSummary {
  accounts: number;
  files: number;
  /** Things the office should know, for stderr. */
  warnings: string[];
}

export async function encryptRegistry(options: Options & { recipient?: string }): Promise<EditSummary> {
  const registry = validateFirst(options.dir, options.today, ['contacts-plaintext', 'hidden-group-plaintext']);
  const listed = registry.settings.privacy.recipients;
  const current = registry.settings.privacy.recipient ?? (options.recipient === undefined ? listed?.[0] : undefined);
  const recipient = options.recipient ?? current;
  const recipients = listed !== undefined && options.recipient === undefined ? listed : recipient === undefined ? [] : [recipient];
  if (recipient === undefined) throw new UsageError('Thiếu khoá công khai: registry.yaml chưa có privacy.recipient, hãy thêm --recipient age1… (khoá do npm run contacts -- keygen in ra).');
  if (!AGE_RECIPIENT_PATTERN.test(recipient)) throw new UsageError('--recipient phải là khoá công khai age: bắt đầu bằng "age1" và dài 62 ký tự.');
  if (current !== undefined && recipient !== current && unitFilesWith(registry, 'admins_age').length > 0) {
    throw new EditRefused('Danh bạ đã có thông tin mã hoá tới khoá công khai hiện tại (privacy.recipient). Để đổi khoá, hãy giải mã bằng khoá cũ (npm run contacts -- decrypt --identity …) rồi mã hoá lại với --recipient mới.');
  }
  const warnings: string[] = [];
  const older = unitFilesWith(registry, 'admins_age').length;
  if (current === undefined && older > 0) {
    // Nothing in a ciphertext says which key it is for: only the office can tell.
    warnings.push(`Cảnh báo: ${older} tệp đã có admins_age từ trước. Hãy chắc chắn chúng được mã hoá cho cùng khoá ${recipient}; nếu không, văn phòng sẽ không giải mã được.`);
  }
  const edits: FileEdit[] = [];
  for (const file of unitFilesWith(registry, 'admins')) {
    const edit = await editUnitFile(options.dir, file, 'encrypt', (payload) => encryptAdminsYaml(payload, recipients));
    if (edit) edits.push(edit);
  }
  // Units first, settings last: a run cut short leaves a valid registry (admins_age is
  // accepted in plaintext mode), and running it again finishes the job.
  const settings = await planGroupUrlEncryption(options.dir, registry, edits, editSettings(options.dir, 'encrypt', listed === recipients ? undefined : recipient), recipients, encryptGroupAddress);
  if (settings) edits.push(settings);
  if (edits.length > 0) commitEdits(options.dir, edits, options.today);
  return { accounts: edits.reduce((n, e) => n + e.accounts, 0), files: edits.length, warnings };
}

export async function decryptRegistry(options: Options & { identityText: string }): Promise<EditSummary> {
  const registry = validateFirst(options.dir, options.today, []);
  const decrypter = createDecrypter(options.identityText);
  const edits: FileEdit[] = [];
  // Settings first (see encryptRegistry): plaintext mode accepts what remains encrypted.
  let settings = editSettings(options.dir, 'decrypt', undefined);
  if (registry.settings.privacy.recipients) {
    const before = settings?.before ?? readFileSync(path.join(options.dir, SETTINGS_FILE), 'utf8');
    settings = { file: SETTINGS_FILE, abs: path.join(options.dir, SETTINGS_FILE), before, after: setRecipients(settings?.after ?? before, []), accounts: 0 };
  }
  if (settings) edits.push(settings);
  for (const file of unitFilesWith(registry, 'admins_age')) {
    const edit = await editUnitFile(options.dir, file, 'decrypt', async (armored, where) => {
      try {
        return await decryptAdminsYaml(armored, decrypter);
      } catch (error) {
        if (error instanceof ContactsError) throw new ContactsError(error.code, `${where}: ${error.message}`);
        throw error;
      }
    });
    if (edit) edits.push(edit);
  }
  await planGroupUrlDecryption(options.dir, registry, edits, async (armored, where) => {
    try {
      return await decryptGroupAddress(armored, decrypter);
    } catch (error) {
      throw error instanceof ContactsError ? new ContactsError(error.code, `${where}: ${error.message}`) : error;
    }
  });
  if (edits.length > 0) commitEdits(options.dir, edits, options.today);
  const accounts = edits.reduce((n, e) => n + e.accounts, 0);
  const warnings = accounts > 0 ? ['Cảnh báo: số điện thoại và email giờ nằm ở dạng rõ trong các tệp. Không commit chúng lên kho công khai; chạy npm run contacts -- encrypt trước khi commit.'] : [];
  return { accounts, files: edits.length, warnings };
}

/** Reads an identity file: a regular file, small, and kept private (a warning otherwise). */
export function readIdentityFile(file: string, io: Pick<Io, 'err'>): string {
  let stats;
  try {
    stats = lstatSync(file);
  } catch {
    throw new UsageError(`Không tìm thấy tệp khoá giải mã: ${file}`);
  }
  if (!stats.isFile()) throw new UsageError(`Tệp khoá giải mã phải là một tệp thường (không phải thư mục hay liên kết): ${file}`);
  if (stats.size > MAX_IDENTITY_BYTES) throw new UsageError(`Tệp ${file} quá lớn để là tệp khoá giải mã age.`);
  if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    io.err(`Cảnh báo: người khác trên máy này đọc được tệp khoá ${file}. Hãy chạy: chmod 600 ${file}\n`);
  }
  return readFileSync(file, 'utf8');
}

export async function main(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCliArgs(
    args,
    { registry: { type: 'string' }, identity: { type: 'string' }, recipient: { type: 'string', multiple: true }, out: { type: 'string' }, today: { type: 'string' } },
    true,
  );
  const [command, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`Thừa tham số: ${rest.join(' ')}`);
  const today = todayOption(values.today);
  try {
    switch (command) {
      case 'keygen':
        return await keygen(values.out, io);
      case 'encrypt': {
        const dir = resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR);
        if ((values.recipient?.length ?? 0) > 1) throw new UsageError('encrypt nhận một --recipient; để mã hoá cho nhiều khoá, ghi chúng vào privacy.recipients hoặc dùng lệnh rotate.');
        const done = await encryptRegistry({ dir, today, recipient: values.recipient?.[0] });
        io.out(done.files === 0 ? 'Không có gì cần mã hoá: danh bạ đã ở chế độ encrypted và không còn admins ghi rõ.\n' : `Đã mã hoá thông tin người quản trị và địa chỉ nhóm ẩn của ${done.accounts} tài khoản; đã sửa ${done.files} tệp. registry.yaml: privacy.contacts = encrypted.\n`);
        for (const warning of done.warnings) io.err(`${warning}\n`);
        return EXIT_OK;
      }
      case 'decrypt': {
        if (values.identity === undefined) throw new UsageError('Thiếu --identity TỆP: tệp khoá giải mã của văn phòng.');
        const identityText = readIdentityFile(values.identity, io);
        const dir = resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR);
        const done = await decryptRegistry({ dir, today, identityText });
        io.out(done.files === 0 ? 'Không có gì cần giải mã.\n' : `Đã giải mã thông tin người quản trị và địa chỉ nhóm ẩn của ${done.accounts} tài khoản; đã sửa ${done.files} tệp. registry.yaml: privacy.contacts = plaintext.\n`);
        for (const warning of done.warnings) io.err(`${warning}\n`);
        return EXIT_OK;
      }
      case 'rotate': {
        if (values.identity === undefined) throw new UsageError('Thiếu --identity TỆP: tệp khoá giải mã hiện tại (khoá cũ) của văn phòng.');
        if (values.recipient === undefined) throw new UsageError('Thiếu --recipient age1…: khoá công khai mới (thêm một --recipient nữa cho khoá dự phòng).');
        const identityText = readIdentityFile(values.identity, io);
        const dir = resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR);
        const done = await rotateRegistry(validateFirst(dir, today, []), { dir, today, identityText, recipients: values.recipient });
        io.out(`Đã mã hoá lại ${done.ciphertexts} nội dung cho ${new Set(values.recipient).size} khoá mới; đã sửa ${done.files} tệp (registry.yaml: privacy.recipient${values.recipient.length > 1 ? 's' : ''}).\n`);
        io.err('Khoá cũ không còn mở được nội dung mới, nhưng vẫn mở được các bản cũ trong lịch sử git: nếu khoá cũ bị lộ, xem docs/privacy.md.\n');
        return EXIT_OK;
      }
      default:
        throw new UsageError(command === undefined ? 'Thiếu lệnh: keygen, encrypt, decrypt hoặc rotate.' : `Lệnh không có: ${command}. Chọn keygen, encrypt, decrypt hoặc rotate.`);
    }
  } catch (error) {
    if (error instanceof EditRefused || error instanceof ContactsError) {
      io.err(`${error.message}\n`);
      return EXIT_INVALID;
    }
    throw error;
  }
}

if (import.meta.main) await run(main, USAGE);
