import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { validationCacheFile } from '../registry/cache.ts';
import { formatGithub, formatJson, formatSummaryMarkdown, formatText } from '../registry/format.ts';
import { resolveRegistryDir } from '../registry/load.ts';
import { validateRegistryProblems } from '../registry/parallel.ts';
import { EXIT_INVALID, EXIT_OK, oneOf, parseCliArgs, run, todayOption, type Io } from './run.ts';

export const USAGE = 'Usage: npm run validate -- [--registry DIR] [--format text|github|json] [--today YYYY-MM-DD] [--cache]';

export async function main(args: string[], io: Io): Promise<number> {
  const { values } = parseCliArgs(args, {
    registry: { type: 'string' },
    format: { type: 'string' },
    today: { type: 'string' },
    cache: { type: 'boolean' },
  });
  const format = oneOf(values.format, ['text', 'github', 'json'] as const, 'text', 'format');
  const dir = resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR);
  // --cache: the build's validation cache (Astro's cache folder), shared with `npm run build`.
  const cacheFile = values.cache ? validationCacheFile(path.resolve('node_modules/.astro'), dir) : undefined;
  const result = await validateRegistryProblems(dir, { today: todayOption(values.today), cacheFile });
  if (format === 'json') io.out(formatJson(result));
  else if (format === 'github') {
    const shown = path.relative(process.cwd(), dir).split(path.sep).join('/');
    io.out(formatGithub(result, shown));
    const summary = io.env.GITHUB_STEP_SUMMARY;
    if (summary) appendFileSync(summary, formatSummaryMarkdown(result, shown));
  } else io.out(formatText(result));
  return result.ok ? EXIT_OK : EXIT_INVALID;
}

if (import.meta.main) await run(main, USAGE);
