/**
 * `npm run proof -- --unit ID --url URL [--since YYYY-MM-DD] [--registry DIR]`: the
 * proof-of-control code a reviewer looks for on the page (src/lib/proof-code.ts).
 * Without --since the account's `since` is read from the registry.
 */
import { proofCode } from '../lib/proof-code.ts';
import { canonicalize } from '../registry/facebook-url.ts';
import { resolveRegistryDir } from '../registry/load.ts';
import { validateRegistryParallel } from '../registry/parallel.ts';
import { isCalendarDate } from '../schema/common.ts';
import { EXIT_INVALID, EXIT_OK, parseCliArgs, run, UsageError, type Io } from './run.ts';

export const USAGE = 'Usage: npm run proof -- --unit ID --url URL [--since YYYY-MM-DD] [--registry DIR]';

export async function main(args: string[], io: Io): Promise<number> {
  const { values } = parseCliArgs(args, {
    unit: { type: 'string' },
    url: { type: 'string' },
    since: { type: 'string' },
    registry: { type: 'string' },
  });
  if (!values.unit || !values.url) throw new UsageError('Give --unit and --url.');
  if (values.since !== undefined && !isCalendarDate(values.since)) throw new UsageError('--since must be a date written YYYY-MM-DD');
  const canonical = canonicalize(values.url);
  if (!canonical.ok) {
    io.err(`${canonical.message}\n`);
    return EXIT_INVALID;
  }
  let since = values.since;
  if (since === undefined) {
    const result = await validateRegistryParallel(resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR), {});
    const unit = result.registry?.byId.get(values.unit);
    if (!unit) {
      io.err(
        `Không tìm thấy đơn vị "${values.unit}" trong danh bạ hợp lệ. Hãy kiểm tra mã đơn vị, hoặc ghi ngày đăng ký bằng --since NĂM-THÁNG-NGÀY.\n`,
      );
      return EXIT_INVALID;
    }
    const keyOf = (url: string) => {
      const c = canonicalize(url);
      return c.ok ? c.key : null;
    };
    const account = (unit.accounts ?? []).find((a) => a.url !== undefined && keyOf(a.url) === canonical.key);
    if (!account) {
      io.err(`Đơn vị "${values.unit}" chưa có tài khoản ${canonical.key}. Hãy ghi ngày đăng ký (since) bằng --since NĂM-THÁNG-NGÀY.\n`);
      return EXIT_INVALID;
    }
    since = account.since;
  }
  const code = await proofCode(values.url, values.unit, since);
  if (!code.ok) {
    io.err(`${code.message}\n`);
    return EXIT_INVALID;
  }
  io.out(`${code.code}\nTài khoản: ${code.key}\nĐơn vị: ${values.unit}\nNgày đăng ký: ${since}\n`);
  return EXIT_OK;
}

if (import.meta.main) await run(main, USAGE);
