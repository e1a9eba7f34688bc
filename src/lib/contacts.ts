/**
 * Admins' contact details, encrypted with age (registry-format.md, "Privacy"): an
 * account's `admins_age` is the armored age encryption of the same YAML list that
 * `admins` would hold, to the registry's `privacy.recipient`. The registration form
 * encrypts in the browser, `npm run contacts` in bulk, and the provincial office
 * decrypts with its identity file for the official report.
 *
 * Pure: no Node import (the form bundles it for the browser). Every failure is a
 * `ContactsError` with a Vietnamese message that never contains key material.
 */
import { armor, Decrypter, Encrypter } from 'age-encryption';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import type { ContactsByAccount } from './report.ts';
import type { Registry } from '../registry/model.ts';
import { AdminSchema, AGE_RECIPIENT_PATTERN, type Admin } from '../schema/index.ts';

/** The same limit as `AccountSchema.admins`. */
export const AdminListSchema = z.array(AdminSchema).max(20);

export type ContactsErrorCode =
  /** The identity file has no usable key, or a line that is not one. */
  | 'invalid-identity'
  /** Not an age public key (`age1…`). */
  | 'invalid-recipient'
  /** Encrypted to another key: none of the given identities opens it. */
  | 'wrong-identity'
  /** Not a well-formed age armor, or the ciphertext was altered or cut. */
  | 'corrupt'
  /** Decrypted, but not a valid admin list (or a list to encrypt that is not valid). */
  | 'invalid-data';

export class ContactsError extends Error {
  readonly code: ContactsErrorCode;
  constructor(code: ContactsErrorCode, message: string) {
    super(message);
    this.name = 'ContactsError';
    this.code = code;
  }
}

const MESSAGES: Record<ContactsErrorCode, string> = {
  'invalid-identity':
    'Tệp khoá giải mã không hợp lệ: cần ít nhất một dòng khoá bí mật age (bắt đầu bằng AGE-SECRET-KEY-1). Hãy dùng đúng tệp khoá do lệnh npm run contacts -- keygen tạo ra.',
  'invalid-recipient':
    'Khoá công khai không hợp lệ: khoá công khai age bắt đầu bằng "age1" và dài 62 ký tự. Hãy chép lại đúng privacy.recipient.',
  'wrong-identity':
    'Khoá giải mã không đúng: thông tin này được mã hoá cho một khoá khác. Hãy dùng tệp khoá của văn phòng LĐLĐ tỉnh, ứng với privacy.recipient trong registry.yaml.',
  corrupt:
    'Nội dung mã hoá (admins_age) bị hỏng hoặc bị cắt mất một phần nên không giải mã được. Hãy lấy lại nội dung gốc từ lịch sử git, hoặc nhập lại thông tin người quản trị.',
  'invalid-data':
    'Nội dung sau khi giải mã không phải danh sách người quản trị hợp lệ (mỗi người cần name; phone, email, position là tuỳ chọn). Hãy nhập lại thông tin người quản trị.',
};

function fail(code: ContactsErrorCode, detail?: string): never {
  throw new ContactsError(code, detail ? `${MESSAGES[code]} ${detail}` : MESSAGES[code]);
}

/**
 * The keys of an identity file (age-keygen format): one `AGE-SECRET-KEY-…` per line,
 * `#` comments and blank lines ignored. A line that is anything else is refused by
 * number, never echoed: it may be a mangled secret.
 */
export function parseIdentities(text: string): string[] {
  const keys: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (/^AGE-SECRET-KEY-(PQ-)?1[02-9AC-HJ-NP-Z]+$/.test(line)) keys.push(line);
    else if (/^age1/i.test(line))
      fail(
        'invalid-identity',
        `Dòng ${i + 1} là khoá công khai (age1…), không phải khoá giải mã: khoá giải mã nằm trong tệp bí mật của văn phòng.`,
      );
    else fail('invalid-identity', `Dòng ${i + 1} không phải khoá giải mã.`);
  });
  if (keys.length === 0) fail('invalid-identity');
  return keys;
}

/** One decrypter for many files: each identity is parsed (and its public half derived) once. */
export function createDecrypter(identityText: string | readonly string[]): Decrypter {
  const keys = typeof identityText === 'string' ? parseIdentities(identityText) : identityText.flatMap((k) => parseIdentities(k));
  const decrypter = new Decrypter();
  keys.forEach((key, i) => {
    try {
      decrypter.addIdentity(key);
    } catch {
      fail('invalid-identity', `Khoá thứ ${i + 1} trong tệp bị sai (có thể bị chép thiếu hoặc thừa ký tự).`);
    }
  });
  return decrypter;
}

/** The YAML text of an admin list: what `admins` would hold, and what `admins_age` encrypts. */
export function adminsToYaml(admins: readonly Admin[]): string {
  return stringify(admins, { lineWidth: 0 });
}

/**
 * Encrypts `plaintext` (the YAML text of an admin list) to `recipient` as age armor.
 * The text must parse to a valid admin list; `npm run contacts -- encrypt` uses it to
 * keep the list exactly as written (comments included), the form passes `adminsToYaml`.
 */
export async function encryptAdminsYaml(plaintext: string, recipient: string | readonly string[]): Promise<string> {
  parseAdminsYaml(plaintext);
  return encryptText(plaintext, recipient);
}

