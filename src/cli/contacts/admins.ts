/**
 * One unit file's admins, moved between plain text (`admins`) and age (`admins_age`) in
 * place (src/lib/yaml-splice.ts). The encrypted payload is the admins list exactly as
 * written (its comments included, de-indented), so encrypt then decrypt gives back
 * byte-identical files (CRLF and a BOM included) whenever the list is indented two spaces
 * under its key, as every tool here writes it, or is a one-line flow list; other layouts
 * (`- ` level with the key, a flow list over several lines) come back re-indented, with
 * identical data and their comments. Every edit is re-parsed and compared with the data
 * it must hold before it is kept.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isScalar, isSeq, parse, type Document, type Node, type YAMLMap } from 'yaml';
import { adminsToYaml, parseAdminsYaml } from '../../lib/contacts.ts';
import {
  applySplices,
  canonicalJson,
  contentEnd,
  dedent,
  findPair,
  leadingSpaces,
  lineEnd,
  lineStart,
  parseForEdit,
  splitSource,
  toData,
  trailingComment,
  type Splice,
} from '../../lib/yaml-splice.ts';
import { refuse } from './refuse.ts';
import type { PlannedFile } from './transaction.ts';

/** A file's planned new text, with how many accounts it changes. */
export interface FileEdit extends PlannedFile {
  accounts: number;
}

export type Mode = 'encrypt' | 'decrypt';

/** Re-parses the edited text and checks it holds exactly the intended data. */
export function verifyEdit(after: string, expected: unknown): boolean {
  const doc = parseForEdit(after);
  return doc.errors.length === 0 && canonicalJson(toData(doc)) === canonicalJson(expected);
}

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
  if (!pair || !key?.range || !value?.range) refuse(`${where}: không tìm thấy danh sách admins để mã hoá. Hãy kiểm tra lại tệp.`);
  const keyStart = key.range[0];
  const keyLineEnd = lineEnd(text, key.range[1]);
  const valueStart = value.range[0];
  const valueEnd = contentEnd(text, value);
  if (site.flow) {
    // Inside `{…}`: the value is replaced in place, on its line, as JSON (valid flow YAML).
    return { payload: `${text.slice(valueStart, valueEnd)}\n`, splice: { start: keyStart, end: valueEnd }, indent: '', flow: true };
  }
  const tail = trailingComment(text, valueEnd);
  if (!tail) refuse(`${where}: sau danh sách admins còn nội dung khác trên cùng dòng; hãy xuống dòng rồi chạy lại.`);
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
    refuse(`${where}: admins_age không phải một đoạn chữ. Hãy kiểm tra lại tệp.`);
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
    if (!tail) refuse(`${where}: sau admins_age còn nội dung khác trên cùng dòng; hãy xuống dòng rồi chạy lại.`);
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
  if (site.flow)
    return lines.length === 1 && /^\[.*\]$/.test(lines[0] ?? '')
      ? `admins: ${lines[0]}`
      : `admins: ${JSON.stringify(parseAdminsYaml(payload))}`;
  const comment = site.comment ? ` ${site.comment}` : '';
  const only = lines[0] ?? '';
  if (lines.length === 1 && /^[[{]/.test(only)) return `admins: ${only}${comment}`;
  return `admins:${comment}${eol}${lines.map((l) => (l === '' ? '' : site.indent + l)).join(eol)}`;
}

interface AccountData {
  admins?: unknown;
  admins_age?: unknown;
  [key: string]: unknown;
}

/** The edit of one unit file, or undefined when it has nothing to change; `crypt` encrypts or decrypts one payload. */
export async function editUnitFile(
  dir: string,
  file: string,
  mode: Mode,
  crypt: (payload: string, where: string) => Promise<string>,
): Promise<FileEdit | undefined> {
  const abs = path.join(dir, file);
  const source = splitSource(readFileSync(abs, 'utf8'));
  const { text, eol } = source;
  const doc = parseForEdit(text);
  if (doc.errors.length > 0) refuse(`${file}: không đọc được tệp để sửa. Hãy chạy npm run validate.`);
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
      refuse(
        `${where}: có cả admins và admins_age. Hãy giữ một trong hai (giải mã admins_age, gộp người vào admins, xoá admins_age) rồi chạy lại.`,
      );
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
      refuse(
        `${file}: tệp có cách viết đặc biệt nên không sửa tự động được mà vẫn giữ nguyên dữ liệu. Hãy viết phần admins theo mẫu trong tài liệu định dạng rồi chạy lại.`,
      );
    }
  }
  return { file, abs, before: source.bom + text, after: source.bom + after, accounts: splices.length };
}
