/**
 * The registration form's hidden groups (docs/privacy.md): in an encrypted registry, a
 * hidden group's address leaves the submitter's browser only as `url_age` (encrypted to
 * the registry's recipients) and `url_digest`, never as `url`. The sealing function is
 * `encryptGroupAddress` of group-url.ts, which the page loads only when there is such
 * a group. Pure (no Node import).
 */
import type { EncryptedGroupAddress } from '../lib/group-url.ts';
import type { GroupDigestSettings } from '../registry/group-digest.ts';
import { isHiddenGroup } from '../registry/model.ts';
import type { AccountInput, RegistrySettings } from '../schema/index.ts';

export type SealGroup = (url: string, recipients: readonly string[], settings: GroupDigestSettings) => Promise<EncryptedGroupAddress>;

/** An account whose address must be encrypted before any YAML is shown. */
export function mustSeal(account: AccountInput, privacy: RegistrySettings['privacy']): boolean {
  return (
    privacy.contacts === 'encrypted' &&
    account.url !== undefined &&
    account.role !== undefined &&
    isHiddenGroup(account as Parameters<typeof isHiddenGroup>[0])
  );
}

/**
 * Accounts with every hidden group's `url` replaced by `url_age` + `url_digest` (in
 * encrypted mode). `loadSeal` is called only when there is such a group.
 */
export async function sealHiddenGroups(
  accounts: readonly AccountInput[],
  privacy: RegistrySettings['privacy'],
  loadSeal: () => Promise<SealGroup>,
): Promise<AccountInput[]> {
  if (!accounts.some((a) => mustSeal(a, privacy))) return accounts.map((a) => ({ ...a }));
  const recipients = privacy.recipients ?? (privacy.recipient !== undefined ? [privacy.recipient] : []);
  const digest = privacy.group_digest;
  if (recipients.length === 0 || !digest) {
    throw new Error(
      'Danh bạ chưa có khoá công khai hoặc cách tính dấu vân tay nhóm ẩn (privacy.recipient, privacy.group_digest trong registry.yaml), nên chưa mã hoá được địa chỉ nhóm ẩn. Hãy báo LĐLĐ tỉnh.',
    );
  }
  const sealer = await loadSeal();
  return Promise.all(
    accounts.map(async (account) => {
      if (!mustSeal(account, privacy)) return { ...account };
      const { url, ...rest } = account;
      const sealed = await sealer(url!, recipients, digest);
      return { ...rest, url_age: sealed.url_age, url_digest: sealed.url_digest };
    }),
  );
}

/** Fails closed: no YAML is ever rendered with admins or a hidden group's address in clear in an encrypted registry. */
export function assertProtected(accounts: readonly AccountInput[], privacy: RegistrySettings['privacy']): void {
  if (privacy.contacts === 'encrypted' && accounts.some((a) => a.admins !== undefined)) {
    throw new Error('Contacts must be encrypted before any YAML is written (protectContacts).');
  }
  if (accounts.some((a) => mustSeal(a, privacy)))
    throw new Error('Hidden groups must be encrypted before any YAML is written (sealHiddenGroups).');
}
