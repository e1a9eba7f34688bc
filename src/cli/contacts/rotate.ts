/**
 * `npm run contacts -- rotate --identity OLD --recipient NEW [--recipient NEW2 …]`
 * (docs/privacy.md, "Changing keys"): every `admins_age` and `url_age` is decrypted with
 * the old identity and encrypted again to the new recipients, and registry.yaml's
 * `privacy.recipient(s)` becomes the new list. Digests do not depend on the keys and stay.
 *
 * All files or none: the old identity must open every ciphertext first; the new state is
 * validated in a private copy; then every new file is written to a temp file beside its
 * target, and only when all temps are written are they renamed into place. A failure
 * while renaming puts back the files already replaced; the registry is validated again
 * at the end, and restored if it is not valid.
 */
import { closeSync, cpSync, fsyncSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMap, isScalar, isSeq, parse, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { Decrypter } from 'age-encryption';
import { ContactsError, createDecrypter, decryptAdminsYaml, encryptText } from '../../lib/contacts.ts';
import { SETTINGS_FILE, validateRegistry } from '../../registry/load.ts';
import type { Registry } from '../../registry/model.ts';
import { AGE_RECIPIENT_PATTERN } from '../../schema/index.ts';
import { setRecipients } from './settings-recipients.ts';

const FIELDS = ['admins_age', 'url_age'] as const;

export interface RotateOptions {
  dir: string;
  identityText: string;
  recipients: readonly string[];
  today?: string;
  /** File renaming, replaceable so that tests can make it fail midway. */
  rename?: (from: string, to: string) => void;
}

export interface RotateSummary {
  ciphertexts: number;
  files: number;
}

interface Planned {
  file: string;
  abs: string;
  before: string;
  after: string;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function contentEnd(text: string, node: Node): number {
  const [start, end] = node.range ?? [0, 0];
  let e = end;
  while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** One unit file with each ciphertext re-encrypted: block literals keep their layout, other styles become one double-quoted line. */
async function reencryptFile(dir: string, file: string, decrypter: Decrypter, recipients: readonly string[]): Promise<{ planned: Planned; count: number } | undefined> {
  const abs = path.join(dir, file);
  const raw = readFileSync(abs, 'utf8');
  const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = raw.slice(bom.length);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false });
  const accounts = (doc.contents as YAMLMap<Node, Node | null> | null)?.items.find((p) => isScalar(p.key) && p.key.value === 'accounts')?.value;
  if (!isSeq(accounts)) return undefined;
  const splices: { start: number; end: number; text: string }[] = [];
  const expected = doc.toJS({ maxAliasCount: 0 }) as { accounts: Record<string, unknown>[] };
  for (const [i, item] of accounts.items.entries()) {
    if (!isMap(item)) continue;
    for (const field of FIELDS) {
      const pair = item.items.find((p) => isScalar(p.key) && p.key.value === field);
      const value = pair?.value;
      if (!isScalar(value) || typeof value.value !== 'string' || !value.range) continue;
      let plaintext: string;
      try {
        plaintext = await decryptAdminsYaml(value.value, decrypter);
      } catch (error) {
        if (error instanceof ContactsError) throw new ContactsError(error.code, `${file}, tài khoản thứ ${i + 1} (${field}): ${error.message}`);
        throw error;
      }
      const armored = await encryptText(plaintext, recipients);
      expected.accounts[i]![field] = armored;
      if (value.type === 'BLOCK_LITERAL') {
        const bodyStart = text.indexOf('\n', value.range[0]) + 1;
        const indent = /^ */.exec(text.slice(bodyStart))?.[0] ?? '';
        splices.push({ start: bodyStart, end: contentEnd(text, value), text: armored.replace(/\n$/, '').split('\n').map((l) => indent + l).join(eol) });
      } else {
        splices.push({ start: value.range[0], end: contentEnd(text, value), text: JSON.stringify(armored) });
      }
    }
  }
  if (splices.length === 0) return undefined;
  let after = text;
  for (const s of splices.sort((a, b) => b.start - a.start)) after = after.slice(0, s.start) + s.text + after.slice(s.end);
  if (JSON.stringify(parse(after, { schema: 'core', maxAliasCount: 0 })) !== JSON.stringify(expected)) {
    throw new ContactsError('invalid-data', `${file}: tệp có cách viết đặc biệt nên không mã hoá lại tự động được. Hãy viết admins_age và url_age dạng "| " nhiều dòng như biểu mẫu tạo ra, rồi chạy lại.`);
  }
  return { planned: { file, abs, before: raw, after: bom + after }, count: splices.length };
}

function writeTemp(abs: string, text: string): string {
  let mode = 0o644;
  try {
    mode = statSync(abs).mode & 0o777;
  } catch {
    /* a new file */
  }
  const temp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.rotate.tmp`);
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

function problemLines(result: ReturnType<typeof validateRegistry>): string {
  return result.problems.filter((p) => p.severity === 'error').slice(0, 20).map((p) => `${p.file}:${p.line}:${p.column} ${p.rule} ${p.message}`).join('\n');
}

/** Writes every planned file or none (see the module comment). */
function commitAll(dir: string, planned: readonly Planned[], today: string | undefined, rename: (from: string, to: string) => void): void {
  const stage = mkdtempSync(path.join(os.tmpdir(), 'contacts-rotate-'));
  try {
    cpSync(dir, stage, { recursive: true });
    for (const p of planned) writeFileSync(path.join(stage, p.file), p.after);
    const staged = validateRegistry(stage, { today });
    if (!staged.ok) throw new ContactsError('invalid-data', `Sau khi đổi khoá, danh bạ sẽ không hợp lệ nên chưa tệp nào bị thay đổi:\n${problemLines(staged)}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const temps: string[] = [];
  const replaced: Planned[] = [];
  const restore = () => {
    for (const p of replaced.reverse()) renameSync(writeTemp(p.abs, p.before), p.abs);
  };
  try {
    for (const p of planned) {
      if (readFileSync(p.abs, 'utf8') !== p.before) throw new ContactsError('invalid-data', `${p.file} vừa bị thay đổi trong lúc chạy lệnh. Chưa tệp nào bị thay đổi; hãy chạy lại.`);
      temps.push(writeTemp(p.abs, p.after));
    }
    planned.forEach((p, i) => {
      rename(temps[i]!, p.abs);
      replaced.push(p);
    });
  } catch (error) {
    for (const temp of temps) rmSync(temp, { force: true });
    restore();
    if (error instanceof ContactsError) throw error;
    throw new ContactsError('invalid-data', 'Không ghi được các tệp khi đổi khoá; mọi tệp đã được khôi phục như cũ. Hãy kiểm tra quyền ghi thư mục danh bạ rồi chạy lại.');
  }
  const result = validateRegistry(dir, { today });
  if (!result.ok) {
    restore();
    throw new ContactsError('invalid-data', `Sau khi ghi, danh bạ không hợp lệ; đã khôi phục các tệp như cũ:\n${problemLines(result)}`);
  }
}

/** Re-encrypts the whole registry to `recipients`; refuses (changing nothing) when the old identity cannot open everything. */
export async function rotateRegistry(registry: Registry, options: RotateOptions): Promise<RotateSummary> {
  const recipients = [...new Set(options.recipients)];
  if (recipients.length === 0) throw new ContactsError('invalid-recipient', 'Thiếu --recipient: cần ít nhất một khoá công khai mới (age1…), ví dụ khoá mới của văn phòng và một khoá dự phòng.');
  if (recipients.some((r) => !AGE_RECIPIENT_PATTERN.test(r))) throw new ContactsError('invalid-recipient', 'Mỗi --recipient phải là khoá công khai age: bắt đầu bằng "age1" và dài 62 ký tự.');
  if (registry.settings.privacy.contacts !== 'encrypted') throw new ContactsError('invalid-data', 'Danh bạ đang ở chế độ plaintext: không có gì để đổi khoá. Hãy dùng npm run contacts -- encrypt --recipient … để mã hoá.');
  const decrypter = createDecrypter(options.identityText);
  const planned: Planned[] = [];
  let ciphertexts = 0;
  const files = registry.units.filter((u) => (u.accounts ?? []).some((a) => a.admins_age !== undefined || a.url_age !== undefined)).map((u) => u.file);
  for (const file of files) {
    const done = await reencryptFile(options.dir, file, decrypter, recipients);
    if (done) {
      planned.push(done.planned);
      ciphertexts += done.count;
    }
  }
  const settingsAbs = path.join(options.dir, SETTINGS_FILE);
  const settingsBefore = readFileSync(settingsAbs, 'utf8');
  const settingsAfter = setRecipients(settingsBefore, recipients);
  if (settingsAfter !== settingsBefore) planned.push({ file: SETTINGS_FILE, abs: settingsAbs, before: settingsBefore, after: settingsAfter });
  if (planned.length > 0) commitAll(options.dir, planned, options.today, options.rename ?? renameSync);
  return { ciphertexts, files: planned.length };
}
