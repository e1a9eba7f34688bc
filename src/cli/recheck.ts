/**
 * `npm run recheck`: the current accounts that are overdue for re-confirmation, grouped
 * by the upper-level union that confirms them (src/lib/recheck.ts). Exit 0 whatever is
 * overdue; 1 when the registry is invalid; 2 on a usage error.
 *
 * With `GITHUB_REPOSITORY` or `REPO_URL` set, the Markdown links each account to
 * GitHub's editor for its unit's file.
 */
import { findOverdue, type RecheckResult } from '../lib/recheck.ts';
import { recheckToMarkdown } from '../submit/recheck-text.ts';
import { githubRepoFromEnv } from '../submit/registration.ts';
import { summaryLine } from '../registry/format.ts';
import { resolveRegistryDir } from '../registry/load.ts';
import { todayIso } from '../registry/model.ts';
import { validateRegistryParallel } from '../registry/parallel.ts';
import { EXIT_INVALID, EXIT_OK, oneOf, parseCliArgs, run, todayOption, type Io } from './run.ts';

export const USAGE = 'Usage: npm run recheck -- [--registry DIR] [--today YYYY-MM-DD] [--format md|json]';

/** The registry's recheck result, or null (with the message written) when it is invalid. */
export async function loadRecheck(registryFlag: string | undefined, todayFlag: string | undefined, io: Io): Promise<RecheckResult | null> {
  const today = todayOption(todayFlag);
  const result = await validateRegistryParallel(resolveRegistryDir(registryFlag ?? io.env.REGISTRY_DIR), { today });
  if (!result.ok || !result.registry) {
    io.err(`Danh bạ chưa hợp lệ nên chưa thể lập danh sách xác nhận lại. Hãy chạy npm run validate để xem lỗi.\n${summaryLine(result)}\n`);
    return null;
  }
  return findOverdue(result.registry, today ?? todayIso());
}

export async function main(args: string[], io: Io): Promise<number> {
  const { values } = parseCliArgs(args, { registry: { type: 'string' }, format: { type: 'string' }, today: { type: 'string' } });
  const format = oneOf(values.format, ['md', 'json'] as const, 'md', 'format');
  const result = await loadRecheck(values.registry, values.today, io);
  if (!result) return EXIT_INVALID;
  io.out(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : recheckToMarkdown(result, githubRepoFromEnv(io.env)));
  return EXIT_OK;
}

if (import.meta.main) await run(main, USAGE);
