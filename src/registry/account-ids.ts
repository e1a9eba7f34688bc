/**
 * The other keys an account is known by besides its address (docs/registry-format.md):
 * its permanent numeric id (`fb_id`, the "page_id") and the addresses it had
 * before a rename (`former_urls`). Both are unique across the registry like addresses.
 * Pure, like checks.ts which calls these.
 */
import type { Account } from '../schema/index.ts';
import type { UnitEntry } from './cross-file.ts';
import type { CanonicalResult } from './facebook-url.ts';
import { isCurrent, isHiddenGroup } from './model.ts';
import type { PathProblem } from './problems.ts';

/** The canonical key of an account's numeric id, as `canonicalize` gives for profile.php?id=… . */
export function fbIdKey(account: Pick<Account, 'fb_id'>): string | null {
  return account.fb_id === undefined ? null : `id:${account.fb_id}`;
}

/** Per account: an fb_id that contradicts the url's own id, and former addresses that are not account addresses. */
export function checkAccountIds(account: Account, index: number, canonical: CanonicalResult | undefined, canon: (url: string) => CanonicalResult, encrypted: boolean): PathProblem[] {
  const problems: PathProblem[] = [];
  const idKey = fbIdKey(account);
  if (idKey !== null && canonical?.ok && canonical.key.startsWith('id:') && canonical.key !== idKey) {
    problems.push({ path: ['accounts', index, 'fb_id'], rule: 'fb-id-mismatch', severity: 'error', message: `fb_id "${account.fb_id}" khác với mã số trong địa chỉ (${canonical.key.slice(3)}). Một tài khoản chỉ có một mã số: hãy sửa fb_id cho đúng với địa chỉ, hoặc xoá dòng fb_id.` });
  }
  if (encrypted && isHiddenGroup(account) && account.former_urls !== undefined) {
    problems.push({ path: ['accounts', index, 'former_urls'], rule: 'hidden-group-plaintext', severity: 'error', at: 'key', message: 'Địa chỉ cũ của nhóm ẩn cũng là bí mật, nên không được ghi rõ trong kho công khai. Hãy xoá former_urls của nhóm này.' });
    return problems;
  }
  account.former_urls?.forEach((url, j) => {
    const former = canon(url);
    const at = ['accounts', index, 'former_urls', j];
    if (!former.ok) problems.push({ path: at, rule: former.rule, severity: 'error', message: former.message });
    else if (former.subpage) problems.push({ path: at, rule: 'url-not-account', severity: 'error', message: 'Địa chỉ cũ phải là địa chỉ của trang, tài khoản hoặc nhóm, không phải một bài viết hay mục con. Hãy ghi địa chỉ trang như trước khi đổi tên.' });
    else if (canonical?.ok && former.key === canonical.key) problems.push({ path: at, rule: 'duplicate-account', severity: 'error', message: 'Địa chỉ cũ này chính là địa chỉ hiện tại (url) của tài khoản. Hãy xoá nó khỏi former_urls.' });
  });
  return problems;
}

/**
 * Across files, after the address duplicates: a current account's fb_id taken by another
 * current account (by its fb_id or its address), and an address registered as current
 * while it is a released name of another unit's current account.
 * `owners`: address key → unit id of each current account, from checkRegistry.
 */
export function checkIdsAcrossUnits(
  units: readonly UnitEntry[],
  today: string,
  owners: ReadonlyMap<string, string>,
  add: (file: string, problem: PathProblem) => void,
): void {
  const idOwners = new Map<string, string>();
  /** Former address key → the unit that released it. */
  const released = new Map<string, string>();
  for (const { id, file, unit } of units) {
    unit.accounts?.forEach((account, i) => {
      if (!isCurrent(account, unit, today)) return;
      for (const key of account.formerKeys ?? []) if (!released.has(key)) released.set(key, id);
      const idKey = account.idKey;
      if (idKey === undefined || idKey === account.key) return;
      const first = owners.get(idKey) ?? idOwners.get(idKey);
      if (first !== undefined) {
        add(file, { path: ['accounts', i, 'fb_id'], rule: 'duplicate-account', severity: 'error', message: `Mã số Facebook ${idKey.slice(3)} đã được đăng ký cho đơn vị "${first}" (một tài khoản đổi tên vẫn giữ mã số). Một tài khoản chỉ thuộc một đơn vị: hãy kiểm tra lại fb_id, hoặc ghi until cho bản đăng ký cũ.` });
      } else {
        idOwners.set(idKey, id);
      }
    });
  }
  if (released.size === 0) return;
  for (const { id, file, unit } of units) {
    unit.accounts?.forEach((account, i) => {
      if (!isCurrent(account, unit, today)) return;
      for (const key of [account.key, account.idKey ?? null]) {
        const owner = key === null ? undefined : released.get(key);
        if (owner === undefined || owner === id) continue;
        add(file, { path: ['accounts', i, key === account.key ? 'url' : 'fb_id'], rule: 'duplicate-account', severity: 'error', message: `Địa chỉ này là tên cũ mà đơn vị "${owner}" đã bỏ khi đổi tên trang (former_urls). Ai cũng có thể lấy lại một tên đã bỏ, nên địa chỉ này không được đăng ký cho đơn vị khác. Hãy kiểm tra lại địa chỉ trang của đơn vị mình.` });
        break;
      }
    });
  }
}
