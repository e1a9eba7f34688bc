/**
 * Cross-file rules of docs/registry-format.md ("Validation rules"). Pure: no I/O,
 * so the CLI, the Astro build, the tests and the browser form all run the same checks.
 * Every check returns problems with a path; positions are added later, only for the
 * files that have problems.
 */
import { accountUrl, canonicalize, type CanonicalOk, type CanonicalResult } from './facebook-url.ts';
import { digestKey, digestMatchesSettings } from './group-digest.ts';
import { AGE_ARMOR_BEGIN, AGE_ARMOR_END, type Account, type RegistrySettings, type ReportedAccount, type UnitData } from '../schema/index.ts';
import { isCurrent, isHiddenGroup } from './model.ts';
import { checkAccountIds, checkIdsAcrossUnits } from './account-ids.ts';
import type { PathProblem } from './yaml.ts';

export interface UnitEntry {
  id: string;
  file: string;
  data: UnitData;
  /** The canonical key of each account's address, when already worked out (null: not an account). */
  accountKeys?: readonly (string | null)[];
}

export interface CheckContext {
  settings: RegistrySettings | undefined;
  /** Every unit id that has a file, valid or not (so one broken file does not cascade into "parent missing"). */
  knownIds: ReadonlySet<string>;
  levelOf: (id: string) => string | undefined;
  today: string;
  /** How addresses are canonicalised (`canonicalize`, which remembers its results). */
  canonical: (url: string) => CanonicalResult;
}

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
  problems.push(...checkAccountIds(account, index, canonical, ctx.canonical ?? canonicalize, ctx.settings?.privacy.contacts === 'encrypted'));
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

function subpageMessage(canonical: CanonicalOk): string {
  return `Đây là địa chỉ của một bài viết hoặc mục con, không phải của trang. Hãy ghi địa chỉ của chính trang hoặc nhóm: ${accountUrl(canonical)}`;
}

/**
 * Two spellings of one username (periods, capitals) are one Facebook address; say so,
 * since the registry shows them as different text. Undefined when the spelling is the same.
 */
function spellingNote(first: string | undefined, second: string, canonical: CheckContext['canonical']): string | undefined {
  if (first === undefined) return undefined;
  const a = canonical(first);
  const b = canonical(second);
  if (!a.ok || !b.ok || a.typed === undefined || b.typed === undefined || a.typed === b.typed) return undefined;
  return ` Facebook không phân biệt dấu chấm và chữ hoa, chữ thường trong tên tài khoản: "${a.typed}" và "${b.typed}" là cùng một địa chỉ, facebook.com/${a.value}.`;
}

function futureMessage(date: string): string {
  return `Ngày ${date} nằm trong tương lai. Chỉ ghi những việc đã xảy ra; hãy kiểm tra lại năm, tháng và ngày.`;
}

/** Rules that need only this unit and the registry's settings and ids. */
/** `accounts: false` when the accounts were already checked (by a worker thread, see parallel.ts). */
export function checkUnit(unit: UnitEntry, ctx: CheckContext, options: { accounts: boolean } = { accounts: true }): PathProblem[] {
  const problems: PathProblem[] = [];
  const { data } = unit;
  const error = (path: (string | number)[], rule: PathProblem['rule'], message: string) => problems.push({ path, rule, severity: 'error', message });
  const levels = ctx.settings?.levels;
  const level = levels?.find((l) => l.id === data.level);
  if (levels && !level) {
    error(['level'], 'level-unknown', `Cấp "${data.level}" không có trong registry.yaml. Hãy chọn một trong: ${levels.map((l) => l.id).join(', ')}.`);
  }
  if (data.parent !== undefined) {
    if (data.parent === unit.id) {
      error(['parent'], 'parent-cycle', 'Đơn vị không thể là công đoàn cấp trên của chính nó. Hãy ghi mã của công đoàn cấp trên trực tiếp.');
    } else if (!ctx.knownIds.has(data.parent)) {
      error(['parent'], 'parent-missing', `Không tìm thấy đơn vị cấp trên "${data.parent}". Hãy kiểm tra mã (tên tệp, không có đuôi .yaml) của công đoàn cấp trên, hoặc đăng ký đơn vị đó trước.`);
    } else if (level) {
      const parentLevel = ctx.levelOf(data.parent);
      const allowed = level.under ?? [];
      // A parent whose own level is unknown is reported on the parent, not on every child.
      const parentLevelKnown = parentLevel !== undefined && levels?.some((l) => l.id === parentLevel) === true;
      if (parentLevelKnown && !allowed.includes(parentLevel)) {
        const names = allowed.length > 0 ? allowed.join(', ') : 'không có (đây là cấp cao nhất)';
        error(['parent'], 'level-parent', `Đơn vị cấp "${data.level}" không thể trực thuộc một đơn vị cấp "${parentLevel}". Cấp trên được phép: ${names}.`);
      }
    }
  }
  if (data.successor !== undefined && !ctx.knownIds.has(data.successor)) {
    error(['successor'], 'successor-missing', `Không tìm thấy đơn vị kế thừa "${data.successor}". Hãy đăng ký đơn vị đó trước, hoặc xoá dòng successor.`);
  }
  if (data.dissolved !== undefined && data.dissolved > ctx.today) error(['dissolved'], 'date-order', futureMessage(data.dissolved));
  if (options.accounts) data.accounts?.forEach((account, i) => problems.push(...checkAccount(account, i, ctx)));
  return problems;
}

