/**
 * Decryption for the office's page (/bao-cao/noi-bo/), in the browser: the identity
 * file, the age layer, and reading what comes out (an admin list, a hidden group's
 * address). The same rules as src/lib/contacts.ts (identity lines, YAML without
 * aliases, the admin fields) but without zod, which would triple the page's script;
 * test/office.test.ts checks that both read the same identities and the same fields.
 *
 * Every failure is an `OfficeError` whose Vietnamese message says what to do on the
 * page and never contains key material. Nothing here touches the network.
 */
import { armor, Decrypter, identityToRecipient } from 'age-encryption';
import { parse } from 'yaml';
import type { Admin } from '../schema/index.ts';

export type OfficeErrorCode =
  /** The text has no secret key, or a line that is not one. */
  | 'not-identity'
  /** A key line that age refuses (mistyped, cut). */
  | 'bad-key'
  /** Far larger than any identity file. */
  | 'too-large'
  /** The identity opens none of the ciphertexts. */
  | 'wrong-identity'
  /** Not a well-formed age armor, or altered or cut. */
  | 'corrupt'
  /** Decrypted, but not what the field holds. */
  | 'invalid-data'
  /** The published bundle could not be read. */
  | 'bad-bundle';

export class OfficeError extends Error {
  readonly code: OfficeErrorCode;
  constructor(code: OfficeErrorCode, message: string) {
    super(message);
    this.name = 'OfficeError';
    this.code = code;
  }
}

export const OFFICE_MESSAGES: Record<OfficeErrorCode, string> = {
  'not-identity':
    'Đây không phải tệp khoá giải mã. Tệp khoá của văn phòng là một tệp chữ nhỏ, có một dòng bắt đầu bằng AGE-SECRET-KEY-1 (tệp do lệnh npm run contacts -- keygen tạo ra). Hãy chọn đúng tệp đó.',
  'bad-key': 'Khoá trong tệp bị sai, có thể do chép thiếu hoặc thừa ký tự. Hãy chọn lại tệp khoá gốc, không chép tay.',
  'too-large': 'Tệp này quá lớn để là tệp khoá (tệp khoá chỉ dài vài trăm ký tự). Hãy chọn đúng tệp khoá của văn phòng.',
  'wrong-identity':
    'Khoá giải mã không đúng: khoá này không mở được thông tin nào của danh bạ. Hãy dùng tệp khoá của văn phòng LĐLĐ tỉnh, ứng với khoá công khai ghi trong registry.yaml.',
  corrupt:
    'Nội dung mã hoá bị hỏng hoặc bị cắt mất một phần nên không giải mã được. Cần lấy lại nội dung gốc từ lịch sử git, hoặc nhập lại thông tin.',
  'invalid-data':
    'Giải mã được nhưng nội dung không đúng dạng (mỗi người quản trị cần họ tên; chức vụ, điện thoại, email là tuỳ chọn). Cần nhập lại thông tin cho tài khoản này.',
  'bad-bundle': 'Không đọc được dữ liệu báo cáo của trang. Hãy tải lại trang khi có mạng; nếu vẫn lỗi, báo cho người quản lý kho dữ liệu.',
};

export function officeError(code: OfficeErrorCode, detail?: string): OfficeError {
  return new OfficeError(code, detail ? `${OFFICE_MESSAGES[code]} ${detail}` : OFFICE_MESSAGES[code]);
}

/** Identity files are a few hundred bytes; anything much larger is not one. */
export const MAX_IDENTITY_CHARS = 64 * 1024;
const SECRET_KEY = /^AGE-SECRET-KEY-(PQ-)?1[02-9AC-HJ-NP-Z]+$/;

/**
 * The secret keys of an identity file (age-keygen format: one per line, `#` comments,
 * blank lines). Any other line is refused by its number, never echoed.
 */
