import { z } from 'zod';
import { ROLES } from './account.ts';
import { AGE_RECIPIENT_PATTERN, DateSchema, DIGEST_SALT_PATTERN, IdSchema, TextSchema } from './common.ts';

export const CONTACT_MODES = ['encrypted', 'plaintext'] as const;

/** Months after which an account's `checked` (or `since`) date is due again when `recheck_months` is absent. */
export const DEFAULT_RECHECK_MONTHS = 12;

export const FollowPageSchema = z.strictObject({
  id: IdSchema.meta({ description: 'Mã ngắn của trang, dùng trong follows của từng tài khoản.' }),
  name: TextSchema.meta({ description: 'Tên trang.' }),
  url: z.string().max(500).meta({ description: 'Địa chỉ Facebook của trang.' }),
});

export const LevelSchema = z.strictObject({
  id: IdSchema.meta({ description: 'Mã của cấp, dùng trong trường level của đơn vị.' }),
  name: TextSchema.meta({ description: 'Tên cấp, ví dụ: Công đoàn cơ sở.' }),
  under: z.array(IdSchema).optional().meta({ description: 'Các cấp có thể làm công đoàn cấp trên trực tiếp.' }),
  requires: z.array(z.enum(ROLES)).meta({ description: 'Loại tài khoản mà đơn vị cấp này phải đăng ký: unit, chair, group.' }),
});

export const RegistrySettingsSchema = z
  .strictObject({
    version: z.literal(1).meta({ description: 'Phiên bản định dạng danh bạ. Hiện tại là 1.' }),
    title: TextSchema.meta({ description: 'Tên của danh bạ, hiện ở đầu trang web.' }),
    root: IdSchema.meta({ description: 'Mã của đơn vị gốc (cấp cao nhất).' }),
    directive: z
      .strictObject({
        number: TextSchema.meta({ description: 'Số văn bản, ví dụ 118/LĐLĐ.' }),
        date: DateSchema.meta({ description: 'Ngày ban hành.' }),
        title: TextSchema.meta({ description: 'Trích yếu của văn bản.' }),
        basis: TextSchema.optional().meta({ description: 'Văn bản cấp trên làm căn cứ.' }),
      })
      .meta({ description: 'Văn bản chỉ đạo mà chiến dịch thực hiện.' }),
    deadlines: z
      .strictObject({
        register: DateSchema.meta({ description: 'Hạn đăng ký: tài khoản đăng ký sau ngày này bị tính là muộn.' }),
        report: DateSchema.meta({ description: 'Hạn báo cáo kết quả về cấp trên.' }),
      })
      .meta({ description: 'Các mốc thời hạn của chiến dịch.' }),
    recheck_months: z
      .number()
      .min(1)
      .max(120)
      .refine(Number.isInteger, { params: { kind: 'integer' } })
      .optional()
      .meta({
        description: `Sau bao nhiêu tháng thì công đoàn cấp trên phải xác nhận lại mỗi tài khoản (tính từ checked, nếu chưa có thì từ since). Mặc định ${DEFAULT_RECHECK_MONTHS}.`,
      }),
    follow: z.array(FollowPageSchema).max(20).meta({ description: 'Các trang mọi tài khoản đã đăng ký phải kết nối.' }),
    levels: z.array(LevelSchema).min(1).max(50).meta({ description: 'Các cấp đơn vị và yêu cầu đăng ký của từng cấp.' }),
    require_proof: z.boolean().optional().meta({
      description:
        'true: một tài khoản chỉ được trang Kiểm tra gọi là chính thức khi đã có proof (người duyệt đã thấy mã xác minh trên trang). Mặc định false.',
    }),
    privacy: z
      .strictObject({
        contacts: z.enum(CONTACT_MODES).meta({
          description: 'encrypted: thông tin liên hệ được mã hoá (bắt buộc với kho công khai); plaintext: chỉ dùng cho kho riêng.',
        }),
        recipient: z.string().regex(AGE_RECIPIENT_PATTERN).optional().meta({
          description:
            'Khoá công khai age (age1…) của văn phòng LĐLĐ tỉnh, dùng để mã hoá thông tin liên hệ. Có nhiều khoá thì dùng recipients.',
        }),
        recipients: z.array(z.string().regex(AGE_RECIPIENT_PATTERN)).min(1).max(10).optional().meta({
          description:
            'Các khoá công khai age (age1…) được giải mã: khoá của văn phòng LĐLĐ tỉnh và khoá dự phòng. Mọi nội dung mã hoá đều mở được bằng bất kỳ khoá nào trong danh sách. Dùng recipients hoặc recipient, không dùng cả hai.',
        }),
        group_digest: z
          .strictObject({
            salt: z.string().regex(DIGEST_SALT_PATTERN).meta({
              description:
                'Muối ngẫu nhiên riêng của danh bạ (base64, không có dấu =), do lệnh npm run contacts -- encrypt tạo. Không đổi sau khi đã có nhóm ẩn.',
            }),
            iterations: z
              .number()
              .int()
              .min(10_000)
              .max(100_000_000)
              .meta({ description: 'Số vòng PBKDF2-SHA256 khi tính dấu vân tay nhóm ẩn; xem docs/privacy.md.' }),
          })
          .optional()
          .meta({ description: 'Cách tính dấu vân tay (url_digest) của nhóm ẩn. Bắt buộc khi danh bạ có nhóm ẩn đã mã hoá.' }),
      })
      .meta({ description: 'Cách bảo vệ thông tin liên hệ của người quản trị.' }),
  })
  .meta({ title: 'Cấu hình danh bạ', description: 'Tệp registry.yaml: cấu hình chung của danh bạ.' });

export type RegistrySettings = z.output<typeof RegistrySettingsSchema>;
export type Level = z.output<typeof LevelSchema>;
export type FollowPage = z.output<typeof FollowPageSchema>;
