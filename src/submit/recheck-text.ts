/**
 * Re-confirmation lists as Markdown, in Vietnamese: the output of `npm run recheck` and
 * the body of each monthly reminder issue. Confirming is a one-line change (setting
 * `checked:` in the unit's file), so each account links to GitHub's editor for that file
 * when the repository is known.
 */
import { ROLE_LABELS } from '../schema/account.ts';
import { formatDate } from '../lib/dates.ts';
import type { OverdueAccount, RecheckGroup, RecheckResult } from '../lib/recheck.ts';
import { editFileUrl, type GithubRepo } from './registration.ts';

/** Label of the reminder issues; with the marker, how the workflow finds the ones it opened. */
export const RECHECK_LABEL = 'xac-nhan-lai';
const MARKER_PREFIX = '<!-- danh-ba-recheck:';

/** The hidden first line of a reminder: which union it is for. */
export function reminderMarker(unionId: string): string {
  return `${MARKER_PREFIX}${unionId} -->`;
}

/** The union id a reminder body names in its marker, if any. */
export function markerOf(body: string): string | undefined {
  const match = /<!-- danh-ba-recheck:([a-z0-9]+(?:-[a-z0-9]+)*) -->/.exec(body);
  return match?.[1];
}

/** Registry text in Markdown: no link, emphasis, HTML or @mention can come from a name. */
export function mdText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|@!~]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

function accountLine(account: OverdueAccount, repo: GithubRepo | undefined, checkbox: boolean): string {
  const what = account.hidden
    ? `${ROLE_LABELS[account.role]} (nhóm kín, địa chỉ không công bố)`
    : `${ROLE_LABELS[account.role]}: ${mdText(account.name ?? '')} \`${(account.url ?? '').replace(/`/g, '')}\``;
  const since =
    account.confirmedBy === 'checked'
      ? `xác nhận lần cuối ngày ${formatDate(account.lastConfirmed)}`
      : `chưa xác nhận lại lần nào từ khi đăng ký ngày ${formatDate(account.lastConfirmed)}`;
  const edit = repo
    ? ` · [sửa tệp ${mdText(account.unit.file)}](${editFileUrl(repo, account.unit.file)})`
    : ` · tệp \`${account.unit.file}\``;
  return `${checkbox ? '- [ ] ' : '- '}**${mdText(account.unit.name)}** (\`${account.unit.id}\`), tài khoản số ${account.index + 1}: ${what}; ${since}, hạn ${formatDate(account.due)}${edit}`;
}

const HOW_TO = (months: number) =>
  `Mỗi ${months} tháng, công đoàn cấp trên xác nhận lại rằng từng tài khoản vẫn do đơn vị quản lý. Để xác nhận một tài khoản: mở tệp của đơn vị, thêm (hoặc sửa) dòng \`checked: NĂM-THÁNG-NGÀY\` của tài khoản đó thành ngày đã kiểm tra, rồi tạo pull request. Nếu tài khoản không còn do đơn vị quản lý, ghi \`until:\` là ngày cuối cùng nó còn chính thức.`;

/** The whole list, grouped by responsible union: `npm run recheck -- --format md`. */
export function recheckToMarkdown(result: RecheckResult, repo?: GithubRepo): string {
  const out = [`# Tài khoản cần xác nhận lại (tính đến ngày ${formatDate(result.today)})`, ''];
  if (result.total === 0) {
    out.push(`Không có tài khoản nào quá hạn xác nhận lại (chu kỳ ${result.months} tháng).`, '');
    return out.join('\n');
  }
  out.push(
    `${result.total} tài khoản đang hoạt động đã quá ${result.months} tháng chưa được xác nhận lại, thuộc ${result.groups.length} công đoàn cấp trên.`,
    '',
    HOW_TO(result.months),
    '',
  );
  for (const group of result.groups) {
    out.push(`## ${mdText(group.responsible.name)} (\`${group.responsible.id}\`): ${group.accounts.length} tài khoản`, '');
    for (const account of group.accounts) out.push(accountLine(account, repo, false));
    out.push('');
  }
  return out.join('\n');
}

export function reminderTitle(group: RecheckGroup): string {
  return `Xác nhận lại tài khoản Facebook: ${group.responsible.name}`.slice(0, 250);
}

/** GitHub refuses an issue body over 65,536 characters; the checklist stops well before. */
export const MAX_BODY_CHARS = 60_000;

/** One reminder issue: the marker, what to do, a checklist of the union's overdue accounts (as many as fit). */
export function reminderBody(group: RecheckGroup, result: RecheckResult, repo?: GithubRepo): string {
  const head = [
    reminderMarker(group.responsible.id),
    `Các tài khoản dưới đây của những đơn vị do **${mdText(group.responsible.name)}** phụ trách đã quá hạn xác nhận lại (số liệu ngày ${formatDate(result.today)}): ${group.accounts.length} tài khoản.`,
    '',
    HOW_TO(result.months),
    '',
  ];
  const tail = [
    '',
    'Issue này do quy trình nhắc việc hằng tháng tự mở và tự cập nhật; khi mọi tài khoản đã được xác nhận, nó tự đóng.',
    '',
  ];
  let size = [...head, ...tail].join('\n').length + 200;
  const lines: string[] = [];
  for (const account of group.accounts) {
    const line = accountLine(account, repo, true);
    if (size + line.length + 1 > MAX_BODY_CHARS) break;
    lines.push(line);
    size += line.length + 1;
  }
  const rest = group.accounts.length - lines.length;
  if (rest > 0)
    lines.push(
      '',
      `Còn ${rest} tài khoản nữa không vừa issue này; xem đủ danh sách bằng lệnh \`npm run recheck\`. Danh sách cập nhật mỗi tháng.`,
    );
  return [...head, ...lines, ...tail].join('\n');
}