export interface FileProblems {
  file: string;
  problems: PathProblem[];
}

/** Rules across the whole registry: root, cycles, duplicate accounts, reported pages, settings references. */
export function checkRegistry(
  settings: RegistrySettings | undefined,
  units: readonly UnitEntry[],
  reported: readonly ReportedAccount[] | undefined,
  ctx: CheckContext,
  files: { settings: string; reported: string },
  /** `units` by id, when the caller has it already. */
  byId: ReadonlyMap<string, UnitEntry> = new Map(units.map((u) => [u.id, u])),
): FileProblems[] {
  const out = new Map<string, PathProblem[]>();
  const add = (file: string, problem: PathProblem) => {
    const list = out.get(file);
    if (list) list.push(problem);
    else out.set(file, [problem]);
  };

  if (settings) {
    const levelIds = new Set(settings.levels.map((l) => l.id));
    settings.levels.forEach((level, i) => {
      level.under?.forEach((under, j) => {
        if (!levelIds.has(under)) {
          add(files.settings, { path: ['levels', i, 'under', j], rule: 'level-unknown', severity: 'error', message: `Cấp "${under}" không được khai báo trong levels. Hãy thêm cấp đó hoặc sửa lại mã.` });
        }
      });
    });
    reportDuplicateIds(settings.levels.map((l) => l.id), (i, id) =>
      add(files.settings, { path: ['levels', i, 'id'], rule: 'duplicate-id', severity: 'error', message: `Mã cấp "${id}" bị khai báo hai lần. Mỗi cấp cần một mã riêng.` }));
    reportDuplicateIds(settings.follow.map((f) => f.id), (i, id) =>
      add(files.settings, { path: ['follow', i, 'id'], rule: 'duplicate-id', severity: 'error', message: `Mã trang "${id}" bị khai báo hai lần. Mỗi trang cần một mã riêng.` }));
    settings.follow.forEach((page, i) => {
      const canonical = ctx.canonical(page.url);
      if (!canonical.ok) add(files.settings, { path: ['follow', i, 'url'], rule: canonical.rule, severity: 'error', message: canonical.message });
      else if (canonical.subpage) add(files.settings, { path: ['follow', i, 'url'], rule: 'url-not-account', severity: 'error', message: subpageMessage(canonical) });
    });
    const { recipient, recipients } = settings.privacy;
    if (recipient !== undefined && recipients !== undefined) {
      add(files.settings, { path: ['privacy', 'recipients'], rule: 'schema', severity: 'error', at: 'key', message: 'Chỉ dùng một trong hai: privacy.recipient (một khoá) hoặc privacy.recipients (danh sách khoá). Hãy chuyển khoá của recipient vào danh sách recipients rồi xoá dòng recipient.' });
    }
    if (settings.privacy.contacts === 'encrypted' && recipient === undefined && recipients === undefined) {
      add(files.settings, { path: ['privacy'], rule: 'schema', severity: 'error', message: 'Chế độ encrypted cần khoá công khai: hãy thêm privacy.recipient (age1…), hoặc chuyển sang plaintext nếu đây là kho riêng.' });
    }
    if (settings.privacy.contacts === 'plaintext' && (recipient !== undefined || recipients !== undefined)) {
      add(files.settings, { path: ['privacy', recipient !== undefined ? 'recipient' : 'recipients'], rule: 'schema', severity: 'error', message: 'Chế độ plaintext không dùng khoá công khai: hãy xoá privacy.recipient, hoặc chuyển sang encrypted.' });
    }

    // Root: exactly one unit without parent, and it is `root`.
    const rootUnit = byId.get(settings.root);
    if (!ctx.knownIds.has(settings.root)) {
      add(files.settings, { path: ['root'], rule: 'root', severity: 'error', message: `Không có tệp cho đơn vị gốc "${settings.root}". Hãy tạo units/${settings.root}.yaml hoặc sửa lại mã root.` });
    } else if (rootUnit?.data.parent !== undefined) {
      add(rootUnit.file, { path: ['parent'], rule: 'root', severity: 'error', message: `Đây là đơn vị gốc của danh bạ (root trong registry.yaml), nên không có đơn vị cấp trên. Hãy xoá dòng parent.` });
    }
    for (const unit of units) {
      if (unit.data.parent === undefined && unit.id !== settings.root) {
        add(unit.file, { path: ['parent'], rule: 'root', severity: 'error', message: `Thiếu đơn vị cấp trên (parent). Chỉ đơn vị gốc "${settings.root}" mới không có cấp trên; hãy thêm dòng parent với mã công đoàn cấp trên trực tiếp.`, at: 'key' });
      }
    }
  }

  // Cycles longer than one step (a unit that is its own parent is reported by checkUnit).
  const state = new Map<string, 1 | 2>();
  const trail: string[] = [];
  for (const start of units) {
    // Between walks every unit seen is done (2): nothing to follow from it.
    if (state.has(start.id)) continue;
    trail.length = 0;
    let id: string | undefined = start.id;
    while (id !== undefined && state.get(id) === undefined) {
      state.set(id, 1);
      trail.push(id);
      const parent: string | undefined = byId.get(id)?.data.parent;
      id = parent === id ? undefined : parent;
    }
    if (id !== undefined && state.get(id) === 1) {
      const cycle = trail.slice(trail.indexOf(id));
      // Name at most a few members: the message of each member must not grow with the cycle.
      const shown = cycle.length <= 6 ? [...cycle, cycle[0]].join(' → ') : `${cycle.slice(0, 5).join(' → ')} → … (${cycle.length} đơn vị)`;
      for (const member of cycle) {
        const unit = byId.get(member);
        if (unit) add(unit.file, { path: ['parent'], rule: 'parent-cycle', severity: 'error', message: `Quan hệ cấp trên bị vòng lặp: ${shown}. Hãy sửa parent để mỗi đơn vị có một chuỗi cấp trên dẫn tới đơn vị gốc.` });
      }
    }
    for (const member of trail) state.set(member, 2);
  }

  // One account, two current owners. Units are visited in id order, so "the second" is stable.
  const followKeys = new Set<string>();
  for (const page of settings?.follow ?? []) {
    const canonical = ctx.canonical(page.url);
    if (canonical.ok) followKeys.add(canonical.key);
  }
  const owners = new Map<string, string>();
  /** The address each owner wrote, to explain a collision between two spellings. */
  const ownerUrls = new Map<string, string>();
  for (const unit of units) {
    unit.data.accounts?.forEach((account, i) => {
      if (!isCurrent(account, unit.data, ctx.today)) return;
      const key = unit.accountKeys ? (unit.accountKeys[i] ?? null) : accountKey(account, ctx.canonical);
      if (key === null) return;
      const first = owners.get(key);
      if (first === undefined) {
        owners.set(key, unit.id);
        if (account.url !== undefined) ownerUrls.set(key, account.url);
      } else if (account.url === undefined) {
        // Compared by digest: the same hidden group, though nobody here can read its address.
        add(unit.file, { path: ['accounts', i, 'url_digest'], rule: 'duplicate-account', severity: 'error', message: `Nhóm ẩn này (cùng url_digest) đã được đăng ký cho đơn vị "${first}". Một nhóm chỉ thuộc một đơn vị: hãy kiểm tra lại địa chỉ nhóm, hoặc ghi until cho bản đăng ký cũ.` });
      } else {
        const spelling = spellingNote(ownerUrls.get(key), account.url, ctx.canonical) ?? '';
        add(unit.file, { path: ['accounts', i, 'url'], rule: 'duplicate-account', severity: 'error', message: `Tài khoản này đã được đăng ký cho đơn vị "${first}".${spelling} Một tài khoản chỉ thuộc một đơn vị: hãy kiểm tra lại địa chỉ, hoặc ghi until cho bản đăng ký cũ.` });
      }
    });
  }

  // fb_id and former addresses (account-ids.ts).
  checkIdsAcrossUnits(units, ctx.today, owners, (unit, i) => unit.accountKeys ? (unit.accountKeys[i] ?? null) : accountKey(unit.data.accounts![i]!, ctx.canonical), ctx.canonical, add);

  reported?.forEach((entry, i) => {
    const canonical = ctx.canonical(entry.url);
    if (!canonical.ok) {
      add(files.reported, { path: [i, 'url'], rule: canonical.rule, severity: 'error', message: canonical.message });
    } else if (owners.has(canonical.key) || followKeys.has(canonical.key)) {
      const owner = owners.get(canonical.key);
      add(files.reported, { path: [i, 'url'], rule: 'reported-official', severity: 'error', message: owner !== undefined
        ? `Địa chỉ này đang là tài khoản chính thức của "${owner}". Nếu tài khoản đã bị chiếm, hãy ghi until cho tài khoản đó trước khi báo cáo giả mạo.`
        : 'Địa chỉ này là một trang cần theo dõi trong registry.yaml (follow), nên không thể là trang giả mạo. Hãy kiểm tra lại địa chỉ.' });
    }
    if (!ctx.knownIds.has(entry.impersonates)) {
      add(files.reported, { path: [i, 'impersonates'], rule: 'reported-unit-missing', severity: 'error', message: `Không tìm thấy đơn vị "${entry.impersonates}". Hãy ghi mã của đơn vị bị giả mạo.` });
    }
    if (entry.reported > ctx.today) add(files.reported, { path: [i, 'reported'], rule: 'date-order', severity: 'error', message: futureMessage(entry.reported) });
  });

  return [...out].map(([file, problems]) => ({ file, problems }));
}

function reportDuplicateIds(ids: readonly string[], report: (index: number, id: string) => void): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) report(i, id);
    seen.add(id);
  });
}
