/**
 * The rules of docs/registry-format.md ("Validation rules") that one account needs with
 * the settings alone; they run with each file's own check (file-result.ts). Pure: no I/O,
 * so the CLI, the Astro build, the tests and the browser form all run the same checks.
 * Every check returns problems with a path; positions are added later, only for the
 * files that have problems. The rules across files are in cross-file.ts.
 */
import { canonicalize, type CanonicalResult } from './facebook-url.ts';
import { checkUnitLinks, futureMessage, subpageMessage, type CheckContext } from './cross-file.ts';
import { digestKey, digestMatchesSettings } from './group-digest.ts';
import { AGE_ARMOR_BEGIN, AGE_ARMOR_END, type Account, type RegistrySettings, type UnitData } from '../schema/index.ts';
import { isHiddenGroup } from './model.ts';
import type { PathProblem } from './problems.ts';
import { checkAccountIds } from './account-ids.ts';

export type { CheckContext };

const PHONE = /^(?:0|\+84)\d{9,10}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>".]+(?:\.[^\s@<>".]+)+$/;

export function isVietnamesePhone(phone: string): boolean {
  return PHONE.test(phone.replace(/[\s.-]/g, ''));
}

export function isEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

/**
 * Well-formed age armor whose header is complete (`age-encryption.org/v1`, the stanzas, the
 * `---` MAC line). A payload cut short inside the body can only be caught with the key.
 */
export function isAgeArmor(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith(AGE_ARMOR_BEGIN) || !trimmed.endsWith(AGE_ARMOR_END)) return false;
  const body = trimmed.slice(AGE_ARMOR_BEGIN.length, -AGE_ARMOR_END.length).replace(/\s+/g, '');
  if (body.length < 100 || body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  let header: string;
  try {
    header = atob(body.slice(0, Math.min(body.length, 1024)));
  } catch {
    return false;
  }
  return header.startsWith('age-encryption.org/v1\n') && header.includes('\n--- ');
}

