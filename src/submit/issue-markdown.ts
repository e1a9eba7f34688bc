/** What the issue-to-PR workflow writes: pull request title and body, the template, the problem comment (see issue-to-yaml.ts). */
import { ROLE_LABELS, ROLES } from '../schema/index.ts';
import { FORM_FIELD_IDS, ISSUE_LABEL, type IssueForm } from './issue-form.ts';
import type { SubmissionProblem } from './issue-parse.ts';
import type { IssueSubmission, UnitChange } from './issue-to-yaml.ts';

/** A submission is a registration only with the form's label (the workflow filters on it too). */
export function labelProblems(submission: IssueSubmission): SubmissionProblem[] {
  if (submission.labels.includes(ISSUE_LABEL)) return [];
  return [
    {
      field: '',
      rule: 'issue-form',
      message: `Issue này không có nhãn "${ISSUE_LABEL}", nên không phải là một bản đăng ký. Hãy tạo issue mới bằng mẫu "Đăng ký trang Facebook".`,
    },
  ];
}

/** Plain one-line text for a title: no control characters, bounded length. */
function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Markdown-inert text: no HTML, no emphasis or links, no @mentions. */
export function escapeMarkdown(text: string): string {
  return oneLine(text, 2000)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]{}()#+!|~])/g, '\\$1')
    .replace(/@/g, '@\u200b');
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

export function pullRequestTitle(change: UnitChange): string {
  const role = change.account.role !== undefined && ROLES.includes(change.account.role) ? ROLE_LABELS[change.account.role] : 'tài khoản';
  return oneLine(`Đăng ký: ${change.unitName} – ${role}`, 200);
}

/** What a reviewer checks before approving a registration; also the pull request template. */
export const REVIEW_CHECKLIST = [
  'Trang, tài khoản hoặc nhóm đúng là của đơn vị này: đã mở địa chỉ và đối chiếu tên, ảnh đại diện, nội dung với đơn vị (hoặc hỏi trực tiếp đơn vị).',
  'Vai trò đúng: trang của đơn vị (unit), tài khoản của Chủ tịch CĐCS (chair) hay nhóm đoàn viên (group); nhóm thì địa chỉ có /groups/.',
  'Chế độ của nhóm (visibility) đúng với thực tế; nhóm ẩn thì không có url hay fb_id ghi rõ (chỉ url_age và url_digest do biểu mẫu tạo), và địa chỉ nhóm không được nhắc lại ở bất cứ đâu, kể cả trong trao đổi.',
  'Đơn vị đã báo người quản trị cho LĐLĐ tỉnh (qua biểu mẫu có mã hoá hoặc bằng văn bản).',
  'Không có số điện thoại, email hay thông tin cá nhân viết thường trong tệp, trong tiêu đề hay trong nội dung trao đổi (chỉ chấp nhận admins_age đã mã hoá).',
  'Cấp, cấp trên (parent) và ngày bắt đầu (since) đúng; các trang đã theo dõi (follows) đúng với thực tế.',
  'Đã thấy mã xác minh (CĐ-…) trên chính trang này, ở phần giới thiệu hoặc trong một bài viết, đúng mã tính bằng npm run proof -- --unit MÃ-ĐƠN-VỊ --url ĐỊA-CHỈ; đã ghi vào tài khoản proof: {method: intro (giới thiệu) hoặc post (bài viết), checked: ngày thấy mã}.',
  'Bước kiểm tra tự động đã qua (dấu tích xanh).',
] as const;

