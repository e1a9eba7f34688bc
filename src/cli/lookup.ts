import { groupDigest } from '../registry/group-digest.ts';
import { answerLookup, buildLookupFacts, type LookupAnswer } from '../lib/lookup.ts';
import { resolveRegistryDir } from '../registry/load.ts';
import { validateRegistryParallel } from '../registry/parallel.ts';
import { todayIso } from '../registry/model.ts';
import { summaryLine } from '../registry/format.ts';
import { EXIT_INVALID, EXIT_OK, oneOf, parseCliArgs, run, todayOption, UsageError, type Io } from './run.ts';

export const USAGE = 'Usage: npm run lookup -- [--registry DIR] [--format text|json] ADDRESS';

const STATUS_LABELS: Record<LookupAnswer['status'], string> = {
  official: 'CHÍNH THỨC',
  former: 'KHÔNG CÒN CHÍNH THỨC',
  reported: 'ĐÃ BỊ BÁO CÁO GIẢ MẠO',
  unknown: 'CHƯA CÓ TRONG DANH BẠ',
  invalid: 'KHÔNG PHẢI ĐỊA CHỈ TÀI KHOẢN FACEBOOK',
};

export function formatAnswerText(answer: LookupAnswer): string {
  const lines = [`${STATUS_LABELS[answer.status]} (${answer.status})`, answer.message];
  if (answer.key) lines.push(`Khoá: ${answer.key}`);
  if (answer.unit) lines.push(`Đơn vị: ${answer.unit.name} (${answer.unit.id})`);
  const label = answer.status === 'former' ? 'Địa chỉ hiện tại' : 'Trang thật';
  for (const account of answer.realAccounts) lines.push(`${label}: ${account.name} — ${account.url}`);
  return `${lines.join('\n')}\n`;
}

export async function main(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCliArgs(
    args,
    { registry: { type: 'string' }, format: { type: 'string' }, today: { type: 'string' } },
    true,
  );
  const format = oneOf(values.format, ['text', 'json'] as const, 'text', 'format');
  if (positionals.length !== 1) throw new UsageError('Give exactly one address to look up.');
  const result = await validateRegistryParallel(resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR), {
    today: todayOption(values.today),
  });
  if (!result.ok || !result.registry) {
    io.err(`Danh bạ chưa hợp lệ nên chưa thể tra cứu. Hãy chạy npm run validate để xem lỗi.\n${summaryLine(result)}\n`);
    return EXIT_INVALID;
  }
  const facts = buildLookupFacts(result.registry, values.today ?? todayIso());
  // Hidden groups of an encrypted registry are known by digest only, as on the site.
  const digest = result.registry.settings.privacy.group_digest;
  const answer = await answerLookup(positionals[0] ?? '', (key) => facts.get(key) ?? [], digest && ((key) => groupDigest(key, digest)));
  io.out(format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : formatAnswerText(answer));
  return EXIT_OK;
}

if (import.meta.main) await run(main, USAGE);
