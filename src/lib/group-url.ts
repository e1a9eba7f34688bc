/**
 * A hidden group's address in an encrypted registry (docs/privacy.md): `url_age`, the
 * address as written, encrypted with age to the registry's recipients, and `url_digest`,
 * its keyed slow digest (group-digest.ts). The registration form does this in the
 * submitter's browser, `npm run contacts -- encrypt` in bulk; the office decrypts.
 *
 * Pure: no Node import (the form bundles it for the browser, lazily).
 */
import type { Decrypter } from 'age-encryption';
import { decryptAdminsYaml, encryptText, ContactsError } from './contacts.ts';
import { canonicalize } from '../registry/facebook-url.ts';
import { groupDigest, type GroupDigestSettings } from '../registry/group-digest.ts';

export interface EncryptedGroupAddress {
  url_age: string;
  url_digest: string;
}

/** The canonical key of a group address, or a Vietnamese refusal. */
export function groupKeyOf(url: string): string {
  const canonical = canonicalize(url);
  if (!canonical.ok || canonical.kind !== 'group' || canonical.subpage) {
    throw new ContactsError(
      'invalid-data',
      'Địa chỉ nhóm ẩn không hợp lệ: cần địa chỉ của chính nhóm, dạng https://www.facebook.com/groups/… .',
    );
  }
  return canonical.key;
}

/** `url` → `url_age` + `url_digest`. */
export async function encryptGroupAddress(
  url: string,
  recipients: string | readonly string[],
  settings: GroupDigestSettings,
): Promise<EncryptedGroupAddress> {
  const key = groupKeyOf(url);
  const [urlAge, urlDigest] = await Promise.all([encryptText(url, recipients), groupDigest(key, settings)]);
  return { url_age: urlAge, url_digest: urlDigest };
}

/** `url_age` → the address as it was written. A payload that is not one line of address is `invalid-data`. */
export async function decryptGroupAddress(armored: string, identity: string | readonly string[] | Decrypter): Promise<string> {
  let text: string;
  try {
    text = await decryptAdminsYaml(armored, identity);
  } catch (error) {
    if (error instanceof ContactsError && error.code === 'corrupt')
      throw new ContactsError('corrupt', error.message.replace('(admins_age)', '(url_age)'));
    throw error;
  }
  if (text.length === 0 || text.length > 500 || /[\r\n]/.test(text)) {
    throw new ContactsError(
      'invalid-data',
      'Nội dung url_age sau khi giải mã không phải một địa chỉ nhóm. Hãy nhập lại địa chỉ nhóm ẩn qua biểu mẫu đăng ký.',
    );
  }
  return text;
}
