import type { z } from 'zod';
import { PATTERN_KINDS } from './common.ts';

/** Vietnamese names of fields, so a message says which field to fix in words staff know. */
const FIELD_LABELS: Record<string, string> = {
  version: 'phiên bản (version)',
  title: 'tiêu đề (title)',
  root: 'đơn vị gốc (root)',
  directive: 'văn bản chỉ đạo (directive)',
  number: 'số văn bản (number)',
  date: 'ngày (date)',
  basis: 'căn cứ (basis)',
  deadlines: 'thời hạn (deadlines)',
  register: 'hạn đăng ký (register)',
  report: 'hạn báo cáo (report)',
  follow: 'trang cần kết nối (follow)',
  levels: 'các cấp (levels)',
  under: 'cấp trên được phép (under)',
  requires: 'tài khoản bắt buộc (requires)',
  privacy: 'bảo vệ thông tin (privacy)',
  contacts: 'chế độ thông tin liên hệ (contacts)',
  recipient: 'khoá công khai (recipient)',
  recipients: 'các khoá công khai (recipients)',
  group_digest: 'cách tính dấu vân tay nhóm ẩn (group_digest)',
  salt: 'muối (salt)',
  iterations: 'số vòng (iterations)',
  id: 'mã (id)',
  name: 'tên (name)',
  short_name: 'tên viết tắt (short_name)',
  level: 'cấp (level)',
  parent: 'đơn vị cấp trên (parent)',
  members: 'số đoàn viên (members)',
  website: 'trang web (website)',
  dissolved: 'ngày chấm dứt hoạt động (dissolved)',
  successor: 'đơn vị kế thừa (successor)',
  reviewers: 'người duyệt (reviewers)',
  accounts: 'danh sách tài khoản (accounts)',
  role: 'loại tài khoản (role)',
  url: 'địa chỉ Facebook (url)',
  fb_id: 'mã số Facebook (fb_id)',
  visibility: 'chế độ hiển thị của nhóm (visibility)',
  since: 'ngày đăng ký (since)',
  until: 'ngày thôi là kênh chính thức (until)',
  checked: 'ngày kiểm tra (checked)',
  follows: 'các trang đã kết nối (follows)',
  admins: 'người quản trị (admins)',
  admins_age: 'người quản trị đã mã hoá (admins_age)',
  url_age: 'địa chỉ nhóm ẩn đã mã hoá (url_age)',
  url_digest: 'dấu vân tay nhóm ẩn (url_digest)',
  position: 'chức vụ (position)',
  phone: 'số điện thoại (phone)',
  email: 'email',
  impersonates: 'đơn vị bị giả mạo (impersonates)',
  reported: 'ngày báo cáo (reported)',
  note: 'ghi chú (note)',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'một đoạn chữ',
  number: 'một số',
  int: 'một số nguyên',
  boolean: 'true hoặc false',
  array: 'một danh sách (mỗi dòng bắt đầu bằng "- ")',
  object: 'một nhóm trường (các dòng "tên: giá trị" thụt vào)',
  null: 'để trống',
  undefined: 'bỏ trống',
};

export function fieldLabel(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string') return FIELD_LABELS[key] ?? `trường "${key}"`;
  }
  return 'tệp';
}

function describeValue(input: unknown): string {
  if (input === undefined) return 'bị thiếu';
  if (input === null) return 'đang để trống';
  if (Array.isArray(input)) return 'đang là một danh sách';
  if (typeof input === 'object') return 'đang là một nhóm trường';
  if (typeof input === 'number') return `đang là số ${input}`;
  if (typeof input === 'boolean') return `đang là ${input}`;
  return `đang là "${String(input).slice(0, 40)}"`;
}

