/**
 * `npm run contacts -- rotate --identity OLD --recipient NEW [--recipient NEW2 …]`
 * (docs/privacy.md, "Changing keys"): every `admins_age` and `url_age` is decrypted with
 * the old identity and encrypted again to the new recipients, and registry.yaml's
 * `privacy.recipient(s)` becomes the new list. Digests do not depend on the keys and stay.
 *
 * All files or none: the old identity must open every ciphertext first, then the files
 * are written as one transaction (transaction.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parse } from 'yaml';
import type { Decrypter } from 'age-encryption';
import { ContactsError, createDecrypter, decryptAdminsYaml, encryptText } from '../../lib/contacts.ts';
import { applySplices, contentEnd, findPair, parseForEdit, splitSource, type Splice } from '../../lib/yaml-splice.ts';
import { SETTINGS_FILE } from '../../registry/load.ts';
import type { Registry } from '../../registry/model.ts';
import { AGE_RECIPIENT_PATTERN } from '../../schema/index.ts';
import { setRecipients } from './settings-recipients.ts';
import { commitFiles, type PlannedFile } from './transaction.ts';

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

/** One unit file with each ciphertext re-encrypted: block literals keep their layout, other styles become one double-quoted line. */
async function reencryptFile(
  dir: string,
  file: string,
  decrypter: Decrypter,
  recipients: readonly string[],
): Promise<{ planned: PlannedFile; count: number } | undefined> {
  const abs = path.join(dir, file);
  const raw = readFileSync(abs, 'utf8');
  const { bom, text, eol } = splitSource(raw);
  const doc = parseForEdit(text);
  const accounts = findPair(doc.contents, 'accounts')?.value;
  if (!isSeq(accounts)) return undefined;
  const splices: Splice[] = [];
  const expected = doc.toJS({ maxAliasCount: 0 }) as { accounts: Record<string, unknown>[] };
  for (const [i, item] of accounts.items.entries()) {
    if (!isMap(item)) continue;
    for (const field of FIELDS) {
      const value = findPair(item, field)?.value;
      if (!isScalar(value) || typeof value.value !== 'string' || !value.range) continue;
      let plaintext: string;
      try {
        plaintext = await decryptAdminsYaml(value.value, decrypter);
      } catch (error) {
        if (error instanceof ContactsError)
          throw new ContactsError(error.code, `${file}, tài khoản thứ ${i + 1} (${field}): ${error.message}`);
        throw error;
      }
      const armored = await encryptText(plaintext, recipients);
      expected.accounts[i]![field] = armored;
      if (value.type === 'BLOCK_LITERAL') {
        const bodyStart = text.indexOf('\n', value.range[0]) + 1;
        const indent = /^ */.exec(text.slice(bodyStart))?.[0] ?? '';
        splices.push({
          start: bodyStart,
          end: contentEnd(text, value),
          text: armored
            .replace(/\n$/, '')
            .split('\n')
            .map((l) => indent + l)
            .join(eol),
        });
      } else {
        splices.push({ start: value.range[0], end: contentEnd(text, value), text: JSON.stringify(armored) });
      }
    }
  }
  if (splices.length === 0) return undefined;
  const after = applySplices(text, splices);
  if (JSON.stringify(parse(after, { schema: 'core', maxAliasCount: 0 })) !== JSON.stringify(expected)) {
    throw new ContactsError(
      'invalid-data',
      `${file}: tệp có cách viết đặc biệt nên không mã hoá lại tự động được. Hãy viết admins_age và url_age dạng "| " nhiều dòng như biểu mẫu tạo ra, rồi chạy lại.`,
    );
  }
  return { planned: { file, abs, before: raw, after: bom + after }, count: splices.length };
}

/** Re-encrypts the whole registry to `recipients`; refuses (changing nothing) when the old identity cannot open everything. */
export async function rotateRegistry(registry: Registry, options: RotateOptions): Promise<RotateSummary> {
  const recipients = [...new Set(options.recipients)];
  if (recipients.length === 0)
    throw new ContactsError(
      'invalid-recipient',
      'Thiếu --recipient: cần ít nhất một khoá công khai mới (age1…), ví dụ khoá mới của văn phòng và một khoá dự phòng.',
    );
  if (recipients.some((r) => !AGE_RECIPIENT_PATTERN.test(r)))
    throw new ContactsError('invalid-recipient', 'Mỗi --recipient phải là khoá công khai age: bắt đầu bằng "age1" và dài 62 ký tự.');
  if (registry.settings.privacy.contacts !== 'encrypted')
    throw new ContactsError(
      'invalid-data',
      'Danh bạ đang ở chế độ plaintext: không có gì để đổi khoá. Hãy dùng npm run contacts -- encrypt --recipient … để mã hoá.',
    );
  const decrypter = createDecrypter(options.identityText);
  const planned: PlannedFile[] = [];
  let ciphertexts = 0;
  const files = registry.units
    .filter((u) => (u.accounts ?? []).some((a) => a.admins_age !== undefined || a.url_age !== undefined))
    .map((u) => u.file);
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
  if (settingsAfter !== settingsBefore)
    planned.push({ file: SETTINGS_FILE, abs: settingsAbs, before: settingsBefore, after: settingsAfter });
  if (planned.length > 0) commitFiles(options.dir, planned, { today: options.today, action: 'đổi khoá', rename: options.rename });
  return { ciphertexts, files: planned.length };
}