/** Any text to armored age, to one or several recipients (each of them opens it alone). */
export async function encryptText(plaintext: string, recipient: string | readonly string[]): Promise<string> {
  const recipients = typeof recipient === 'string' ? [recipient] : recipient;
  if (recipients.length === 0 || recipients.some((r) => !AGE_RECIPIENT_PATTERN.test(r))) fail('invalid-recipient');
  const encrypter = new Encrypter();
  try {
    for (const r of recipients) encrypter.addRecipient(r);
  } catch {
    fail('invalid-recipient');
  }
  return armor.encode(await encrypter.encrypt(plaintext));
}

/** The keys a registry encrypts to: `privacy.recipients`, else `privacy.recipient`, else none. */
export function registryRecipients(privacy: { recipient?: string; recipients?: readonly string[] }): string[] {
  return privacy.recipients ? [...privacy.recipients] : privacy.recipient !== undefined ? [privacy.recipient] : [];
}

/** `admins` → `admins_age`: armored age text of the YAML list, to the registry's recipients. */
export async function encryptAdmins(admins: Admin[], recipient: string | readonly string[]): Promise<string> {
  const checked = AdminListSchema.safeParse(admins);
  if (!checked.success) fail('invalid-data');
  return encryptAdminsYaml(adminsToYaml(checked.data), recipient);
}

/** Parses and checks an admin list; aliases are refused as in registry files (no "billion laughs"). */
export function parseAdminsYaml(text: string): Admin[] {
  let value: unknown;
  try {
    value = parse(text, { schema: 'core', uniqueKeys: true, maxAliasCount: 0, prettyErrors: false });
  } catch {
    fail('invalid-data');
  }
  const checked = AdminListSchema.safeParse(value);
  if (!checked.success) fail('invalid-data');
  return checked.data;
}

/** Decrypts to the YAML text of the list, unchecked beyond the age layer. */
export async function decryptAdminsYaml(armored: string, identity: string | readonly string[] | Decrypter): Promise<string> {
  const decrypter = identity instanceof Decrypter ? identity : createDecrypter(identity);
  let file: Uint8Array;
  try {
    file = armor.decode(armored);
  } catch {
    fail('corrupt');
  }
  try {
    return await decrypter.decrypt(file, 'text');
  } catch (error) {
    // age-encryption says so in words only; test/contacts.test.ts pins the wording.
    if (error instanceof Error && /no identity matched/i.test(error.message)) fail('wrong-identity');
    fail('corrupt');
  }
}

/**
 * `admins_age` → the admin list. `identity` is a key, the text of an identity file
 * (several keys, comments) or a decrypter made once by `createDecrypter`.
 */
export async function decryptAdmins(armored: string, identity: string | readonly string[] | Decrypter): Promise<Admin[]> {
  return parseAdminsYaml(await decryptAdminsYaml(armored, identity));
}

export interface RegistryContacts {
  /** `<unit id>#<account index>` → the admins, `'encrypted'` when this identity cannot open them, or `'none'`. */
  contacts: Map<string, readonly Admin[] | 'encrypted' | 'none'>;
  /** Accounts whose `admins_age` this identity opened. */
  decrypted: number;
  /** Accounts whose `admins_age` is encrypted to another key. */
  locked: number;
  /** Accounts with plain-text `admins` (a private, plaintext registry). */
  plaintext: number;
}

const BATCH = 32;

/**
 * Every account's contacts, for the office's report. An account encrypted to another
 * key (an older office key, say) is `'encrypted'`; when the identity opens none of
 * them, that is surely the wrong file and a `wrong-identity` error. Damaged ciphertext
 * is an error naming the file and the account.
 */
export async function decryptRegistryContactsDetailed(registry: Pick<Registry, 'units'>, identityText: string): Promise<RegistryContacts> {
  const decrypter = createDecrypter(identityText);
  const contacts = new Map<string, readonly Admin[] | 'encrypted' | 'none'>();
  const jobs: { key: string; armored: string; where: string }[] = [];
  let plaintext = 0;
  for (const unit of registry.units) {
    (unit.accounts ?? []).forEach((account, i) => {
      const key = `${unit.id}#${i}`;
      if (account.admins !== undefined) {
        contacts.set(key, account.admins);
        plaintext++;
      } else if (account.admins_age !== undefined) {
        contacts.set(key, 'encrypted');
        jobs.push({ key, armored: account.admins_age, where: `${unit.file}, tài khoản thứ ${i + 1} ("${account.name}")` });
      } else {
        contacts.set(key, 'none');
      }
    });
  }
  let decrypted = 0;
  let locked = 0;
  for (let start = 0; start < jobs.length; start += BATCH) {
    await Promise.all(
      jobs.slice(start, start + BATCH).map(async (job) => {
        try {
          contacts.set(job.key, await decryptAdmins(job.armored, decrypter));
          decrypted++;
        } catch (error) {
          if (error instanceof ContactsError && error.code === 'wrong-identity') {
            locked++;
            return;
          }
          if (error instanceof ContactsError) throw new ContactsError(error.code, `${job.where}: ${error.message}`);
          throw error;
        }
      }),
    );
  }
  if (jobs.length > 0 && decrypted === 0) {
    fail('wrong-identity', `Khoá này không mở được thông tin liên hệ nào trong ${jobs.length} tài khoản đã mã hoá.`);
  }
  return { contacts, decrypted, locked, plaintext };
}

/** The contacts map `reportToMarkdown` takes; see `decryptRegistryContactsDetailed`. */
export async function decryptRegistryContacts(registry: Pick<Registry, 'units'>, identityText: string): Promise<ContactsByAccount> {
  return (await decryptRegistryContactsDetailed(registry, identityText)).contacts;
}