function formatMessage(kind: unknown, label: string): string | undefined {
  switch (kind) {
    case 'date-format':
      return `${label} phải viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2018-09-20.`;
    case 'id':
      return `${label} chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ "ldld-dak-ha".`;
    case 'integer':
      return `${label} phải là một số nguyên, ví dụ 350.`;
    case 'calendar-date':
      return `${label} không phải là một ngày có thật. Hãy kiểm tra lại ngày và tháng (dạng NĂM-THÁNG-NGÀY).`;
    case 'plain-text':
      return `${label} chứa ký tự không nhìn thấy (phím Tab, xuống dòng, ký tự ẩn hoặc đảo chiều văn bản). Hãy gõ lại nội dung trên một dòng, chỉ dùng chữ, số và dấu câu thông thường.`;
    case 'https-url':
      return `${label} phải là một địa chỉ bắt đầu bằng https://, không có dấu cách.`;
    case 'fb-id':
      return `${label} chỉ gồm chữ số (từ 5 đến 20 chữ số), ví dụ "100064512345678".`;
    case 'github-handle':
      return `${label} phải là tên tài khoản GitHub bắt đầu bằng @, ví dụ @nguyenvana hoặc @congdoan/ban-tuyen-giao.`;
    case 'group-digest':
      return `${label} phải có dạng $pbkdf2-sha256$i=SỐ_VÒNG$MUỐI$MÃ như biểu mẫu đăng ký tạo ra. Đừng sửa tay: hãy tạo lại bằng biểu mẫu đăng ký hoặc lệnh npm run contacts -- encrypt.`;
    case 'digest-salt':
      return `${label} phải là 16 đến 64 byte ngẫu nhiên viết bằng base64 (chữ, số, + và /, không có dấu =). Lệnh npm run contacts -- encrypt tự tạo muối.`;
    case 'url-missing':
      return `Thiếu ${label}. Hãy thêm địa chỉ Facebook của tài khoản (nhóm ẩn trong danh bạ mã hoá thì dùng url_age, do biểu mẫu đăng ký tạo).`;
    case 'age-recipient':
      return `${label} phải là khoá công khai age, bắt đầu bằng "age1" và dài 62 ký tự.`;
    default:
      return undefined;
  }
}

/** One zod issue → one plain Vietnamese sentence that says what to fix (parse with `reportInput: true`). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const message = describe(issue);
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function describe(issue: z.core.$ZodIssue): string {
  const label = fieldLabel(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return `Thiếu ${label}. Hãy thêm trường này.`;
      const key = issue.path[issue.path.length - 1];
      if (typeof issue.input === 'number' && (key === 'phone' || key === 'fb_id')) {
        return `${label} phải đặt trong dấu ngoặc kép, nếu không số 0 ở đầu sẽ bị mất. Ví dụ: ${String(key)}: "0905123456".`;
      }
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return `${label} phải là ${expected}, nhưng ${describeValue(issue.input)}.`;
    }
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return `Trường ${keys} không có trong định dạng danh bạ. Hãy kiểm tra chính tả tên trường hoặc xoá trường này.`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v)).join(', ');
      return issue.values.length === 1
        ? `${label} phải là ${allowed}, nhưng ${describeValue(issue.input)}.`
        : `${label} ${describeValue(issue.input)}; chỉ được chọn một trong: ${allowed}.`;
    }
    case 'invalid_format': {
      const custom = formatMessage(issue.pattern === undefined ? undefined : PATTERN_KINDS[issue.pattern], label);
      if (custom) return custom;
      return `${label} không đúng định dạng.`;
    }
    case 'too_small':
      if (issue.origin === 'string') return `${label} không được để trống.`;
      if (issue.origin === 'array') return `${label} cần có ít nhất ${String(issue.minimum)} mục.`;
      return `${label} phải lớn hơn hoặc bằng ${String(issue.minimum)}.`;
    case 'too_big':
      if (issue.origin === 'string') return `${label} quá dài: tối đa ${String(issue.maximum)} ký tự.`;
      if (issue.origin === 'array') return `${label} có quá nhiều mục: tối đa ${String(issue.maximum)}.`;
      return `${label} phải nhỏ hơn hoặc bằng ${String(issue.maximum)}.`;
    case 'custom': {
      const custom = formatMessage((issue.params as { kind?: unknown } | undefined)?.kind, label);
      return custom ?? `${label} không hợp lệ.`;
    }
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
    default:
      return `${label} không hợp lệ.`;
  }
}
