/**
 * A hidden group's address must never travel through a GitHub issue of an encrypted
 * registry (docs/privacy.md): the issue, its edits, the bot's comment and the pull
 * request are public. Such a registration is refused, the refusal points to the web form
 * (which encrypts the address in the submitter's browser), and no text derived from the
 * address goes into the comment, the pull request or the log: the caller drops every
 * other problem about the address field.
 */
import { canonicalize } from '../registry/facebook-url.ts';
import type { RegistrySettings } from '../schema/index.ts';
import type { ParsedIssue, SubmissionProblem } from './issue-parse.ts';

export const HIDDEN_GROUP_IN_ISSUE = 'hidden-group-in-issue';

/** The refusal, when the issue registers a hidden group (or a group with no visibility, which counts as hidden) by its address. */
export function hiddenGroupRefusal(parsed: ParsedIssue, settings: RegistrySettings, site?: string): SubmissionProblem | undefined {
  const { role, url, visibility } = parsed.values;
  if (settings.privacy.contacts !== 'encrypted' || role !== 'group' || url === undefined) return undefined;
  if (visibility === 'public' || visibility === 'private') return undefined;
  const canonical = canonicalize(url);
  if (!canonical.ok || canonical.kind !== 'group') return undefined;
  const form = site ? `biểu mẫu Đăng ký trên trang web (${site}dang-ky/)` : 'biểu mẫu Đăng ký trên trang web của danh bạ';
  return {
    field: 'url',
    rule: HIDDEN_GROUP_IN_ISSUE,
    message: `Nhóm ẩn không đăng ký qua issue được: issue trên GitHub ai cũng đọc được, nên địa chỉ nhóm sẽ bị lộ. Hãy đăng ký nhóm bằng ${form}: địa chỉ nhóm được mã hoá ngay trên máy của bạn. Sau đó hãy sửa issue này (Edit) để xoá địa chỉ nhóm, và nhờ công đoàn cấp trên xoá hẳn issue, vì lịch sử sửa của issue vẫn còn giữ địa chỉ.`,
  };
}

/** The problems of a refused hidden-group issue: the refusal, and nothing else about the address (any other message might repeat it). */
export function refuseHiddenGroup(
  parsed: ParsedIssue,
  settings: RegistrySettings,
  problems: readonly SubmissionProblem[],
): SubmissionProblem[] | undefined {
  const refusal = hiddenGroupRefusal(parsed, settings);
  return refusal && [refusal, ...problems.filter((p) => p.field !== 'url')];
}
