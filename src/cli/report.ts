import { buildReport, reportToCsv, reportToMarkdown } from '../lib/report.ts';
import { summaryLine } from '../registry/format.ts';
import { resolveRegistryDir } from '../registry/load.ts';
import { validateRegistryParallel } from '../registry/parallel.ts';
import { todayIso } from '../registry/model.ts';
import { EXIT_INVALID, EXIT_OK, oneOf, parseCliArgs, run, todayOption, type Io } from './run.ts';

export const USAGE = 'Usage: npm run report -- [--registry DIR] [--format md|csv|json] [--identity FILE] [--today YYYY-MM-DD]';

export async function main(args: string[], io: Io): Promise<number> {
  const { values } = parseCliArgs(args, { registry: { type: 'string' }, format: { type: 'string' }, identity: { type: 'string' }, today: { type: 'string' } });
  const format = oneOf(values.format, ['md', 'csv', 'json'] as const, 'md', 'format');
  const result = await validateRegistryParallel(resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR), { today: todayOption(values.today) });
  if (!result.ok || !result.registry) {
    io.err(`Danh bạ chưa hợp lệ nên chưa thể lập báo cáo. Hãy chạy npm run validate để xem lỗi.\n${summaryLine(result)}\n`);
    return EXIT_INVALID;
  }
  const today = values.today ?? todayIso();
  const report = buildReport(result.registry, today);
  if (format === 'json') io.out(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'csv') io.out(reportToCsv(report));
  else io.out(reportToMarkdown(report));
  return EXIT_OK;
}

if (import.meta.main) await run(main, USAGE);