/** `proofCode`: the account's proof-of-control code (src/lib/proof-code.ts), when its address is known. */
export function pullRequestBody(change: UnitChange, submission: IssueSubmission, file: string, proofCode?: string): string {
  const role = change.account.role;
  const f = fence(change.text);
  const lines = [
    `Bản đăng ký này được tạo tự động từ issue #${submission.number}${submission.login ? ` của @${submission.login}` : ''}.`,
    '',
    `- Đơn vị: \`${change.unitId}\` (${change.isNew ? 'đơn vị mới' : 'đã có trong danh bạ'})`,
    `- Tệp: \`${file}\``,
    `- Vai trò: ${role !== undefined && ROLES.includes(role) ? `${ROLE_LABELS[role]} (\`${role}\`)` : 'chưa rõ'}`,
    '',
    change.isNew ? 'Nội dung tệp mới:' : `Nội dung tệp sau khi thêm tài khoản (mục thứ ${change.accountIndex + 1} trong accounts):`,
    '',
    `${f}yaml`,
    change.text.replace(/\n$/, ''),
    f,
    ...(proofCode === undefined
      ? []
      : [
          '',
          `**Mã xác minh quyền quản trị: \`${proofCode}\`.** Đơn vị đăng mã này ở phần giới thiệu của trang hoặc trong một bài viết. Người duyệt mở trang, thấy đúng mã thì thêm vào tài khoản dòng \`proof: {method: intro, checked: NGÀY}\` (hoặc \`method: post\`) rồi mới chấp thuận. Mã chỉ đúng cho tài khoản và đơn vị này.`,
        ]),
    '',
    'Người duyệt kiểm tra trước khi chấp thuận:',
    '',
    ...REVIEW_CHECKLIST.map((item) => `- [ ] ${item}`),
    '',
    `Sửa issue #${submission.number} thì bản đăng ký này được tạo lại theo nội dung mới.`,
    '',
    `Closes #${submission.number}`,
    '',
  ];
  return lines.join('\n');
}

export const PULL_REQUEST_TEMPLATE_FILE = '.github/pull_request_template.md';

/** `.github/pull_request_template.md`: what GitHub puts in a new pull request opened by hand. */
export function pullRequestTemplate(): string {
  return [
    '<!-- Generated by `npm run schema` from REVIEW_CHECKLIST in src/submit/issue-markdown.ts: do not edit. -->',
    '<!-- Mọi người đều đọc được nội dung này. Không ghi số điện thoại, email hay thông tin cá nhân. -->',
    '',
    '## Thay đổi',
    '',
    '<!-- Đơn vị nào (mã đơn vị), thêm hay sửa tài khoản nào, vì sao. Nếu có issue đăng ký, ghi: Closes #số-issue -->',
    '',
    '## Người gửi đã kiểm tra',
    '',
    '- [ ] Chỉ thêm hoặc sửa tệp trong `registry/units/`, mỗi đơn vị một tệp, tên tệp là mã đơn vị.',
    '- [ ] Đã chạy `npm run validate` (hoặc chờ bước kiểm tra tự động) và đã sửa hết lỗi.',
    '- [ ] Không có mục `admins` viết thường: thông tin người quản trị chỉ nằm trong `admins_age` (đã mã hoá) hoặc được gửi thẳng cho LĐLĐ tỉnh.',
    '',
    '## Người duyệt kiểm tra trước khi chấp thuận',
    '',
    ...REVIEW_CHECKLIST.map((item) => `- [ ] ${item}`),
    '',
  ].join('\n');
}

const FIELD_ORDER = new Map<string, number>(['', ...FORM_FIELD_IDS].map((id, i) => [id, i]));

/** In the order of the form, the issue as a whole first; stable within a field. */
export function sortProblems(problems: readonly SubmissionProblem[]): SubmissionProblem[] {
  return [...problems].sort((a, b) => (FIELD_ORDER.get(a.field) ?? 99) - (FIELD_ORDER.get(b.field) ?? 99));
}

/** The comment posted under an issue that could not become a change. */
export function issueComment(problems: readonly SubmissionProblem[], form: IssueForm): string {
  const items = sortProblems(problems).map((p) => {
    const field = form.fields.find((f) => f.id === p.field);
    return `- ${field ? `**${field.label}**: ` : ''}${escapeMarkdown(p.message)} <sub>(${escapeMarkdown(p.rule)})</sub>`;
  });
  return [
    'Chưa tạo được bản đăng ký từ issue này, vì còn những chỗ cần sửa:',
    '',
    ...items,
    '',
    'Hãy bấm **Edit** ở nội dung issue (nút ⋯ góc trên bên phải), sửa những ô trên rồi bấm **Update comment**: máy sẽ kiểm tra lại. Cần giúp đỡ, hãy hỏi công đoàn cấp trên.',
    '',
  ].join('\n');
}
