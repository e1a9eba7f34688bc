/**
 * The fixture table of the validation rules (docs/registry-format.md, "Validation
 * rules"): every folder of test/fixtures/invalid/ is one defect laid over the valid base
 * registry, and test/fixtures/invalid/expected.yaml lists every problem it must produce.
 * The table is checked both ways, like publiccode-parser-go's testdata: no case without an
 * expectation, no expectation without a case, and a case that yields nothing fails.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateRegistry, type ValidationResult } from '../src/registry/load.ts';
import { validateRegistryParallel, validateRegistryProblems } from '../src/registry/parallel.ts';
import { RULES, type Problem, type Rule } from '../src/registry/problems.ts';

/** A fixed "today", so the future-date cases stay in the future (and the rest in the past). */
const TODAY = '2026-11-26';
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BASE = path.join(FIXTURES, 'base');
const INVALID = path.join(FIXTURES, 'invalid');
const VALID = path.join(FIXTURES, 'valid');
const SHIPPED = fileURLToPath(new URL('../registry/', import.meta.url));

/** Files of a case folder that steer the overlay instead of being copied. */
const DELETE_FILE = '.delete';
const SYMLINK_FILE = '.symlink';

/**
 * Cases whose expectation is the contract but whose current output is wrong. Each entry
 * names the bug and pins today's output exactly: the test checks that the case still
 * produces that (and not the contract), so it turns red as soon as the bug is fixed —
 * then delete the entry and the case is held to expected.yaml like every other.
 */
interface KnownBug {
  reason: string;
  /** What the validator reports today, as "rule file:line:col". */
  actual: string[];
}
const U1 = 'units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml';
const KNOWN_BUGS: Readonly<Record<string, KnownBug>> = {};

interface Expected {
  rule: string;
  file: string;
  line: number;
  column: number;
}

const EXPECTED_PATTERN = /^([a-z-]+) (\S+):(\d+):(\d+)$/;

function parseExpected(text: string): Expected | undefined {
  const match = EXPECTED_PATTERN.exec(text);
  if (!match) return undefined;
  const [, rule = '', file = '', line = '', column = ''] = match;
  return { rule, file, line: Number(line), column: Number(column) };
}

function format(p: Expected | Problem): string {
  return `${p.rule} ${p.file}:${p.line}:${p.column}`;
}

/** Same order as the validator's own (file, line, column, rule), so lists compare as written. */
function byPosition(a: Expected, b: Expected): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/** The rule a case folder is about: the longest rule its name starts with. */
function ruleOfCase(name: string): Rule | undefined {
  return [...RULES].sort((a, b) => b.length - a.length).find((rule) => name === rule || name.startsWith(`${rule}-`));
}

function listLines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Base registry, then the case's deletions, then its files, then its links. */
function materialize(caseName: string, into: string): string {
  const caseDir = path.join(INVALID, caseName);
  const dir = path.join(into, caseName);
  cpSync(BASE, dir, { recursive: true });
  for (const rel of listLines(path.join(caseDir, DELETE_FILE))) rmSync(path.join(dir, rel), { recursive: true, force: true });
  cpSync(caseDir, dir, { recursive: true, filter: (src) => ![DELETE_FILE, SYMLINK_FILE].includes(path.basename(src)) });
  // Links are made here rather than stored in git, so a checkout on any system stays plain files.
  for (const line of listLines(path.join(caseDir, SYMLINK_FILE))) {
    const [link = '', target = ''] = line.split(/\s+->\s+/);
    mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
    symlinkSync(target, path.join(dir, link));
  }
  return dir;
}

