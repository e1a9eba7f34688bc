import { z } from 'zod';
import { AccountSchema } from './account.ts';
import { DateSchema, GITHUB_HANDLE_PATTERN, HttpsUrlSchema, IdSchema, TextSchema } from './common.ts';

/** GitHub user (`@name`) or team (`@org/team`) who reviews changes to a unit's folder. */
export const ReviewerSchema = z.string().regex(GITHUB_HANDLE_PATTERN);

export const UnitSchema = z
  .strictObject({
    name: TextSchema.meta({ description: 'Tên đầy đủ của đơn vị, ví dụ: Liên đoàn Lao động huyện Đắk Hà.' }),
    short_name: TextSchema.optional().meta({ description: 'Tên viết tắt, ví dụ: LĐLĐ Đắk Hà.' }),
    level: IdSchema.meta({ description: 'Cấp của đơn vị: một mã trong mục levels của registry.yaml.' }),
    parent: IdSchema.optional().meta({
      description: 'Mã của công đoàn cấp trên trực tiếp. Bắt buộc với mọi đơn vị, trừ đơn vị gốc.',
    }),
    members: z
      .number()
      .min(0)
      .max(10_000_000)
      .refine(Number.isInteger, { params: { kind: 'integer' } })
      .optional()
      .meta({ description: 'Số đoàn viên công đoàn.' }),
    website: HttpsUrlSchema.optional().meta({ description: 'Trang web riêng của đơn vị (https://…).' }),
    dissolved: DateSchema.optional().meta({ description: 'Ngày đơn vị chấm dứt hoạt động (sáp nhập, giải thể).' }),
    successor: IdSchema.optional().meta({ description: 'Mã của đơn vị tiếp nhận nhiệm vụ sau khi đơn vị này chấm dứt.' }),
    reviewers: z.array(ReviewerSchema).max(20).optional().meta({
      description: 'Tài khoản GitHub (@ten hoặc @to-chuc/nhom) duyệt thay đổi trong thư mục của đơn vị này.',
    }),
    accounts: z.array(AccountSchema).max(50).optional().meta({
      description: 'Các tài khoản Facebook chính thức. Để trống nếu đơn vị chưa đăng ký.',
    }),
  })
  .meta({ title: 'Đơn vị công đoàn', description: 'Một đơn vị công đoàn và các tài khoản Facebook chính thức của đơn vị.' });

export type UnitInput = z.input<typeof UnitSchema>;
export type UnitData = z.output<typeof UnitSchema>;
