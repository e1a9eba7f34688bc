/**
 * "Is this Facebook address official?" — one answer for the CLI and the site.
 * Messages do not start with the verdict's title: both the CLI and the site print it above.
 *
 * The registry is turned into facts keyed by canonical account key. The CLI keeps
 * them in memory; the site ships them as small shards keyed by SHA-256 (see
 * `lookup-index.ts`). Both call `answerLookup`, so they say exactly the same thing.
 * Pure: no Node or Astro import.
 */
import { canonicalize } from '../registry/facebook-url.ts';
import type { Registry } from '../registry/model.ts';
import { isCurrent, isHiddenGroup } from '../registry/model.ts';
import type { Role } from '../schema/account.ts';
import { formatDate } from './dates.ts';
import { digestKey } from '../registry/digest-key.ts';
import { lastConfirmed, overdueAccounts, recheckMonths } from './recheck.ts';
import { fbIdKey } from '../registry/account-ids.ts';
import { addRenamed, answerRenamed } from './lookup-renamed.ts';

export const LOOKUP_STATUSES = ['official', 'former', 'reported', 'unknown', 'invalid'] as const;
export type LookupStatus = (typeof LOOKUP_STATUSES)[number];

export interface UnitRef {
  id: string;
  name: string;
}

/** A public address a person can follow instead (never a hidden group). */
export interface PublicAccount {
  role: Role;
  name: string;
  url: string;
}

/** One fact the registry knows about an account key. Carries no address: the key is the address. */
export type LookupFact =
  | {
      kind: 'account';
      unit: UnitRef;
      role: Role;
      name: string;
      since: string;
      until: string | null;
      current: boolean;
      hidden: boolean;
      checked?: string;
      overdue?: boolean;
      proof: string | null;
      pendingProof: boolean;
    }
  /** An address the account had before a rename (`former_urls`); `now` is where it is today. */
  | { kind: 'renamed'; unit: UnitRef; role: Role; now: PublicAccount | null }
  | { kind: 'follow'; name: string }
  | { kind: 'reported'; unit: UnitRef; reported: string; note: string | null; realAccounts: PublicAccount[] };

export interface LookupAnswer {
  input: string;
  status: LookupStatus;
  key: string | null;
  unit: UnitRef | null;
  role: Role | 'follow' | null;
  since: string | null;
  until: string | null;
  /** The address was a post or tab of the account: the answer is about the account. */
  subpage: boolean;
  /** For an account: the day it was last confirmed (`checked`, else `since`) and whether that is overdue (src/lib/recheck.ts). */
  checked: string | null;
  overdue: boolean;
  /** For `reported`: where the real unit is. */
  realAccounts: PublicAccount[];
  message: string;
}

/** Every fact, by key. Public accounts only carry what the public site may show. */
export function buildLookupFacts(registry: Registry, today: string): Map<string, LookupFact[]> {
  const facts = new Map<string, LookupFact[]>();
  const add = (key: string, fact: LookupFact) => {
    const list = facts.get(key);
    if (list) list.push(fact);
    else facts.set(key, [fact]);
  };
  for (const page of registry.settings.follow) {
    const canonical = canonicalize(page.url);
    if (canonical.ok) add(canonical.key, { kind: 'follow', name: page.name });
  }
  const months = recheckMonths(registry.settings);
  const requireProof = registry.settings.require_proof === true;
  for (const unit of registry.units) {
    const ref = { id: unit.id, name: unit.name };
    const overdue = new Set(overdueAccounts(unit, today, months).map((a) => a.index));
    for (const [index, account] of (unit.accounts ?? []).entries()) {
      // An encrypted hidden group is known by its digest only (docs/privacy.md).
      const canonical =
        account.url !== undefined
          ? canonicalize(account.url)
          : account.url_digest !== undefined
            ? { ok: true as const, key: digestKey(account.url_digest) }
            : undefined;
      if (!canonical?.ok) continue;
      const current = isCurrent(account, unit, today);
      const until = account.until ?? (unit.dissolved !== undefined && unit.dissolved <= today ? unit.dissolved : undefined);
      const hidden = isHiddenGroup(account);
      const proof = account.proof?.checked ?? null;
      const fact: LookupFact = {
        kind: 'account',
        unit: ref,
        role: account.role,
        name: account.name,
        since: account.since,
        until: until ?? null,
        current,
        hidden,
        checked: lastConfirmed(account),
        overdue: overdue.has(index),
        proof,
        pendingProof: requireProof && proof === null,
      };
      add(canonical.key, fact);
      // The numeric id answers like the address (profile.php?id=…, /people/…/<id>); a hidden group has none in public.
      const idKey = fbIdKey(account);
      if (idKey !== null && idKey !== canonical.key) add(idKey, fact);
      if (!hidden) addRenamed(add, account, ref, current);
    }
  }
  for (const entry of registry.reported) {
    const canonical = canonicalize(entry.url);
    const unit = registry.byId.get(entry.impersonates);
    if (!canonical.ok || !unit) continue;
    add(canonical.key, {
      kind: 'reported',
      unit: { id: unit.id, name: unit.name },
      reported: entry.reported,
      note: entry.note ?? null,
      realAccounts: publicAccounts(unit, today),
    });
  }
  return facts;
}