/** Checks one account against the settings; used by `checkUnit` and by the registration form. */
export function checkAccount(account: Account, index: number, ctx: Pick<CheckContext, 'settings' | 'today'> & Partial<Pick<CheckContext, 'canonical'>>): PathProblem[] {
  const problems: PathProblem[] = [];
  const at = (...rest: (string | number)[]) => ['accounts', index, ...rest];
  const error = (path: (string | number)[], rule: PathProblem['rule'], message: string, where?: PathProblem['at']) =>
    problems.push({ path, rule, severity: 'error', message, at: where });

  const canonical = account.url === undefined ? undefined : (ctx.canonical ?? canonicalize)(account.url);
  problems.push(...checkEncryptedGroup(account, index, ctx.settings, canonical));
  // Former addresses through canonicalize itself: ctx.canonical may answer for this account's url only.
  problems.push(...checkAccountIds(account, index, canonical, canonicalize, ctx.settings?.privacy.contacts === 'encrypted'));
  if (canonical === undefined) {
    // The address is in url_age: checkEncryptedGroup has said all there is to say.
  } else if (!canonical.ok) {
    error(at('url'), canonical.rule, canonical.message);
  } else {
    if (canonical.subpage) {
      error(at('url'), 'url-not-account', subpageMessage(canonical));
    }
    const isGroup = canonical.kind === 'group';
    if (account.role === 'group' && !isGroup) {
      error(at('url'), 'url-role', 'Tài khoản loại group (nhóm đoàn viên) phải có địa chỉ nhóm, dạng https://www.facebook.com/groups/… . Nếu đây là trang của đơn vị, hãy đổi role thành unit.');
    } else if (account.role !== 'group' && isGroup) {
      error(at('role'), 'url-role', 'Địa chỉ này là một nhóm Facebook. Hãy đặt role là group (nhóm đoàn viên), hoặc dán địa chỉ trang/tài khoản của đơn vị.');
    }
    if (account.visibility !== undefined && !isGroup) {
      error(at('visibility'), 'url-role', 'Chỉ nhóm mới có chế độ hiển thị (visibility). Hãy xoá dòng visibility của trang hoặc tài khoản này.', 'key');
    }
  }

  const follow = ctx.settings?.follow;
  if (follow && account.follows) {
    const known = followIds(follow);
    account.follows.forEach((id, j) => {
      if (!known.has(id)) {
        error(at('follows', j), 'follows-unknown', `"${id}" không phải là trang cần kết nối. Các mã hợp lệ: ${[...known].join(', ')}.`);
      }
    });
  }

  if (account.until !== undefined && account.until < account.since) {
    error(at('until'), 'date-order', `Ngày thôi là kênh chính thức (${account.until}) đứng trước ngày đăng ký (${account.since}). Hãy kiểm tra lại hai ngày này.`);
  }
  for (const field of ['since', 'until', 'checked'] as const) {
    const value = account[field];
    if (value !== undefined && value > ctx.today) error(at(field), 'date-order', futureMessage(value));
  }

  const mode = ctx.settings?.privacy.contacts;
  if (account.admins !== undefined) {
    if (mode === 'encrypted') {
      error(at('admins'), 'contacts-plaintext', 'Danh bạ này yêu cầu mã hoá thông tin người quản trị, nhưng admins đang ghi rõ. Hãy dùng biểu mẫu đăng ký (tự mã hoá) hoặc lệnh npm run contacts -- encrypt, rồi xoá admins.', 'key');
    } else {
      account.admins.forEach((admin, j) => {
        if (admin.phone !== undefined && !isVietnamesePhone(admin.phone)) {
          error(at('admins', j, 'phone'), 'contact-format', `Số điện thoại "${admin.phone}" không đúng dạng số Việt Nam: bắt đầu bằng 0 hoặc +84, tiếp theo 9–10 chữ số. Nhớ đặt số trong dấu ngoặc kép.`);
        }
        if (admin.email !== undefined && !isEmail(admin.email)) {
          error(at('admins', j, 'email'), 'contact-format', `Email "${admin.email}" không hợp lệ. Hãy viết đủ dạng ten@mien.vn.`);
        }
      });
    }
  }
  if (account.admins_age !== undefined && !isAgeArmor(account.admins_age)) {
    error(at('admins_age'), 'contacts-encrypted-format', `admins_age phải là nội dung mã hoá age đầy đủ, từ dòng ${AGE_ARMOR_BEGIN} đến dòng ${AGE_ARMOR_END}. Hãy tạo lại bằng biểu mẫu đăng ký hoặc lệnh npm run contacts -- encrypt.`);
  }
  return problems;
}

const REDO = 'Hãy tạo lại bằng biểu mẫu đăng ký hoặc lệnh npm run contacts -- encrypt.';

/**
 * A hidden group's address in encrypted mode (docs/privacy.md): never `url:`, always
 * `url_age` (the address, encrypted to the registry's recipients) with `url_digest`
 * (its digest, made with the registry's `privacy.group_digest`).
 */
