/**
 * `npm run contacts -- encrypt|decrypt`: every account's admins (contacts/admins.ts) and
 * every hidden group's address (contacts/group-urls.ts) between plain text and age, and
 * registry.yaml's privacy settings (contacts/settings-privacy.ts), written all or none
 * (contacts/transaction.ts). The registry is validated first and refused when invalid.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ContactsError, createDecrypter, decryptAdminsYaml, encryptAdminsYaml } from '../../lib/contacts.ts';
import { decryptGroupAddress, encryptGroupAddress } from '../../lib/group-url.ts';
import { summaryLine } from '../../registry/format.ts';
import { SETTINGS_FILE, validateRegistry } from '../../registry/load.ts';
import type { Registry } from '../../registry/model.ts';
import type { Problem } from '../../registry/problems.ts';
import { AGE_RECIPIENT_PATTERN } from '../../schema/index.ts';
import { UsageError } from '../run.ts';
import { editUnitFile, type FileEdit } from './admins.ts';
import { planGroupUrlDecryption, planGroupUrlEncryption } from './group-urls.ts';
import { refuse } from './refuse.ts';
import { setRecipients } from './settings-recipients.ts';
import { editSettings } from './settings-privacy.ts';
import { commitFiles, problemLines } from './transaction.ts';

export interface Options {
  dir: string;
  today?: string;
}

/** The registry, validated before anything is edited; refused when invalid, except for the problems `tolerate` names (the ones the command fixes). */
export function validateFirst(dir: string, today: string | undefined, tolerate: readonly Problem['rule'][]): Registry {
  const result = validateRegistry(dir, { today });
  const blocking = result.problems.filter((p) => p.severity === 'error' && !tolerate.includes(p.rule));
  if (blocking.length > 0 || !result.registry) {
    refuse(
      `Danh bạ chưa hợp lệ nên chưa thể chạy lệnh này. Hãy sửa các lỗi sau (npm run validate) rồi chạy lại:\n${problemLines(blocking)}\n${summaryLine(result)}`,
    );
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
  if (recipient === undefined)
    throw new UsageError(
      'Thiếu khoá công khai: registry.yaml chưa có privacy.recipient, hãy thêm --recipient age1… (khoá do npm run contacts -- keygen in ra).',
    );
  if (!AGE_RECIPIENT_PATTERN.test(recipient))
    throw new UsageError('--recipient phải là khoá công khai age: bắt đầu bằng "age1" và dài 62 ký tự.');
  if (current !== undefined && recipient !== current && unitFilesWith(registry, 'admins_age').length > 0) {
    refuse(
      'Danh bạ đã có thông tin mã hoá tới khoá công khai hiện tại (privacy.recipient). Để đổi khoá, hãy giải mã bằng khoá cũ (npm run contacts -- decrypt --identity …) rồi mã hoá lại với --recipient mới.',
    );
  }
  const warnings: string[] = [];
  const older = unitFilesWith(registry, 'admins_age').length;
  if (current === undefined && older > 0) {
    // Nothing in a ciphertext says which key it is for: only the office can tell.
    warnings.push(
      `Cảnh báo: ${older} tệp đã có admins_age từ trước. Hãy chắc chắn chúng được mã hoá cho cùng khoá ${recipient}; nếu không, văn phòng sẽ không giải mã được.`,
    );
  }
  const edits: FileEdit[] = [];
  for (const file of unitFilesWith(registry, 'admins')) {
    const edit = await editUnitFile(options.dir, file, 'encrypt', (payload) => encryptAdminsYaml(payload, recipients));
    if (edit) edits.push(edit);
  }
  // Units first, settings last: a run cut short leaves a valid registry (admins_age is
  // accepted in plaintext mode), and running it again finishes the job.
  const settings = await planGroupUrlEncryption(
    options.dir,
    registry,
    edits,
    editSettings(options.dir, 'encrypt', listed === recipients ? undefined : recipient),
    recipients,
    encryptGroupAddress,
  );
  if (settings) edits.push(settings);
  if (edits.length > 0) commitFiles(options.dir, edits, { today: options.today, action: 'sửa' });
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
    settings = {
      file: SETTINGS_FILE,
      abs: path.join(options.dir, SETTINGS_FILE),
      before,
      after: setRecipients(settings?.after ?? before, []),
      accounts: 0,
    };
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
  if (edits.length > 0) commitFiles(options.dir, edits, { today: options.today, action: 'sửa' });
  const accounts = edits.reduce((n, e) => n + e.accounts, 0);
  const warnings =
    accounts > 0
      ? [
          'Cảnh báo: số điện thoại và email giờ nằm ở dạng rõ trong các tệp. Không commit chúng lên kho công khai; chạy npm run contacts -- encrypt trước khi commit.',
        ]
      : [];
  return { accounts, files: edits.length, warnings };
}
