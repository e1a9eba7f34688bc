/** The unit page's line about proof of control (docs/registry-format.md, "Proof of control"). */
import { formatDate } from '../lib/dates.ts';
import type { Account } from '../schema/account.ts';

/** " · đã xác minh quyền quản trị ngày …", or the pending note when the registry requires proof; empty otherwise. */
export function proofNoteHtml(account: Pick<Account, 'proof'>, requireProof: boolean | undefined): string {
  if (account.proof)
    return `<br><span class="tag t-ok"><span aria-hidden="true">✓ </span>Đã xác minh quyền quản trị</span> ngày ${formatDate(account.proof.checked)}`;
  return requireProof
    ? '<br><span class="tag t-old">Đang chờ xác minh quyền quản trị</span>: trang Kiểm tra chưa gọi tài khoản này là chính thức.'
    : '';
}
