/**
 * The registration issue form (`.github/ISSUE_TEMPLATE/dang-ky.yml`), built from the
 * registry's settings. One model serves two ends: `renderIssueFormYaml` writes it for
 * GitHub, and `issue-parse.ts` reads submitted issue bodies back with the same labels
 * and options, so the two can never drift apart. Field ids and order are a contract
 * (docs/interfaces.md, "Registration issue form").
 */
import { Document } from 'yaml';
import { ROLE_LABELS, ROLES, VISIBILITIES, VISIBILITY_LABELS, type RegistrySettings } from '../schema/index.ts';

export const FORM_FIELD_IDS = [
  'unit',
  'name',
  'level',
  'parent',
  'role',
  'url',
  'account_name',
  'fb_id',
  'visibility',
  'since',
  'follows',
] as const;
export type FormFieldId = (typeof FORM_FIELD_IDS)[number];

export const ISSUE_LABEL = 'dang-ky';
export const ISSUE_TITLE_PREFIX = '[Đăng ký] ';
export const ISSUE_FORM_FILE = '.github/ISSUE_TEMPLATE/dang-ky.yml';
export const ISSUE_CONFIG_FILE = '.github/ISSUE_TEMPLATE/config.yml';

export interface FormOption {
  /** What the registry stores: a level id, a role, a visibility, a follow page id. */
  value: string;
  /** What GitHub shows and writes into the issue body. */
  label: string;
}

interface FieldBase {
  id: FormFieldId;
  label: string;
  description: string;
}
export interface InputField extends FieldBase {
  type: 'input';
  placeholder?: string;
  required: boolean;
}
export interface DropdownField extends FieldBase {
  type: 'dropdown';
  options: FormOption[];
  required: boolean;
}
export interface CheckboxesField extends FieldBase {
  type: 'checkboxes';
  options: FormOption[];
}
export type FormField = InputField | DropdownField | CheckboxesField;

export interface IssueForm {
  name: string;
  description: string;
  title: string;
  labels: string[];
  /** Markdown shown above the fields. */
  intro: string;
  fields: FormField[];
}

/**
 * Option labels end with the stored value in parentheses: `Công đoàn cơ sở (cdcs)`.
 * The parser reads the value from there, so an issue still parses after a level or
 * a follow page is renamed in registry.yaml.
 */
export function optionLabel(text: string, value: string): string {
  return `${text} (${value})`;
}

/**
 * The site's address with a trailing slash (`https://host/base/`), from `SITE_URL` and
 * `BASE_PATH` as the build reads them; `undefined` when no address is known.
 */
export function siteAddress(siteUrl: string | undefined, basePath?: string): string | undefined {
  if (!siteUrl) return undefined;
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const base = basePath && basePath !== '/' ? basePath : url.pathname;
  const joined = `/${base}/`.replace(/\/{2,}/g, '/');
  return `${url.origin}${joined}`;
}

function webFormSentence(site: string | undefined): string {
  return site
    ? `[biểu mẫu đăng ký trên trang web](${site}dang-ky/)`
    : 'biểu mẫu đăng ký trên trang web của danh bạ (mục **Đăng ký**, địa chỉ kết thúc bằng `/dang-ky/`)';
}

