/**
 * The hidden groups' addresses for the office's own report (`npm run report -- --identity
 * FILE`): `url_age` decrypted with the office's identity, or `url` where a private,
 * plaintext registry writes it in clear. Never used by the site.
 */
import type { Decrypter } from 'age-encryption';
import { ContactsError, createDecrypter } from './contacts.ts';
import { decryptGroupAddress } from './group-url.ts';
import { isHiddenGroup, type Registry } from '../registry/model.ts';

export interface HiddenGroupAddress {
  unit: string;
  unitName: string;
  /** Position in the unit's accounts. */
  account: number;
  name: string;
  /** The address, or `'encrypted'` when this identity cannot open it (or none was given). */
  url: string | 'encrypted';
}

/** Every hidden group, with its address as far as `identity` opens it. Damaged ciphertext is an error naming the file. */
export async function hiddenGroupAddresses(
  registry: Pick<Registry, 'units'>,
  identity?: string | Decrypter,
): Promise<HiddenGroupAddress[]> {
  const decrypter = identity === undefined ? undefined : typeof identity === 'string' ? createDecrypter(identity) : identity;
  const out: HiddenGroupAddress[] = [];
  for (const unit of registry.units) {
    for (const [i, account] of (unit.accounts ?? []).entries()) {
      if (!isHiddenGroup(account)) continue;
      const entry = { unit: unit.id, unitName: unit.name, account: i, name: account.name };
      if (account.url !== undefined) out.push({ ...entry, url: account.url });
      else if (account.url_age === undefined || decrypter === undefined) out.push({ ...entry, url: 'encrypted' });
      else {
        try {
          out.push({ ...entry, url: await decryptGroupAddress(account.url_age, decrypter) });
        } catch (error) {
          if (error instanceof ContactsError && error.code === 'wrong-identity') out.push({ ...entry, url: 'encrypted' });
          else if (error instanceof ContactsError)
            throw new ContactsError(error.code, `${unit.file}, tài khoản thứ ${i + 1} ("${account.name}"): ${error.message}`);
          else throw error;
        }
      }
    }
  }
  return out;
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** The Markdown section of the office's report; empty when there is no hidden group. */
export function hiddenGroupsMarkdown(groups: readonly HiddenGroupAddress[]): string {
  if (groups.length === 0) return '';
  const lines = ['## Nhóm ẩn (thông tin nội bộ, không công bố)', '', '| Đơn vị | Nhóm | Địa chỉ |', '| --- | --- | --- |'];
  for (const g of groups)
    lines.push(
      `| ${mdCell(g.unitName)} | ${mdCell(g.name)} | ${g.url === 'encrypted' ? '(đã mã hoá: cần khoá giải mã)' : mdCell(g.url)} |`,
    );
  return `${lines.join('\n')}\n\n`;
}
