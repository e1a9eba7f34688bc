import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../src/cli/gen.ts';
import { canonicalize } from '../src/registry/facebook-url.ts';
import { checkUnitFile } from '../src/registry/file-result.ts';
import { readPlainYaml } from '../src/registry/plain-yaml.ts';
import { parsePrecise, prepareText } from '../src/registry/yaml.ts';

/** No settings: only the reading and the schema matter here. */
const NO_SETTINGS = { settings: undefined, today: '2026-11-26', canonical: canonicalize };

const tmp = mkdtempSync(path.join(os.tmpdir(), 'plain-yaml-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => lstatSync(f).isFile());

/**
 * What the reader of record (`yaml`, as the validator calls it) reads, or a marker when
 * it has anything to report: the fast path must then give up.
 */
function ofRecord(text: string): unknown {
  const precise = parsePrecise('unit.yaml', text);
  return precise.problems.length === 0 && precise.value !== undefined ? precise.value : 'yaml refused this text';
}

/** Wherever the reader answers, `yaml` gives the same value, keys in the same order. */
function agrees(text: string): boolean {
  const prepared = prepareText(text).text;
  const fast = readPlainYaml(prepared);
  if (fast === undefined) return false;
  const record = ofRecord(prepared);
  expect(fast, JSON.stringify(prepared)).toStrictEqual(record);
  expect(JSON.stringify(fast), JSON.stringify(prepared)).toBe(JSON.stringify(record));
  return true;
}

const generated = path.join(tmp, 'registry');
generateRegistry({ units: 3000, out: generated, seed: 5 });
const corpus = [
  ...yamlFiles(path.join(generated, 'units')),
  ...yamlFiles(path.join(import.meta.dirname, '..', 'registry', 'units')),
  ...yamlFiles(path.join(import.meta.dirname, 'fixtures')),
].map((f) => readFileSync(f, 'utf8'));

describe('the plain YAML reader', () => {
  it('reads every generated unit file and every shipped one exactly as yaml does', () => {
    const units = yamlFiles(path.join(generated, 'units'));
    expect(units.filter((f) => agrees(readFileSync(f, 'utf8')))).toHaveLength(3000);
    // The generated files have the form's shapes: the schema comment and `follows: [a, b]`.
    expect(units.filter((f) => /^# yaml-language-server: .*\n[^]*follows: \[\w/.test(readFileSync(f, 'utf8'))).length).toBeGreaterThan(
      2000,
    );
    const shipped = yamlFiles(path.join(import.meta.dirname, '..', 'registry', 'units'));
    expect(shipped.filter((f) => agrees(readFileSync(f, 'utf8')))).toHaveLength(shipped.length);
    // The settings too, shipped and generated (flow lists of level ids, `118/LĐLĐ`).
    expect(agrees(readFileSync(path.join(import.meta.dirname, '..', 'registry', 'registry.yaml'), 'utf8'))).toBe(true);
    expect(agrees(readFileSync(path.join(generated, 'registry.yaml'), 'utf8'))).toBe(true);
  }, 120_000);

  it('agrees with yaml on every fixture, valid or not, wherever it answers', () => {
    const answered = yamlFiles(path.join(import.meta.dirname, 'fixtures')).filter((f) => agrees(readFileSync(f, 'utf8')));
    expect(answered.length).toBeGreaterThan(20);
    // Encrypted contacts (`admins_age: |` and the armored text) take the fast path too.
    const encrypted = yamlFiles(path.join(import.meta.dirname, 'fixtures', 'valid', 'encrypted', 'units'));
    expect(encrypted.filter((f) => readFileSync(f, 'utf8').includes('admins_age: |')).length).toBeGreaterThan(0);
    expect(encrypted.filter((f) => !answered.includes(f))).toEqual([]);
  }, 60_000);

  it.each([
    ['quoted and plain values', 'name: "Công đoàn"\nshort_name: \'CĐ\'\nlevel: cdcs\nmembers: 12\n', true],
    ['text that starts with a digit', 'number: 118/LĐLĐ\nb: 1_000\nc: 12 Trần Hưng Đạo\nd: [3 giờ, 4/5]\n', true],
    ['a number-like word', 'a: 12abc\n', false],
    ['dates and a URL', 'since: 2018-09-14\nurl: https://www.facebook.com/a#b\n', true],
    ['comment lines, blank lines, CRLF', '# đầu tệp\r\nname: A\r\n\r\n  # giữa\r\nlevel: cdcs\r\n', true],
    [
      'nested sequences of mappings',
      'accounts:\n  - role: unit\n    follows:\n      - a\n      - b\n  -   role: chair\n      url: x\n',
      true,
    ],
    ['an empty list', 'accounts: []\n', true],
    ['an empty list with a space', 'accounts: [ ]\n', true],
    ['a one-line flow list', 'follows: [congdoankontum, congdoanvietnam]\n', true],
    ['a flow list of quoted, numeric and spaced items', 'a: [ "1", \'b, c\' ,d e, 7]\nb:\n  - [x]\n', true],
    ['a flow list with a trailing comma', 'a: [b,]\n', false],
    ['a flow list with an empty item', 'a: [b, , c]\n', false],
    ['a flow list over two lines', 'a: [b,\n  c]\n', false],
    ['a flow list and a comment', 'a: [b] # c\n', false],
    ['a nested flow list', 'a: [b, [c]]\n', false],
    ['a flow list holding a pair', 'a: [b: c]\n', false],
    ['a flow list holding a keyword', 'a: [b, null]\n', false],
    ['a flow list holding an escape', 'a: ["b\\n"]\n', false],
    ['a flow list holding a doubled quote', "a: ['it''s']\n", false],
    ['an unclosed flow list', 'a: [b\n', false],
    ['a quoted value with a comment glued on', 'short_name: "CĐ Viên chức tỉnh"# ghi chú\n', false],
    ['a double-quoted value continued at column 0', 'name: "Công đoàn\nViên chức"\n', false],
    ['a tab before a quoted continuation', 'name: "Công đoàn\n\tViên chức"\n', false],
    ['a True key', 'True: a\n', false],
    ['a NULL key', 'NULL: a\n', false],
    ['a null key', 'null: a\n', false],
    ['a false key in a list item', 'a:\n  - false: b\n', false],
    ['a tilde key', '~: a\n', false],
    ['a numeric key', '1: a\n', false],
    ['a word key that is no keyword', 'Nullable: a\ntrue_: b\n', true],
    ['a key of 1024 characters', `${'k'.repeat(1024)}: a\n`, true],
    ['a key of 1025 characters', `${'k'.repeat(1025)}: a\n`, false],
    ['a duplicate key in a list item', 'a:\n  - b: 1\n    b: 2\n', false],
    ['booleans and null', 'a: true\n', false],
    ['null word', 'a: null\n', false],
    ['tilde', 'a: ~\n', false],
    ['empty value', 'a:\nb: c\n', false],
    ['float', 'a: 1.5\n', false],
    ['exponent', 'a: 1e3\n', false],
    ['hex', 'a: 0x1F\n', false],
    ['leading zero', 'a: 0905123456\n', false],
    ['signed', 'a: -5\n', false],
    ['infinity', 'a: .inf\n', false],
    ['a comment after a value', 'a: b # c\n', false],
    ['a colon and space in a plain value', 'a: b: c\n', false],
    ['escapes in double quotes', 'a: "b\\nc"\n', false],
    ['a doubled single quote', "a: 'it''s'\n", false],
    ['a flow mapping', 'a: {b: c}\n', false],
    ['a literal block', 'a: |\n  b\n', true],
    [
      'a literal block as the form writes encrypted contacts',
      'a:\n  - k: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdl+/= x: #y \n    c: d\n',
      true,
    ],
    ['a stripped literal block at the end', 'k: |-\n  x\n  y\n', true],
    ['a literal block with a comment-like line', 'k: |\n  x\n  # y\n', false],
    ['a literal block with a blank line', 'k: |\n  x\n\n  y\n', false],
    ['a literal block followed by a blank line', 'k: |\n  x\n\nb: c\n', false],
    ['a kept literal block', 'k: |+\n  x\n', false],
    ['a literal block with an indentation indicator', 'k: |2\n   x\n', false],
    ['a literal block with a deeper line', 'k: |\n  x\n   y\n', false],
    ['a literal block without a final line break', 'k: |\n  x', false],
    ['a literal block with a comment after the indicator', 'k: | # c\n  x\n', false],
    ['a literal block not indented', 'k: |\nx\n', false],
    ['a folded scalar', 'a: >\n  b\n', false],
    ['a multi-line plain value', 'a: b\n  c\n', false],
    ['an anchor and alias', 'a: &x b\nc: *x\n', false],
    ['&, * and ! inside a value', 'name: Công ty A & B *C* D!\n', true],
    ['an anchored mapping', 'a: &x\n  b: c\n', false],
    ['an anchored or tagged item', 'a:\n  - &x b\n  - !t c\n', false],
    ['a merge key', 'a: b\n<<: c\n', false],
    ['a tag', 'a: !!str 5\n', false],
    ['a duplicate key', 'a: b\na: c\n', false],
    ['a prototype key', '__proto__: x\n', false],
    ['a tab', 'a:\tb\n', false],
    ['a non-breaking space as indentation', 'a:\n\u00a0 b: c\n', false],
    ["a sequence at the key's indentation", 'a:\n- b\n', false],
    ['a document marker', '---\na: b\n', false],
    ['two documents', 'a: b\n---\nc: d\n', false],
    ['a top-level sequence', '- a\n', false],
    ['a scalar document', 'abc\n', false],
    ['only comments', '# x\n', false],
    ['a lone carriage return', 'a: b\rc: d\n', false],
    ['a control character', 'a: b\u0007\n', false],
    ['a key with a space before the colon', 'a : b\n', false],
    ['a quoted key', '"a": b\n', false],
    ['bad indentation', 'a:\n    b: c\n  d: e\n', false],
  ])('%s', (_name, text, expected) => {
    expect(readPlainYaml(text) !== undefined).toBe(expected);
    if (expected) agrees(text);
  });

  it('agrees with yaml on thousands of mutated files', () => {
    let seed = 0x5eed;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const inserts = [
      ': ',
      ':',
      ' #',
      '#',
      '"',
      "'",
      '\\',
      '\t',
      '\r',
      '\n',
      '\n  ',
      '- ',
      '-',
      '[',
      ']',
      '{',
      '}',
      '|',
      '>',
      '&a ',
      '*a',
      '!',
      '?',
      '%',
      '@',
      '`',
      ',',
      ' ',
      '  ',
      '\u00a0',
      '0',
      '00',
      '1.5',
      'true',
      'null',
      '~',
      '.inf',
      '0x1',
      '0o7',
      '+1',
      '-1',
      '2018-09-14',
      'e3',
      '__proto__: 1\n',
      'x: 1\n',
      'True: 1\n',
      'NULL: 1\n',
      'null',
      '1: x\n',
      ' [a, b]',
      '[]',
      ', ',
      ',',
      '"a"',
      "'b'",
      'follows: [a, "b"]\n',
      '|',
      '|-',
      '|+',
      '\n      ',
      '\n\n',
      '  # c',
      '---\n',
      '...\n',
      '\u2028',
      '\u0085',
      '\ufeff',
      'đ',
    ];
    let answered = 0;
    for (let n = 0; n < 20000; n++) {
      let text = pick(corpus);
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        const at = Math.floor(rand() * (text.length + 1));
        const what = rand();
        if (what < 0.6) text = text.slice(0, at) + pick(inserts) + text.slice(at);
        else if (what < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 4));
        else {
          const lines = text.split('\n');
          const i = Math.floor(rand() * lines.length);
          lines.splice(i, 0, rand() < 0.5 ? (lines[i] ?? '') : ` ${lines[i] ?? ''}`);
          text = lines.join('\n');
        }
      }
      if (agrees(text)) answered++;
    }
    // Many mutations keep the plain shape: the comparison is not vacuous.
    expect(answered).toBeGreaterThan(4000);
  }, 120_000);

  it.each([
    ['a comment glued to a quoted value', (t: string) => t.replace(/^name: .*$/m, '$&\nshort_name: "CĐ Viên chức tỉnh"# ghi chú'), 3],
    ['a double-quoted value continued at column 0', (t: string) => t.replace(/^name: (.*)$/m, 'name: "$1\nsố 2"'), 2],
    ["a tab before a quoted value's continuation", (t: string) => t.replace(/^name: (.*)$/m, 'name: "$1\n\tsố 2"'), 2],
  ])('the validator refuses %s (YAML 1.2 does), with a yaml-syntax problem on its line', (_name, edit, line) => {
    const abs = path.join(tmp, 'refused.yaml');
    const text = edit(readFileSync(yamlFiles(path.join(generated, 'units'))[0]!, 'utf8'));
    writeFileSync(abs, text);
    expect(readPlainYaml(text)).toBeUndefined();
    const result = checkUnitFile({ id: 'refused', file: 'units/refused.yaml', abs }, NO_SETTINGS);
    expect(result.data).toBeUndefined();
    expect(result.problems.map((p) => [p.rule, p.line])).toEqual([['yaml-syntax', line]]);
  });

  it('is the only reader besides yaml: js-yaml is no dependency and no source imports it', () => {
    const root = path.join(import.meta.dirname, '..');
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    expect(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((name) => name.includes('js-yaml'))).toEqual([]);
    const sources = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|mjs|astro)$/.test(f));
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.filter((f) => /from ['"]js-yaml['"]/.test(readFileSync(path.join(root, 'src', f), 'utf8')))).toEqual([]);
  });
});
