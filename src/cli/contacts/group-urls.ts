/**
 * `npm run contacts -- encrypt|decrypt` for hidden groups (docs/privacy.md): a hidden
 * group's `url:` becomes `url_age:` (the address, encrypted to the registry's recipients)
 * followed by `url_digest:`, and back. Text is spliced in place (src/lib/yaml-splice.ts),
 * as for admins (admins.ts), so everything else in a file stays byte for byte; encrypt
 * then decrypt gives the same bytes back whenever the
 * address was written as a plain scalar (as every tool here writes it), comments after
 * it included. A quoted address comes back unquoted, or double-quoted if it needs it.
 *
 * Also here: `privacy.group_digest`, created in registry.yaml the first time a digest is
 * needed (a fresh salt), and kept by decrypt (it is no secret, and digests stay stable).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import {
  applySplices,
  contentEnd,
  findPair,
  lineEnd,
  lineStart,
  parseForEdit,
  splitSource,
  trailingComment,
  type Splice,
} from '../../lib/yaml-splice.ts';
import { DEFAULT_GROUP_DIGEST_ITERATIONS, newDigestSalt, type GroupDigestSettings } from '../../registry/group-digest.ts';
import type { EncryptedGroupAddress } from '../../lib/group-url.ts';
import { SETTINGS_FILE } from '../../registry/load.ts';
import { isHiddenGroup, type Registry } from '../../registry/model.ts';
import type { Account } from '../../schema/index.ts';
import type { FileEdit } from './admins.ts';
import { refuse } from './refuse.ts';

type Map_ = YAMLMap<Node, Node | null>;

/** An address written back as a plain scalar when YAML reads it unchanged so, else double-quoted. */
function renderUrl(url: string): string {
  return /^https:\/\/[^\s#'"{}[\],&*!|>%@`]+$/.test(url) && !/:\s/.test(url) ? url : JSON.stringify(url);
}

function accountMaps(text: string): { maps: Map_[]; flow: boolean } {
  const doc = parseForEdit(text);
  if (doc.errors.length > 0) refuse('không đọc được tệp để sửa. Hãy chạy npm run validate.');
  const accounts = findPair(doc.contents, 'accounts')?.value;
  if (!isSeq(accounts)) return { maps: [], flow: false };
  return { maps: accounts.items as Map_[], flow: Boolean(accounts.flow) || Boolean((doc.contents as Map_ | null)?.flow) };
}

export type EncryptAddress = (url: string, where: string) => Promise<EncryptedGroupAddress>;
export type DecryptAddress = (armored: string, where: string) => Promise<string>;

/** One unit file's text: every hidden group's `url:` → `url_age:` + `url_digest:`. */
export async function encryptGroupUrlsInText(
  file: string,
  raw: string,
  accounts: readonly Account[],
  encrypt: EncryptAddress,
): Promise<{ after: string; accounts: number } | undefined> {
  const { bom, text, eol } = splitSource(raw);
  const { maps, flow } = accountMaps(text);
  const splices: Splice[] = [];
  for (const [i, account] of accounts.entries()) {
    if (!isHiddenGroup(account) || account.url === undefined) continue;
    const where = `${file}, tài khoản thứ ${i + 1}`;
    const map = maps[i];
    const pair = findPair(map, 'url');
    if (flow || map?.flow)
      refuse(
        `${where}: tài khoản viết kiểu {…} trên một dòng nên không mã hoá tự động được địa chỉ nhóm ẩn. Hãy viết tài khoản theo mẫu nhiều dòng trong tài liệu định dạng rồi chạy lại.`,
      );
    if (account.fb_id !== undefined) refuse(`${where}: nhóm ẩn có fb_id, tức là địa chỉ của nhóm ghi rõ. Hãy xoá dòng fb_id rồi chạy lại.`);
    if (!pair?.key?.range || !isScalar(pair.value) || !pair.value.range) refuse(`${where}: không tìm thấy url của nhóm để mã hoá.`);
    const keyStart = pair.key.range[0];
    const valueEnd = contentEnd(text, pair.value);
    const tail = trailingComment(text, valueEnd);
    if (!tail || lineEnd(text, pair.value.range[0]) < valueEnd)
      refuse(`${where}: url của nhóm ẩn phải nằm trên một dòng riêng; hãy sửa rồi chạy lại.`);
    const sealed = await encrypt(account.url, where);
    const column = keyStart - lineStart(text, keyStart);
    const body = sealed.url_age
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => ' '.repeat(column + 2) + l)
      .join(eol);
    splices.push({
      start: keyStart,
      end: tail.end,
      text: `url_age: |${tail.comment ? ` ${tail.comment}` : ''}${eol}${body}${eol}${' '.repeat(column)}url_digest: ${sealed.url_digest}`,
    });
  }
  if (splices.length === 0) return undefined;
  return { after: bom + applySplices(text, splices), accounts: splices.length };
}

