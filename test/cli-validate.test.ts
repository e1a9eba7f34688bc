/**
 * `npm run validate` as CI and people run it: the real command in a child process, from
 * the repository root. A table of arguments → exit code → output snapshot
 * (test/__snapshots__/cli-validate.test.ts.snap), then the JSON shape of
 * docs/interfaces.md, the GitHub step summary and the shipped registry.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../src/registry/problems.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const TODAY = '2026-11-26';
/** Two problems in two files: shows sorting, positions and the summary line. */
const INVALID_CASE = 'root-not-top';
/**
 * A warning only: valid, exit 0, but the warning is printed. Its column is the one the
 * text-normalized known bug produces (see KNOWN_BUGS in validate-fixtures.test.ts): update
 * the snapshot (`vitest -u`) when that bug is fixed.
 */
const WARNING_CASE = 'text-normalized-nfd-name';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let tmp = '';
const casePath = (name: string) => path.join(tmp, name);

/** The case's registry laid out in a temp folder (plain overlays only: no .delete or .symlink). */
function materialize(name: string): void {
  cpSync(path.join(FIXTURES, 'base'), casePath(name), { recursive: true });
  cpSync(path.join(FIXTURES, 'invalid', name), casePath(name), { recursive: true });
}

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Temp paths differ on every run: the relative form the github format prints, and absolute ones. */
function normalize(text: string): string {
  const relative = path.relative(ROOT, tmp).split(path.sep).join('/');
  return text.replaceAll(relative, '<tmp>').replaceAll(tmp, '<tmp>');
}

function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const inherited = { ...process.env };
  for (const name of ['REGISTRY_DIR', 'GITHUB_STEP_SUMMARY', 'DEBUG', 'FORCE_COLOR']) delete inherited[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['src/cli/validate.ts', ...args],
      { cwd: ROOT, env: { ...inherited, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout: normalize(stdout), stderr: normalize(stderr) });
      },
    );
  });
}

interface Row {
  name: string;
  /** `{case}` and `{warning}` stand for the materialised registries, `{summary}` for the step summary file. */
  args: string[];
  env?: Record<string, string>;
  exit: 0 | 1 | 2;
}

const rows: Row[] = [
  { name: 'the base registry in text', args: ['--registry', 'test/fixtures/base', '--today', TODAY], exit: 0 },
  { name: 'an invalid registry in text', args: ['--registry', '{case}', '--today', TODAY], exit: 1 },
  {
    name: 'an invalid registry in github',
    args: ['--registry', '{case}', '--today', TODAY, '--format', 'github'],
    env: { GITHUB_STEP_SUMMARY: '{summary}' },
    exit: 1,
  },
  { name: 'an invalid registry in json', args: ['--registry', '{case}', '--today', TODAY, '--format', 'json'], exit: 1 },
  { name: 'a registry with only a warning in text', args: ['--registry', '{warning}', '--today', TODAY], exit: 0 },
  { name: 'an unknown format', args: ['--registry', 'test/fixtures/base', '--format', 'xml'], exit: 2 },
  { name: 'a registry folder that does not exist', args: ['--registry', '/nonexistent'], exit: 2 },
  { name: 'an unknown flag', args: ['--registry', 'test/fixtures/base', '--strict'], exit: 2 },
  { name: 'a stray argument', args: ['test/fixtures/base'], exit: 2 },
  { name: 'REGISTRY_DIR naming an invalid registry', args: ['--today', TODAY], env: { REGISTRY_DIR: '{case}' }, exit: 1 },
  {
    name: '--registry taking precedence over REGISTRY_DIR',
    args: ['--registry', 'test/fixtures/base', '--today', TODAY],
    env: { REGISTRY_DIR: '/nonexistent' },
    exit: 0,
  },
];

const summaryFile = () => path.join(tmp, 'step-summary.md');
const fill = (value: string) =>
  value.replace('{case}', casePath(INVALID_CASE)).replace('{warning}', casePath(WARNING_CASE)).replace('{summary}', summaryFile());

/**
 * Every child process starts at once, before the tests, which then only await their own:
 * each costs about half a second of Node start-up, so running them in turn would be slow.
 */
const runs = new Map<string, Promise<CliResult>>();
const started = (key: string): Promise<CliResult> => {
  const run = runs.get(key);
  if (!run) throw new Error(`no run started for ${key}`);
  return run;
};
const SHIPPED = 'the shipped registry';
const BAD_TODAY = 'a --today that is not a date';
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'registry-cli-'));
  materialize(INVALID_CASE);
  materialize(WARNING_CASE);
  for (const row of rows) {
    const env = Object.fromEntries(Object.entries(row.env ?? {}).map(([name, value]) => [name, fill(value)]));
    runs.set(row.name, runCli(row.args.map(fill), env));
  }
  // The real command as CI runs it: no flags, ./registry, today's date.
  runs.set(SHIPPED, runCli([]));
  runs.set(BAD_TODAY, runCli(['--registry', 'test/fixtures/base', '--today', '26/11/2026']));
});

// Generous: the children share the machine's cores with the other test files.
describe('npm run validate', { timeout: 30_000 }, () => {
  for (const row of rows) {
    it(`exits ${row.exit} for ${row.name} and prints the expected output`, async () => {
      const result = await started(row.name);
      expect(result.code).toBe(row.exit);
      // Results go to stdout, usage and failures to stderr, never both.
      if (row.exit === 2) expect(result.stdout).toBe('');
      else expect(result.stderr).toBe('');
      expect(result).toMatchSnapshot();
    });
  }

  it('prints JSON of the shape in interfaces.md', async () => {
    const result = await started('an invalid registry in json');
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['accounts', 'ok', 'problems', 'units']);
    expect(body).toMatchObject({ ok: false, units: 5, accounts: 8 });
    const problems = body.problems as Record<string, unknown>[];
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(Object.keys(problem).sort()).toEqual(['column', 'file', 'line', 'message', 'path', 'rule', 'severity']);
      expect(problem).toEqual({
        file: expect.stringMatching(/^[^/\\].*\.yaml$/),
        line: expect.any(Number),
        column: expect.any(Number),
        path: expect.any(String),
        rule: expect.toBeOneOf([...RULES]),
        severity: expect.toBeOneOf(['error', 'warning']),
        message: expect.stringMatching(/\S/),
      });
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.column).toBeGreaterThanOrEqual(1);
    }
    expect(body.ok).toBe(!problems.some((p) => p.severity === 'error'));
  });

  it('writes the Markdown step summary with a table of problems when GITHUB_STEP_SUMMARY is set', async () => {
    const result = await started('an invalid registry in github');
    expect(result.code).toBe(1);
    const markdown = normalize(readFileSync(summaryFile(), 'utf8'));
    expect(markdown).toContain('| Tệp | Dòng | Quy tắc | Mức | Cần sửa |');
    expect(markdown).toContain('| `<tmp>/root-not-top/units/huyen/ldld-vi-du-mot.yaml` | 4:9 | `root` | lỗi |');
    expect(markdown).toContain('| `<tmp>/root-not-top/units/ldld-kon-tum.yaml` | 1:1 | `root` | lỗi |');
    expect(markdown).toMatchSnapshot();
  });

  it('accepts the shipped registry, so a broken registry/ fails CI', async () => {
    const result = await started(SHIPPED);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Hợp lệ: \d+ đơn vị, \d+ tài khoản/m);
  });

  it('refuses a --today that is not a date, with the usage on stderr', async () => {
    const result = await started(BAD_TODAY);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--today');
    expect(result.stderr).toContain('Usage: npm run validate');
  });
});
