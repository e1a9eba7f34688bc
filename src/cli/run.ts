/**
 * Shared edge of every command: `main()` returns an exit code and only this sets it.
 * 0 done and valid, 1 the input is invalid, 2 usage or internal error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RegistryUsageError } from '../registry/load.ts';
import { isCalendarDate } from '../schema/common.ts';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

export class UsageError extends Error {}

export function parseCliArgs<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, flag: string): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of: ${allowed.join(', ')}`);
}

/** `--today YYYY-MM-DD` (for reproducible runs); absent means today. */
export function todayOption(value: string | undefined): string | undefined {
  if (value !== undefined && !isCalendarDate(value)) throw new UsageError('--today must be a date written YYYY-MM-DD');
  return value;
}

/** Runs a command's main, turning usage errors and crashes into exit code 2 with one clear line. */
export async function run(main: (args: string[], io: Io) => Promise<number> | number, usage: string): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2), processIo);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RegistryUsageError) {
      process.stderr.write(`${error.message}\n\n${usage}\n`);
    } else {
      process.stderr.write(`Lỗi nội bộ (internal error): ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env.DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    }
    process.exitCode = EXIT_USAGE;
  }
}

/** True when this module is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && new URL(url).pathname === process.argv[1];
}