export function publicAccounts(unit: Registry['units'][number], today: string): PublicAccount[] {
  return (unit.accounts ?? [])
    .filter((a) => isCurrent(a, unit, today) && !isHiddenGroup(a))
    .flatMap((a) => (a.url === undefined ? [] : [{ role: a.role, name: a.name, url: a.url }]));
}

/** "đây là … <unit name>" */
const ROLE_PHRASES: Record<Role, string> = {
  unit: 'trang của',
  chair: 'tài khoản của Chủ tịch',
  group: 'nhóm đoàn viên của',
};

/** The answer for one pasted address, given the facts for its key. */
export function answerFromFacts(
  input: string,
  key: string | null,
  subpage: boolean,
  facts: readonly LookupFact[],
  invalidMessage?: string,
): LookupAnswer {
  const base: LookupAnswer = {
    input,
    status: 'unknown',
    key,
    unit: null,
    role: null,
    since: null,
    until: null,
    checked: null,
    overdue: false,
    subpage,
    realAccounts: [],
    message: '',
  };
  if (key === null)
    return { ...base, status: 'invalid', message: invalidMessage ?? 'Đây không phải địa chỉ của một trang, nhóm hay tài khoản Facebook.' };
  const note = subpage ? ' (Địa chỉ bạn dán là một bài viết hoặc mục con; câu trả lời nói về tài khoản đã đăng nó.)' : '';

  const current = facts.find((f): f is Extract<LookupFact, { kind: 'account' }> => f.kind === 'account' && f.current);
  const follow = facts.find((f): f is Extract<LookupFact, { kind: 'follow' }> => f.kind === 'follow');
  if (current?.pendingProof) {
    return {
      ...base,
      unit: current.unit,
      role: current.role,
      message: `Địa chỉ này đã được gửi đăng ký là ${ROLE_PHRASES[current.role]} ${current.unit.name}, nhưng đang chờ xác minh quyền quản trị: công đoàn chưa thấy mã xác minh trên trang. Cho đến khi được xác minh, hãy coi trang này là chưa chính thức.${note}`,
    };
  }
  if (current) {
    const proofNote = current.proof !== null ? ` Đã xác minh quyền quản trị ngày ${formatDate(current.proof)}.` : '';
    const hiddenNote = current.hidden ? ' Đây là nhóm kín của đoàn viên: chỉ tham gia khi được công đoàn mời.' : '';
    const what = current.hidden ? `nhóm ẩn của đơn vị ${current.unit.name}` : `${ROLE_PHRASES[current.role]} ${current.unit.name}`;
    const checked = current.checked ?? current.since;
    const overdue = current.overdue ?? false;
    const confirmed = ` Xác nhận lần cuối ngày ${formatDate(checked)}.${overdue ? ' Lưu ý: đã quá hạn công đoàn cấp trên xác nhận lại định kỳ; hãy đối chiếu thêm với trang của đơn vị trong danh bạ hoặc hỏi công đoàn của bạn.' : ''}`;
    return {
      ...base,
      status: 'official',
      unit: current.unit,
      role: current.role,
      since: current.since,
      checked,
      overdue,
      message: `Đây là ${what}, đã đăng ký với công đoàn từ ngày ${formatDate(current.since)}.${confirmed}${proofNote}${hiddenNote}${note}`,
    };
  }
  if (follow) {
    return {
      ...base,
      status: 'official',
      role: 'follow',
      message: `Đây là trang ${follow.name}, một trong những trang mọi đoàn viên nên theo dõi theo văn bản chỉ đạo.${note}`,
    };
  }
  const reported = facts.find((f): f is Extract<LookupFact, { kind: 'reported' }> => f.kind === 'reported');
  if (reported) {
    const real =
      reported.realAccounts.length > 0 ? ' Trang thật của đơn vị được liệt kê bên dưới.' : ' Đơn vị này chưa đăng ký trang công khai nào.';
    return {
      ...base,
      status: 'reported',
      unit: reported.unit,
      realAccounts: reported.realAccounts,
      message: `Địa chỉ này đã bị báo cáo là giả mạo ${reported.unit.name} (ngày ${formatDate(reported.reported)}). Đừng theo dõi, đừng gửi thông tin cá nhân hay tiền.${real}${note}`,
    };
  }
  const renamed = facts.find((f): f is Extract<LookupFact, { kind: 'renamed' }> => f.kind === 'renamed');
  if (renamed) {
    const answer = answerRenamed(renamed, ROLE_PHRASES[renamed.role]);
    return { ...base, ...answer, message: `${answer.message}${note}` };
  }
  const former = facts.find((f): f is Extract<LookupFact, { kind: 'account' }> => f.kind === 'account');
  if (former) {
    const until = former.until ? ` đến ngày ${formatDate(former.until)}` : '';
    return {
      ...base,
      status: 'former',
      unit: former.unit,
      role: former.role,
      since: former.since,
      until: former.until,
      message: `Đây từng là ${ROLE_PHRASES[former.role]} ${former.unit.name} từ ngày ${formatDate(former.since)}${until}, nay không còn do công đoàn quản lý. Hãy xem trang của đơn vị để biết địa chỉ hiện tại.${note}`,
    };
  }
  return {
    ...base,
    message: `Địa chỉ này có dạng một địa chỉ Facebook, nhưng không có trong danh bạ các trang công đoàn đã đăng ký: công đoàn chưa xác nhận trang này. Hãy thận trọng; nếu trang tự xưng là của công đoàn thì có thể là giả mạo, hãy báo cho công đoàn nơi bạn sinh hoạt hoặc công đoàn cấp trên.${note}`,
  };
}

/**
 * The `url_digest` a group key would have in this registry (group-digest.ts), or undefined
 * when the registry has no digest settings. Given only by callers that can afford a slow
 * digest; called only for group addresses the registry does not know in clear.
 */
export type GroupDigestOf = (groupKey: string) => Promise<string | undefined>;

/** Canonicalise, find the facts (in memory or from a shard), answer. */
export async function answerLookup(
  input: string,
  factsFor: (key: string) => readonly LookupFact[] | Promise<readonly LookupFact[]>,
  digestOf?: GroupDigestOf,
): Promise<LookupAnswer> {
  const canonical = canonicalize(input);
  if (!canonical.ok) return answerFromFacts(input, null, false, [], canonical.message);
  let facts = await factsFor(canonical.key);
  if (canonical.kind === 'group' && digestOf && !facts.some((f) => f.kind === 'account')) {
    // An encrypted hidden group is in the index under its digest, never under its address.
    const digest = await digestOf(canonical.key);
    if (digest !== undefined) facts = [...facts, ...(await factsFor(digestKey(digest)))];
  }
  return answerFromFacts(input, canonical.key, canonical.subpage, facts);
}
