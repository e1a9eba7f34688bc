import { z } from 'zod';
import { DateSchema, FB_ID_PATTERN, GROUP_DIGEST_PATTERN, IdSchema, TextSchema } from './common.ts';

/** Roles from Công văn 118/LĐLĐ: the unit's own account, the grassroots chair's account, the members' group. */
export const ROLES = ['unit', 'chair', 'group'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  unit: 'Trang/tài khoản của đơn vị',
  chair: 'Tài khoản của Chủ tịch CĐCS',
  group: 'Nhóm đoàn viên',
};

export const VISIBILITIES = ['public', 'private', 'hidden'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  public: 'Công khai',
  private: 'Riêng tư',
  hidden: 'Ẩn',
};

export { AGE_ARMOR_BEGIN, AGE_ARMOR_END } from './age-armor.ts';

export const PROOF_METHODS = ['intro', 'post'] as const;
export type ProofMethod = (typeof PROOF_METHODS)[number];

/** Proof of control (docs/registry-format.md, "Proof of control"): where the reviewer saw the code, and when. */
export const ProofSchema = z
  .strictObject({
    method: z
      .enum(PROOF_METHODS)
      .meta({ description: 'Nơi người duyệt thấy mã xác minh: intro (phần giới thiệu của trang) hoặc post (một bài viết của trang).' }),
    checked: DateSchema.meta({ description: 'Ngày người duyệt thấy mã xác minh trên trang (NĂM-THÁNG-NGÀY).' }),
  })
  .meta({ description: 'Bằng chứng đơn vị quản trị trang: mã xác minh (CĐ-XXXX-XXXX) đã được đăng trên trang.' });

export const AdminSchema = z
  .strictObject({
    name: TextSchema.meta({ description: 'Họ và tên người quản trị.' }),
    position: TextSchema.optional().meta({ description: 'Chức vụ công tác, ví dụ: Phó Chủ tịch.' }),
    phone: z.string().max(40).optional().meta({
      description: 'Số điện thoại Việt Nam (0… hoặc +84…). Dữ liệu cá nhân: không bao giờ hiện trên trang web.',
    }),
    email: z.string().max(254).optional().meta({
      description: 'Địa chỉ email. Dữ liệu cá nhân: không bao giờ hiện trên trang web.',
    }),
  })
  .meta({ description: 'Một người quản trị trang, nhóm hoặc tài khoản.' });

export const AccountSchema = z
  .strictObject({
    role: z.enum(ROLES).meta({
      description: 'Loại tài khoản: unit (trang của đơn vị), chair (tài khoản của Chủ tịch CĐCS), group (nhóm đoàn viên).',
    }),
    url: z.string().max(500).optional().meta({
      description:
        'Địa chỉ Facebook, ví dụ https://www.facebook.com/congdoankontum. Bắt buộc, trừ nhóm ẩn khi danh bạ mã hoá thông tin: khi đó địa chỉ nằm trong url_age.',
    }),
    name: TextSchema.meta({ description: 'Tên hiển thị trên Facebook.' }),
    fb_id: z.string().regex(FB_ID_PATTERN).optional().meta({
      description:
        'Mã số Facebook của trang (chỉ gồm chữ số); giữ nguyên khi trang đổi tên. Xem trên trang: Giới thiệu → Minh bạch về Trang (ID Trang), hoặc con số sau profile.php?id= .',
    }),
    former_urls: z.array(z.string().max(500)).max(20).optional().meta({
      description:
        'Các địa chỉ cũ của tài khoản trước khi đổi tên. Trang Kiểm tra trả lời rằng địa chỉ cũ đã đổi tên và chỉ tới địa chỉ hiện tại; không đơn vị nào khác được đăng ký các địa chỉ này.',
    }),
    visibility: z.enum(VISIBILITIES).optional().meta({
      description:
        'Chỉ dành cho nhóm: public (công khai), private (riêng tư), hidden (ẩn). Nhóm ẩn không bao giờ bị công bố địa chỉ; nếu bỏ trống, nhóm được coi là ẩn.',
    }),
    since: DateSchema.meta({ description: 'Ngày đăng ký tài khoản với công đoàn cấp trên (NĂM-THÁNG-NGÀY).' }),
    until: DateSchema.optional().meta({ description: 'Ngày cuối cùng tài khoản còn là kênh chính thức; sau ngày này thì không còn.' }),
    checked: DateSchema.optional().meta({ description: 'Lần gần nhất xác nhận tài khoản vẫn do đơn vị quản lý.' }),
    proof: ProofSchema.optional(),
    follows: z.array(IdSchema).max(50).optional().meta({
      description: 'Các trang phải kết nối (mã trong mục follow của registry.yaml) mà tài khoản này đã theo dõi.',
    }),
    admins: z.array(AdminSchema).max(20).optional().meta({
      description: 'Người quản trị, ghi rõ (chỉ dùng khi privacy.contacts là plaintext).',
    }),
    admins_age: z.string().max(20000).optional().meta({
      description:
        'Danh sách người quản trị đã mã hoá bằng age (dạng -----BEGIN AGE ENCRYPTED FILE-----). Biểu mẫu đăng ký tự tạo trường này.',
    }),
    url_age: z.string().max(5000).optional().meta({
      description:
        'Chỉ dành cho nhóm ẩn: địa chỉ của nhóm đã mã hoá bằng age (dạng -----BEGIN AGE ENCRYPTED FILE-----), thay cho url. Biểu mẫu đăng ký và lệnh npm run contacts -- encrypt tự tạo trường này.',
    }),
    url_digest: z.string().regex(GROUP_DIGEST_PATTERN).optional().meta({
      description:
        'Chỉ dành cho nhóm ẩn, đi cùng url_age: dấu vân tay một chiều của địa chỉ nhóm ($pbkdf2-sha256$i=…$…$…), để phát hiện nhóm đăng ký trùng và để trang Kiểm tra nhận ra nhóm mà không lộ địa chỉ.',
    }),
  })
  // Without `url` the address must be in `url_age`; which accounts may do that is a rule of checkAccount (it needs the settings).
  .refine((account) => account.url !== undefined || account.url_age !== undefined, {
    path: ['url'],
    params: { kind: 'url-missing' },
    abort: true,
  })
  .meta({ description: 'Một tài khoản, trang hoặc nhóm Facebook của đơn vị.' });

export type AccountInput = z.input<typeof AccountSchema>;
export type Account = z.output<typeof AccountSchema>;
export type Admin = z.output<typeof AdminSchema>;
