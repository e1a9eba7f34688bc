import { z } from 'zod';
import { DateSchema, IdSchema, TextSchema } from './common.ts';

export const ReportedAccountSchema = z.strictObject({
  url: z.string().max(500).meta({ description: 'Địa chỉ của trang giả mạo.' }),
  impersonates: IdSchema.meta({ description: 'Mã của đơn vị bị giả mạo.' }),
  reported: DateSchema.meta({ description: 'Ngày phát hiện và báo cáo.' }),
  note: TextSchema.optional().meta({ description: 'Ghi chú ngắn.' }),
});

export const ReportedSchema = z
  .array(ReportedAccountSchema)
  .max(100_000)
  .meta({ title: 'Trang giả mạo đã báo cáo', description: 'Tệp reported.yaml: các trang mạo danh công đoàn đã bị báo cáo.' });

export type ReportedAccount = z.output<typeof ReportedAccountSchema>;