/** One unit file's text: every `url_age:` + `url_digest:` → `url:`. */
export async function decryptGroupUrlsInText(
  file: string,
  raw: string,
  accounts: readonly Account[],
  decrypt: DecryptAddress,
): Promise<{ after: string; accounts: number } | undefined> {
  const { bom, text, eol } = splitSource(raw);
  const { maps, flow } = accountMaps(text);
  const splices: Splice[] = [];
  for (const [i, account] of accounts.entries()) {
    if (account.url_age === undefined) continue;
    const where = `${file}, tài khoản thứ ${i + 1}`;
    const map = maps[i];
    const age = findPair(map, 'url_age');
    const digest = findPair(map, 'url_digest');
    if (flow || map?.flow)
      refuse(`${where}: tài khoản viết kiểu {…} nên không giải mã tự động được. Hãy viết tài khoản theo mẫu nhiều dòng rồi chạy lại.`);
    if (!age?.key?.range || !isScalar(age.value) || !age.value.range)
      refuse(`${where}: url_age không phải một đoạn chữ. Hãy kiểm tra lại tệp.`);
    const url = await decrypt(account.url_age, where);
    const keyStart = age.key.range[0];
    let end = contentEnd(text, age.value);
    let comment: string | undefined;
    if (age.value.type === 'BLOCK_LITERAL' || age.value.type === 'BLOCK_FOLDED') {
      comment = /^[|>][-+0-9]*\s+(#.*)$/
        .exec(text.slice(age.value.range[0], lineEnd(text, age.value.range[0])).replace(/\r$/, ''))?.[1]
        ?.trimEnd();
    } else {
      const tail = trailingComment(text, end);
      if (!tail) refuse(`${where}: sau url_age còn nội dung khác trên cùng dòng; hãy xuống dòng rồi chạy lại.`);
      comment = tail.comment;
      end = tail.end;
    }
    splices.push({ start: keyStart, end, text: `url: ${renderUrl(url)}${comment ? `  ${comment}` : ''}` });
    if (digest?.key?.range && digest.value?.range) {
      // The whole url_digest line goes, with its line break.
      const start = lineStart(text, digest.key.range[0]);
      const tail = trailingComment(text, contentEnd(text, digest.value));
      if (text.slice(start, digest.key.range[0]).trim() !== '' || !tail)
        refuse(`${where}: url_digest phải nằm trên một dòng riêng; hãy sửa rồi chạy lại.`);
      const stop = lineEnd(text, tail.end);
      splices.push({ start: start - (stop === text.length && start > 0 ? eol.length : 0), end: Math.min(text.length, stop + 1), text: '' });
    }
  }
  if (splices.length === 0) return undefined;
  return { after: bom + applySplices(text, splices), accounts: splices.length };
}

/** Unit files with a hidden group whose address is in clear (`encrypt`) or encrypted (`decrypt`). */
export function unitFilesWithGroupUrls(registry: Registry, mode: 'encrypt' | 'decrypt'): string[] {
  const wanted = (a: Account) => (mode === 'encrypt' ? isHiddenGroup(a) && a.url !== undefined : a.url_age !== undefined);
  return registry.units.filter((u) => (u.accounts ?? []).some(wanted)).map((u) => u.file);
}

/**
 * Applies `change` to a file's text, chaining onto an edit of the same file already
 * planned (the admins of the same unit), and records the result in `edits`.
 */
export async function chainEdit(
  dir: string,
  file: string,
  edits: FileEdit[],
  change: (text: string) => Promise<{ after: string; accounts: number } | undefined>,
): Promise<void> {
  const existing = edits.find((e) => e.file === file);
  const abs = path.join(dir, file);
  const current = existing?.after ?? readFileSync(abs, 'utf8');
  const changed = await change(current);
  if (!changed) return;
  if (existing) {
    existing.after = changed.after;
    existing.accounts += changed.accounts;
  } else {
    edits.push({ file, abs, before: current, after: changed.after, accounts: changed.accounts });
  }
}

/**
 * registry.yaml's `privacy.group_digest`, the one there or a new one (fresh salt) spliced in
 * at the end of the `privacy` block; `settingsText` is the text the settings edit leaves.
 */
export function ensureGroupDigestSettings(registry: Registry, settingsText: string): { settings: GroupDigestSettings; after?: string } {
  const existing = registry.settings.privacy.group_digest;
  if (existing) return { settings: existing };
  const settings = { salt: newDigestSalt(), iterations: DEFAULT_GROUP_DIGEST_ITERATIONS };
  const { bom, text, eol } = splitSource(settingsText);
  const doc = parseForEdit(text);
  const privacy = findPair(doc.contents, 'privacy')?.value;
  const first = isMap(privacy) ? (privacy as Map_).items[0]?.key : undefined;
  if (!isMap(privacy) || privacy.flow || !first?.range)
    refuse(
      `${SETTINGS_FILE}: không thêm được privacy.group_digest. Hãy viết privacy theo mẫu nhiều dòng, hoặc tự thêm group_digest (salt, iterations) theo docs/registry-format.md.`,
    );
  const column = first.range[0] - lineStart(text, first.range[0]);
  const pad = ' '.repeat(column);
  let at = lineEnd(text, contentEnd(text, privacy));
  if (text[at - 1] === '\r') at--;
  const block = `${eol}${pad}group_digest:${eol}${pad}  salt: ${settings.salt}${eol}${pad}  iterations: ${settings.iterations}`;
  return { settings, after: bom + text.slice(0, at) + block + text.slice(at) };
}

/**
 * Encrypt: every hidden group's address of the registry, into `edits` (chained onto the
 * admins' edits of the same files). Returns the settings edit, with `group_digest` added
 * when registry.yaml had none.
 */
export async function planGroupUrlEncryption(
  dir: string,
  registry: Registry,
  edits: FileEdit[],
  settingsEdit: FileEdit | undefined,
  recipients: readonly string[],
  seal: (url: string, recipients: readonly string[], settings: GroupDigestSettings) => Promise<EncryptedGroupAddress>,
): Promise<FileEdit | undefined> {
  const files = unitFilesWithGroupUrls(registry, 'encrypt');
  if (files.length === 0) return settingsEdit;
  const abs = path.join(dir, SETTINGS_FILE);
  const settingsText = settingsEdit?.after ?? readFileSync(abs, 'utf8');
  const digest = ensureGroupDigestSettings(registry, settingsText);
  for (const file of files) {
    const unit = registry.units.find((u) => u.file === file)!;
    await chainEdit(dir, file, edits, (text) =>
      encryptGroupUrlsInText(file, text, unit.accounts ?? [], (url) => seal(url, recipients, digest.settings)),
    );
  }
  if (digest.after === undefined) return settingsEdit;
  return { file: SETTINGS_FILE, abs, before: settingsEdit?.before ?? settingsText, after: digest.after, accounts: 0 };
}

/** Decrypt: every `url_age` of the registry back to `url:`, into `edits`. */
export async function planGroupUrlDecryption(dir: string, registry: Registry, edits: FileEdit[], open: DecryptAddress): Promise<void> {
  for (const file of unitFilesWithGroupUrls(registry, 'decrypt')) {
    const unit = registry.units.find((u) => u.file === file)!;
    await chainEdit(dir, file, edits, (text) => decryptGroupUrlsInText(file, text, unit.accounts ?? [], open));
  }
}