export function readIdentities(text: string): string[] {
  if (text.length > MAX_IDENTITY_CHARS) throw officeError('too-large');
  const keys: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (SECRET_KEY.test(line)) keys.push(line);
    else if (/^age1/i.test(line))
      throw officeError('not-identity', `Dòng ${i + 1} là khoá công khai (age1…), ai cũng có được; cần tệp khoá bí mật.`);
    else throw officeError('not-identity', `Dòng ${i + 1} không phải một khoá.`);
  });
  if (keys.length === 0) throw officeError('not-identity');
  return keys;
}

export interface OfficeKey {
  decrypter: Decrypter;
  /** The public key of each identity (age1…), to compare with the registry's. */
  recipients: string[];
}

export async function officeKey(text: string): Promise<OfficeKey> {
  const keys = readIdentities(text);
  const decrypter = new Decrypter();
  const recipients: string[] = [];
  for (const [i, key] of keys.entries()) {
    try {
      decrypter.addIdentity(key);
      recipients.push(await identityToRecipient(key));
    } catch {
      throw officeError('bad-key', keys.length > 1 ? `(khoá thứ ${i + 1} trong tệp)` : undefined);
    }
  }
  return { decrypter, recipients };
}

/** `'locked'` when the text is encrypted to another key; throws `corrupt` when it is damaged. */
export async function decryptArmored(armored: string, decrypter: Decrypter): Promise<string | 'locked'> {
  let file: Uint8Array;
  try {
    file = armor.decode(armored);
  } catch {
    throw officeError('corrupt');
  }
  try {
    return await decrypter.decrypt(file, 'text');
  } catch (error) {
    // age-encryption says so in words only (test/contacts.test.ts pins the wording).
    if (error instanceof Error && /no identity matched/i.test(error.message)) return 'locked';
    throw officeError('corrupt');
  }
}

/** The fields of `AdminSchema` (test/office.test.ts keeps the two the same). */
export const ADMIN_FIELDS = ['name', 'position', 'phone', 'email'] as const;
const ADMIN_LIMITS: Record<(typeof ADMIN_FIELDS)[number], number> = { name: 300, position: 300, phone: 40, email: 254 };
const MAX_ADMINS = 20;

/** An admin list as `admins_age` encrypts it (the YAML of `admins`), checked for shape. */
export function readAdminList(text: string): Admin[] {
  let value: unknown;
  try {
    value = parse(text, { schema: 'core', uniqueKeys: true, maxAliasCount: 0, prettyErrors: false });
  } catch {
    throw officeError('invalid-data');
  }
  if (!Array.isArray(value) || value.length > MAX_ADMINS) throw officeError('invalid-data');
  return value.map((item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw officeError('invalid-data');
    const admin: Record<string, string> = {};
    for (const [key, field] of Object.entries(item)) {
      const known = Object.hasOwn(ADMIN_LIMITS, key);
      if (!known || typeof field !== 'string' || field.length > ADMIN_LIMITS[key as keyof typeof ADMIN_LIMITS])
        throw officeError('invalid-data');
      admin[key] = field;
    }
    if (typeof admin.name !== 'string' || admin.name.trim() === '') throw officeError('invalid-data');
    return admin as Admin;
  });
}

/**
 * A hidden group's address as `url_age` encrypts it: the address as written, one line;
 * a quoted YAML scalar or a mapping with `url` is read too.
 */
export function readHiddenAddress(text: string): string {
  const fail = () => officeError('invalid-data', 'Địa chỉ nhóm ẩn sau khi giải mã không phải một địa chỉ.');
  const raw = text.replace(/^\uFEFF/, '').trim();
  if (raw === '' || raw.length > 600 || /[\r\n]/.test(raw)) throw fail();
  // The address as written (what `npm run contacts -- encrypt` and the form encrypt).
  if (/^[^\s"']\S*$/.test(raw)) return raw;
  let value: unknown;
  try {
    value = parse(raw, { schema: 'core', uniqueKeys: true, maxAliasCount: 0, prettyErrors: false });
  } catch {
    throw fail();
  }
  const url = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { url?: unknown }).url : value;
  if (typeof url !== 'string' || url.length > 500 || !/^\S+$/.test(url)) throw fail();
  return url;
}
