/**
 * Renamed accounts in the checker (docs/registry-format.md, `former_urls`): an old
 * address answers *former*, naming and linking the current one. Whoever takes the
 * released name later is therefore never called official.
 */
import type { Account } from '../schema/account.ts';
import { canonicalize } from '../registry/facebook-url.ts';
import type { LookupAnswer, LookupFact, UnitRef } from './lookup.ts';

/** Adds a `renamed` fact under each former address of a (non-hidden) account. */
export function addRenamed(add: (key: string, fact: LookupFact) => void, account: Account, unit: UnitRef, current: boolean): void {
  if (!account.former_urls?.length) return;
  const now = current && account.url !== undefined ? { role: account.role, name: account.name, url: account.url } : null;
  const own = account.url !== undefined ? canonicalize(account.url) : undefined;
  for (const url of account.former_urls) {
    const canonical = canonicalize(url);
    if (canonical.ok && !(own?.ok && own.key === canonical.key)) add(canonical.key, { kind: 'renamed', unit, role: account.role, now });
  }
}

/** The answer's status, unit, links and message for an old address. */
export function answerRenamed(
  fact: Extract<LookupFact, { kind: 'renamed' }>,
  rolePhrase: string,
): Pick<LookupAnswer, 'status' | 'unit' | 'role' | 'realAccounts' | 'message'> {
  const where = fact.now
    ? `Tài khoản đã đổi tên thành "${fact.now.name}"; địa chỉ hiện tại được liệt kê bên dưới.`
    : 'Tài khoản đã đổi tên và nay không còn do công đoàn quản lý.';
  return {
    status: 'former',
    unit: fact.unit,
    role: fact.role,
    realAccounts: fact.now ? [fact.now] : [],
    message: `Đây là địa chỉ cũ của ${rolePhrase} ${fact.unit.name}. ${where} Nếu một trang khác đang dùng địa chỉ cũ này thì đó không phải trang của công đoàn: đừng theo dõi và hãy báo cho công đoàn.`,
  };
}