/** The form for this registry. `site` is the site's address (see `siteAddress`), for links. */
export function buildIssueForm(settings: RegistrySettings, site?: string): IssueForm {
  const intro = [
    '**Issue này ai cũng đọc được.** Tuyệt đối **không ghi số điện thoại, email** hay thông tin cá nhân nào của người quản trị vào đây.',
    '',
    `Thông tin người quản trị hãy gửi qua ${webFormSentence(site)}: thông tin được mã hoá ngay trên máy của bạn, chỉ văn phòng công đoàn cấp tỉnh đọc được. Hoặc gửi thẳng cho công đoàn cấp trên bằng văn bản.`,
    '',
    '- Đơn vị **đã có** trong danh bạ: điền ô **Đơn vị** (mã của đơn vị), bỏ trống ba ô Tên đơn vị, Cấp, Cấp trên.',
    '- Đơn vị **mới**: bỏ trống ô Đơn vị, điền **Tên đơn vị**, **Cấp** và **Cấp trên**.',
    '',
    'Sau khi bấm gửi, máy tự kiểm tra và tạo một đề nghị thay đổi (pull request) để công đoàn cấp trên duyệt. Nếu có chỗ cần sửa, lời nhắc sẽ hiện ngay dưới issue: bấm **Edit** để sửa issue, máy sẽ kiểm tra lại.',
  ].join('\n');

  const followList = settings.follow.map((f) => `${f.name}: ${f.url}`).join('; ');
  const encrypted = settings.privacy.contacts === 'encrypted';
  const fields: FormField[] = [
    {
      id: 'unit',
      type: 'input',
      label: 'Đơn vị',
      description: `Chỉ điền khi đơn vị đã có trong danh bạ: mã của đơn vị, tức phần cuối địa chỉ trang của đơn vị trên trang danh bạ (ví dụ \`${settings.root}\`). Đơn vị mới thì để trống.`,
      placeholder: settings.root,
      required: false,
    },
    {
      id: 'name',
      type: 'input',
      label: 'Tên đơn vị',
      description: 'Chỉ với đơn vị mới: tên đầy đủ, có dấu, ví dụ "Công đoàn cơ sở Trường THPT Kon Tum".',
      required: false,
    },
    {
      id: 'level',
      type: 'dropdown',
      label: 'Cấp',
      description: 'Chỉ với đơn vị mới: cấp của đơn vị.',
      options: settings.levels.map((l) => ({ value: l.id, label: optionLabel(l.name, l.id) })),
      required: false,
    },
    {
      id: 'parent',
      type: 'input',
      label: 'Cấp trên',
      description: `Chỉ với đơn vị mới: mã của công đoàn cấp trên trực tiếp, lấy ở trang của đơn vị đó trên danh bạ (ví dụ \`${settings.root}\`).`,
      placeholder: settings.root,
      required: false,
    },
    {
      id: 'role',
      type: 'dropdown',
      label: 'Vai trò',
      description: 'Tài khoản này là gì của đơn vị: trang của đơn vị, tài khoản của Chủ tịch công đoàn cơ sở, hay nhóm đoàn viên.',
      options: ROLES.map((r) => ({ value: r, label: optionLabel(ROLE_LABELS[r], r) })),
      required: true,
    },
    {
      id: 'url',
      type: 'input',
      label: 'Địa chỉ Facebook',
      description: `Mở trang, tài khoản hoặc nhóm trên Facebook rồi chép địa chỉ trên thanh địa chỉ. Không dùng địa chỉ của một bài viết, tấm ảnh hay liên kết chia sẻ (/share/…).${encrypted ? ` **Nhóm ẩn: không ghi địa chỉ ở đây** (issue ai cũng đọc được, máy sẽ từ chối); hãy đăng ký nhóm ẩn qua ${webFormSentence(site)}, nơi địa chỉ được mã hoá.` : ''}`,
      placeholder: 'https://www.facebook.com/...',
      required: true,
    },
    {
      id: 'account_name',
      type: 'input',
      label: 'Tên trên Facebook',
      description: 'Tên đang hiện trên Facebook của trang, tài khoản hoặc nhóm.',
      required: true,
    },
    {
      id: 'fb_id',
      type: 'input',
      label: 'Mã số trang (ID)',
      description: `Không bắt buộc, nhưng nên ghi: mã số không đổi khi trang đổi tên, nên kẻ giả mạo lấy lại tên cũ cũng không lừa được ai. Xem trên trang: mục **Giới thiệu** → **Minh bạch về Trang**, dòng **ID Trang**; hoặc con số sau \`profile.php?id=\` trong địa chỉ. Chỉ gồm chữ số.${encrypted ? ' Nhóm ẩn: để trống.' : ''}`,
      placeholder: '100064512345678',
      required: false,
    },
    {
      id: 'visibility',
      type: 'dropdown',
      label: 'Chế độ nhóm',
      description: encrypted
        ? 'Chỉ với nhóm đoàn viên công khai hoặc riêng tư. Bỏ trống thì nhóm được coi là nhóm ẩn. Nhóm ẩn không đăng ký qua phiếu này: phiếu ai cũng đọc được, nên máy sẽ từ chối; hãy dùng biểu mẫu đăng ký trên trang web.'
        : 'Chỉ với nhóm đoàn viên. Bỏ trống thì nhóm được coi là nhóm ẩn, và địa chỉ nhóm không được công bố trên trang web. Lưu ý: phiếu này và kho dữ liệu trên GitHub ai cũng xem được; nếu không muốn lộ địa chỉ nhóm ẩn, hãy gửi địa chỉ trực tiếp cho công đoàn cấp trên thay vì ghi ở đây.',
      options: VISIBILITIES.map((v) => ({ value: v, label: optionLabel(VISIBILITY_LABELS[v], v) })),
      required: false,
    },
    {
      id: 'since',
      type: 'input',
      label: 'Ngày bắt đầu',
      description: 'Ngày bắt đầu dùng làm kênh chính thức của đơn vị, viết NĂM-THÁNG-NGÀY.',
      placeholder: settings.directive.date,
      required: true,
    },
    {
      id: 'follows',
      type: 'checkboxes',
      label: 'Đã theo dõi',
      description: `Đánh dấu những trang chung mà tài khoản này đã theo dõi (thích trang, tham gia nhóm). ${followList}.`,
      options: settings.follow.map((f) => ({ value: f.id, label: optionLabel(f.name, f.id) })),
    },
  ];
  return {
    name: 'Đăng ký trang Facebook',
    description: 'Đưa trang, tài khoản hoặc nhóm Facebook của một đơn vị công đoàn vào danh bạ chính thức.',
    title: ISSUE_TITLE_PREFIX,
    labels: [ISSUE_LABEL],
    intro,
    fields,
  };
}

