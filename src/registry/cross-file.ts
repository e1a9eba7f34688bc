/**
 * The rules across files of docs/registry-format.md ("Validation rules"): parents and
 * levels, successors, the root, cycles, one owner per account, reported pages, the
 * settings' own references. Pure: no I/O. They read a unit only through `CrossFileUnit`,
 * which is also all that crosses from the worker threads (file-result.ts), so a rule
 * that needs another field has to declare it there first.
 */
import { accountUrl, type CanonicalOk, type CanonicalResult } from './facebook-url.ts';
import type { Account, RegistrySettings, ReportedAccount, UnitData } from '../schema/index.ts';
import { checkIdsAcrossUnits } from './account-ids.ts';
import { isCurrent } from './model.ts';
import type { PathProblem } from './problems.ts';

/** What the rules across files read of an account: its address (to explain two spellings), its end, and its keys. */
export type CrossFileAccount = Pick<Account, 'url' | 'until'> & {
  /** The canonical key of its address, or its digest when encrypted (null: not an account). */
  key: string | null;
  /** `id:<fb_id>` when the account states its numeric id. */
  idKey?: string;
  /** The canonical keys of its valid `former_urls`. */
  formerKeys?: string[];
};

/** Exactly the fields of a unit that the rules across files read. */
export type CrossFileUnit = Pick<UnitData, 'level' | 'parent' | 'successor' | 'dissolved'> & { accounts?: CrossFileAccount[] };

export interface UnitEntry {
  id: string;
  file: string;
  unit: CrossFileUnit;
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

export function subpageMessage(canonical: CanonicalOk): string {
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

export function futureMessage(date: string): string {
  return `Ngày ${date} nằm trong tương lai. Chỉ ghi những việc đã xảy ra; hãy kiểm tra lại năm, tháng và ngày.`;
}

/** Rules that need only this unit and the registry's settings and ids (its accounts are checked with the file). */
export function checkUnitLinks(entry: { id: string; unit: Omit<CrossFileUnit, 'accounts'> }, ctx: CheckContext): PathProblem[] {
  const problems: PathProblem[] = [];
  const data = entry.unit;
  const error = (path: (string | number)[], rule: PathProblem['rule'], message: string) => problems.push({ path, rule, severity: 'error', message });
  const levels = ctx.settings?.levels;
  const level = levels?.find((l) => l.id === data.level);
  if (levels && !level) {
    error(['level'], 'level-unknown', `Cấp "${data.level}" không có trong registry.yaml. Hãy chọn một trong: ${levels.map((l) => l.id).join(', ')}.`);
  }
  if (data.parent !== undefined) {
    if (data.parent === entry.id) {
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
    } else if (rootUnit?.unit.parent !== undefined) {
      add(rootUnit.file, { path: ['parent'], rule: 'root', severity: 'error', message: `Đây là đơn vị gốc của danh bạ (root trong registry.yaml), nên không có đơn vị cấp trên. Hãy xoá dòng parent.` });
    }
    for (const unit of units) {
      if (unit.unit.parent === undefined && unit.id !== settings.root) {
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
      const parent: string | undefined = byId.get(id)?.unit.parent;
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
    unit.unit.accounts?.forEach((account, i) => {
      if (!isCurrent(account, unit.unit, ctx.today)) return;
      const { key } = account;
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

  // Numeric ids and released names (account-ids.ts).
  checkIdsAcrossUnits(units, ctx.today, owners, add);

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