const caseNames = readdirSync(INVALID, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const expectedTable = parse(readFileSync(path.join(INVALID, 'expected.yaml'), 'utf8')) as Record<string, unknown>;
const validNames = readdirSync(VALID, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'registry-fixtures-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const results = new Map<string, ValidationResult>();
function resultOf(caseName: string): ValidationResult {
  let result = results.get(caseName);
  if (!result) {
    result = validateRegistry(materialize(caseName, tmp), { today: TODAY });
    results.set(caseName, result);
  }
  return result;
}
const problemsOf = (caseName: string): Problem[] => resultOf(caseName).problems;

describe('the fixture table', () => {
  it('has an expectation for every case folder', () => {
    expect(caseNames.filter((name) => !(name in expectedTable))).toEqual([]);
  });

  it('has a case folder for every expectation', () => {
    expect(Object.keys(expectedTable).filter((name) => !caseNames.includes(name))).toEqual([]);
  });

  it('names every case folder after the rule it breaks', () => {
    expect(caseNames.filter((name) => ruleOfCase(name) === undefined)).toEqual([]);
  });

  it('writes every expectation as a non-empty list of "rule file:line:col" with a known rule', () => {
    const malformed: string[] = [];
    for (const [name, list] of Object.entries(expectedTable)) {
      if (!Array.isArray(list) || list.length === 0) {
        malformed.push(`${name}: not a non-empty list`);
        continue;
      }
      for (const item of list) {
        const parsed = typeof item === 'string' ? parseExpected(item) : undefined;
        if (!parsed || !(RULES as readonly string[]).includes(parsed.rule) || parsed.line < 1 || parsed.column < 1)
          malformed.push(`${name}: ${String(item)}`);
      }
    }
    expect(malformed).toEqual([]);
  });

  it('has at least one case for every rule that validation can produce', () => {
    const covered = new Set(caseNames.map(ruleOfCase));
    expect(RULES.filter((rule) => !covered.has(rule))).toEqual([]);
  });

  it('deletes only paths that exist in the base registry and writes every link as "link -> target"', () => {
    const wrong = caseNames.flatMap((name) => [
      ...listLines(path.join(INVALID, name, DELETE_FILE))
        .filter((rel) => !existsSync(path.join(BASE, rel)))
        .map((rel) => `${name}/${DELETE_FILE}: ${rel}`),
      ...listLines(path.join(INVALID, name, SYMLINK_FILE))
        .filter((line) => !/^\S+\s+->\s+\S+$/.test(line))
        .map((line) => `${name}/${SYMLINK_FILE}: ${line}`),
    ]);
    expect(wrong).toEqual([]);
  });

  it('keeps a known-bug entry only for an existing case', () => {
    expect(Object.keys(KNOWN_BUGS).filter((name) => !caseNames.includes(name))).toEqual([]);
  });
});

describe('the fixture table on worker threads', () => {
  // What the parallel path does differently: file names checked while the workers parse,
  // units in id order without a sort, clean results as flat lists, account keys from the
  // workers. One case for each (a run starts two workers: ~1 s a case).
  const cases = [
    'duplicate-id-unit',
    'id-format-reserved',
    'id-format-yml',
    'file-not-regular-unit-symlink',
    'duplicate-account-two-units',
    'duplicate-account-same-unit',
    'date-order-future-dissolved',
    'successor-missing',
    'parent-cycle-two-units',
    'level-parent-cdcs-under-tinh',
    'root-second-top',
    'reported-official-account',
    'text-normalized-nfd-name',
    // Hidden groups known by digest only: their keys come from the workers (and, problems only, without any address).
    'duplicate-account-hidden-group-digest',
    'hidden-group-plaintext-url',
    'group-encrypted-format-other-salt',
  ];

  it('names existing cases', () => {
    expect(cases.filter((name) => !caseNames.includes(name))).toEqual([]);
  });

  it.each(cases)('%s: the same problems, problems only and in full', async (name) => {
    const expected = problemsOf(name);
    const dir = path.join(tmp, name);
    // One file a thread is enough to start both workers on the 5-unit base registry.
    const full = await validateRegistryParallel(dir, { today: TODAY, minFilesPerThread: 1, batch: 2 });
    expect(full.problems).toEqual(expected);
    expect(full.registry?.units).toEqual(resultOf(name).registry?.units);
    const problemsOnly = await validateRegistryProblems(dir, { today: TODAY, minFilesPerThread: 1 });
    expect(problemsOnly.problems).toEqual(expected);
  });
});

describe('valid registries', () => {
  it('accepts the base registry with no problem at all', () => {
    const result = validateRegistry(BASE, { today: TODAY });
    expect(result.problems.map(format)).toEqual([]);
    expect(result).toMatchObject({ ok: true, units: 5, accounts: 8 });
  });

  it.each(validNames)('accepts valid/%s with no problem at all', (name) => {
    const result = validateRegistry(path.join(VALID, name), { today: TODAY });
    expect(result.problems.map(format)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('accepts the shipped registry as of today', () => {
    const result = validateRegistry(SHIPPED);
    expect(result.problems.filter((p) => p.severity === 'error').map(format)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('accepts a unit file of exactly 64 KiB and refuses one byte more', () => {
    const file = 'units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml';
    const dir = path.join(tmp, 'size-limit');
    cpSync(BASE, dir, { recursive: true });
    const text = readFileSync(path.join(BASE, file), 'utf8');
    const padded = (size: number) => {
      const head = `${text}# `;
      return `${head}${'x'.repeat(size - Buffer.byteLength(head) - 1)}\n`;
    };
    writeFileSync(path.join(dir, file), padded(64 * 1024));
    expect(validateRegistry(dir, { today: TODAY }).problems.map(format)).toEqual([]);
    writeFileSync(path.join(dir, file), padded(64 * 1024 + 1));
    expect(validateRegistry(dir, { today: TODAY }).problems.map(format)).toEqual([`file-too-large ${file}:1:1`]);
  });
});

describe('invalid cases', () => {
  for (const name of caseNames) {
    const list = expectedTable[name];
    const expected = (Array.isArray(list) ? list : [])
      .map((item) => (typeof item === 'string' ? parseExpected(item) : undefined))
      .filter((item): item is Expected => item !== undefined)
      .sort(byPosition)
      .map(format);
    const bug = KNOWN_BUGS[name];
    if (bug) {
      it(`${name} still shows a known validator bug, pinned in KNOWN_BUGS until it is fixed`, () => {
        const actual = problemsOf(name).map(format);
        expect(actual, bug.reason).not.toEqual(expected);
        expect(actual, `${bug.reason} — if fixed, delete this KNOWN_BUGS entry`).toEqual(bug.actual);
      });
    } else {
      it(`${name} reports exactly the problems listed in expected.yaml`, () => {
        expect(problemsOf(name).map(format)).toEqual(expected);
      });
    }
  }

  it('produces, for each case, at least one problem of the rule the case is named after', () => {
    // A known bug may be exactly that silence; it is pinned above instead.
    const silent = caseNames.filter((name) => KNOWN_BUGS[name] === undefined && !problemsOf(name).some((p) => p.rule === ruleOfCase(name)));
    expect(silent).toEqual([]);
  });

  it('uses only rules from the RULES list', () => {
    const unknown = caseNames.flatMap((name) =>
      problemsOf(name)
        .filter((p) => !(RULES as readonly string[]).includes(p.rule))
        .map((p) => `${name}: ${p.rule}`),
    );
    expect(unknown).toEqual([]);
  });

  it('marks a case invalid exactly when it has an error', () => {
    const wrong = caseNames.filter((name) => {
      const { ok, problems } = resultOf(name);
      return ok !== problems.every((p) => p.severity === 'warning');
    });
    expect(wrong).toEqual([]);
  });

  it('reports text-normalized as a warning and every other rule as an error', () => {
    const wrong = caseNames.flatMap((name) =>
      problemsOf(name)
        .filter((p) => (p.rule === 'text-normalized') !== (p.severity === 'warning'))
        .map((p) => `${name}: ${p.rule} ${p.severity}`),
    );
    expect(wrong).toEqual([]);
  });

  it('writes every message in plain Vietnamese, without stack traces or leaked values', () => {
    const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
    const LEAKS = [/Error:/, /undefined/, /\[object/, /\n\s+at /, /\bat .+:\d+:\d+\)?$/m, /\bNaN\b/];
    const bad = caseNames.flatMap((name) =>
      problemsOf(name)
        .filter((p) => p.message.trim() === '' || !VIETNAMESE.test(p.message) || LEAKS.some((leak) => leak.test(p.message)))
        .map((p) => `${name}: ${format(p)}: ${p.message}`),
    );
    expect(bad).toEqual([]);
  });
});