function checkEncryptedGroup(account: Account, index: number, settings: RegistrySettings | undefined, canonical: CanonicalResult | undefined): PathProblem[] {
  const problems: PathProblem[] = [];
  const at = (field: string) => ['accounts', index, field];
  const error = (field: string, rule: PathProblem['rule'], message: string, where?: PathProblem['at']) => problems.push({ path: at(field), rule, severity: 'error', message, at: where });
  const hasAge = account.url_age !== undefined;
  const hasDigest = account.url_digest !== undefined;
  // A page's address on a "group" is a url-role mistake, not a secret; anything else may be the group's address.
  const maybeGroup = canonical === undefined || !canonical.ok || canonical.kind === 'group';
  if (settings?.privacy.contacts === 'encrypted' && account.url !== undefined && isHiddenGroup(account) && maybeGroup) {
    error('url', 'hidden-group-plaintext', 'Đây là nhóm ẩn, nhưng địa chỉ của nhóm đang ghi rõ (url) trong một kho công khai: ai cũng đọc được. Hãy đăng ký nhóm qua biểu mẫu trên trang web (mục Đăng ký, tự mã hoá địa chỉ), hoặc chạy npm run contacts -- encrypt, để thay url bằng url_age và url_digest.', 'key');
  }
  if (settings?.privacy.contacts === 'encrypted' && account.fb_id !== undefined && isHiddenGroup(account)) {
    // A group's numeric id is its address (facebook.com/groups/<id>).
    error('fb_id', 'hidden-group-plaintext', 'Mã số Facebook (fb_id) của nhóm ẩn chính là địa chỉ của nhóm, nên không được ghi rõ trong kho công khai. Hãy xoá dòng fb_id; địa chỉ nhóm đã được mã hoá trong url_age.', 'key');
  }
  if (!hasAge && !hasDigest) return problems;
  if (!isHiddenGroup(account)) {
    error(hasAge ? 'url_age' : 'url_digest', 'group-encrypted-format', 'Chỉ nhóm ẩn (role: group, visibility: hidden) mới được mã hoá địa chỉ. Với trang, tài khoản hay nhóm công khai/riêng tư, hãy ghi địa chỉ rõ trong url và xoá url_age, url_digest.', 'key');
    return problems;
  }
  if (account.url !== undefined) {
    error(hasAge ? 'url_age' : 'url_digest', 'group-encrypted-format', 'Nhóm này vừa có url ghi rõ vừa có địa chỉ mã hoá. Hãy giữ một cách: trong danh bạ mã hoá, xoá dòng url; trong kho riêng (plaintext), xoá url_age và url_digest.', 'key');
  }
  if (hasAge !== hasDigest) {
    error(hasAge ? 'url_age' : 'url_digest', 'group-encrypted-format', `url_age và url_digest luôn đi cùng nhau: thiếu ${hasAge ? 'url_digest' : 'url_age'}. ${REDO}`, 'key');
  }
  if (hasAge && !isAgeArmor(account.url_age!)) {
    error('url_age', 'group-encrypted-format', `url_age phải là nội dung mã hoá age đầy đủ, từ dòng ${AGE_ARMOR_BEGIN} đến dòng ${AGE_ARMOR_END}. ${REDO}`);
  }
  if (hasDigest && settings && !digestMatchesSettings(account.url_digest!, settings.privacy.group_digest)) {
    error('url_digest', 'group-encrypted-format', settings.privacy.group_digest
      ? `url_digest không được tính theo privacy.group_digest của registry.yaml (muối hoặc số vòng khác), nên không so được với nhóm khác và trang Kiểm tra không nhận ra nhóm. ${REDO}`
      : 'registry.yaml chưa có privacy.group_digest (muối và số vòng) nên url_digest không kiểm tra được. Hãy chạy npm run contacts -- encrypt để tạo, hoặc chép lại đúng cấu hình của danh bạ.');
  }
  return problems;
}

/** The key the duplicate rule knows an account by: its canonical address, or its digest when the address is encrypted. */
export function accountKey(account: Account, canonical: CheckContext['canonical']): string | null {
  if (account.url !== undefined) {
    const c = canonical(account.url);
    return c.ok ? c.key : null;
  }
  return account.url_digest !== undefined ? digestKey(account.url_digest) : null;
}

/** The ids of the pages to follow, worked out once per settings (each account asks). */
const FOLLOW_IDS = new WeakMap<RegistrySettings['follow'], ReadonlySet<string>>();
function followIds(follow: RegistrySettings['follow']): ReadonlySet<string> {
  let ids = FOLLOW_IDS.get(follow);
  if (!ids) FOLLOW_IDS.set(follow, (ids = new Set(follow.map((f) => f.id))));
  return ids;
}


/** Every rule one unit can be checked against without the other files' data: for the registration form. */
export function checkUnit(unit: { id: string; data: UnitData }, ctx: CheckContext): PathProblem[] {
  const problems = checkUnitLinks({ id: unit.id, unit: unit.data }, ctx);
  unit.data.accounts?.forEach((account, i) => problems.push(...checkAccount(account, i, ctx)));
  return problems;
}