const GENERATED = ' Generated by `npm run schema` from registry/registry.yaml: do not edit.';
const CONFIG_GENERATED = ' Generated by `npm run schema`: do not edit.';

/**
 * YAML for GitHub. Written as YAML 1.1 so that GitHub's parser reads every option as
 * the same string we do (`yes`, dates and the like come out quoted).
 */
function toYaml(value: unknown, comment: string): string {
  const doc = new Document(value, { version: '1.1' });
  doc.commentBefore = comment;
  return doc.toString({ lineWidth: 0 });
}

export function renderIssueFormYaml(form: IssueForm): string {
  const body: unknown[] = [{ type: 'markdown', attributes: { value: `${form.intro}\n` } }];
  for (const field of form.fields) {
    const attributes: Record<string, unknown> = { label: field.label, description: field.description };
    if (field.type === 'input') {
      if (field.placeholder !== undefined) attributes.placeholder = field.placeholder;
      body.push({ type: 'input', id: field.id, attributes, validations: { required: field.required } });
    } else if (field.type === 'dropdown') {
      attributes.options = field.options.map((o) => o.label);
      body.push({ type: 'dropdown', id: field.id, attributes, validations: { required: field.required } });
    } else {
      attributes.options = field.options.map((o) => ({ label: o.label }));
      body.push({ type: 'checkboxes', id: field.id, attributes });
    }
  }
  return toYaml({ name: form.name, description: form.description, title: form.title, labels: form.labels, body }, GENERATED);
}

/** The line that records which site address the GitHub files were generated with. */
export const SITE_MARKER = ' site: ';

/**
 * `config.yml`: blank issues off, so every issue goes through the form. Its contact
 * links must be absolute URLs (GitHub refuses relative ones), and the site's address is
 * known only from `SITE_URL`/`BASE_PATH`: without it the links are left out and a
 * comment says how to add them. The address used is recorded in the header, so a
 * staleness check can regenerate the very same file (see generate-github.ts).
 */
export function renderIssueConfigYaml(site: string | undefined): string {
  const header = site
    ? `${CONFIG_GENERATED}\n${SITE_MARKER}${site}`
    : `${CONFIG_GENERATED}\n No site address was given, so there are no contact links. To add them, run once:\n SITE_URL=https://<owner>.github.io BASE_PATH=/<repository>/ npm run schema`;
  const config: Record<string, unknown> = { blank_issues_enabled: false };
  if (site) {
    config.contact_links = [
      {
        name: 'Đăng ký qua trang web (có mã hoá thông tin người quản trị)',
        url: `${site}dang-ky/`,
        about: 'Cách dễ nhất, không cần tài khoản GitHub. Thông tin người quản trị được mã hoá trước khi gửi.',
      },
      { name: 'Hướng dẫn đăng ký', url: `${site}huong-dan/dang-ky/`, about: 'Ba cách đăng ký, cần chuẩn bị gì, điền từng ô thế nào.' },
      { name: 'Kiểm tra một trang Facebook', url: `${site}kiem-tra/`, about: 'Trang này có phải trang chính thức của công đoàn không?' },
    ];
  }
  return toYaml(config, header);
}

/** The site address recorded in a generated `config.yml`, if any. */
export function recordedSite(configYaml: string): string | undefined {
  for (const line of configYaml.split('\n')) {
    if (!line.startsWith('#')) break;
    if (line.startsWith(`#${SITE_MARKER}`)) return line.slice(1 + SITE_MARKER.length).trim() || undefined;
  }
  return undefined;
}
