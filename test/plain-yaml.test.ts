import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../src/cli/gen.ts';
import { readPlainYaml } from '../src/registry/plain-yaml.ts';
import { prepareText } from '../src/registry/yaml.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'plain-yaml-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => lstatSync(f).isFile());

/** What js-yaml reads (as the fast path calls it), or a marker when it refuses the text. */
function jsYaml(text: string): unknown {
  try {
    return jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: false });
  } catch {
    return 'js-yaml refused this text';
  }
}

/** Wherever the reader answers, js-yaml gives the same value. */
function agrees(text: string): boolean {
  const prepared = prepareText(text).text;
  const fast = readPlainYaml(prepared);
  if (fast === undefined) return false;
  expect(fast, JSON.stringify(prepared)).toEqual(jsYaml(prepared));
  return true;
}

const generated = path.join(tmp, 'registry');
generateRegistry({ units: 3000, out: generated, seed: 5 });
const corpus = [...yamlFiles(path.join(generated, 'units')), ...yamlFiles(path.join(import.meta.dirname, '..', 'registry', 'units')), ...yamlFiles(path.join(import.meta.dirname, 'fixtures'))].map((f) => readFileSync(f, 'utf8'));

describe('the plain YAML reader', () => {
  it('reads every generated unit file, and the shipped ones without a flow list, exactly as js-yaml does', () => {
    const units = yamlFiles(path.join(generated, 'units'));
    expect(units.filter((f) => agrees(readFileSync(f, 'utf8')))).toHaveLength(3000);
    const shipped = yamlFiles(path.join(import.meta.dirname, '..', 'registry', 'units'));
    const flow = shipped.filter((f) => /: \[[^\]]/.test(readFileSync(f, 'utf8')));
    expect(shipped.filter((f) => agrees(readFileSync(f, 'utf8')))).toHaveLength(shipped.length - flow.length);
  });

  it('agrees with js-yaml on every fixture, valid or not, wherever it answers', () => {
    const answered = yamlFiles(path.join(import.meta.dirname, 'fixtures')).filter((f) => agrees(readFileSync(f, 'utf8')));
    expect(answered.length).toBeGreaterThan(20);
  });

  it.each([
    ['quoted and plain values', 'name: "Công đoàn"\nshort_name: \'CĐ\'\nlevel: cdcs\nmembers: 12\n', true],
    ['dates and a URL', 'since: 2018-09-14\nurl: https://www.facebook.com/a#b\n', true],
    ['comment lines, blank lines, CRLF', '# đầu tệp\r\nname: A\r\n\r\n  # giữa\r\nlevel: cdcs\r\n', true],
    ['nested sequences of mappings', 'accounts:\n  - role: unit\n    follows:\n      - a\n      - b\n  -   role: chair\n      url: x\n', true],
    ['an empty list', 'accounts: []\n', true],
    ['a list with something in it', 'accounts: [a]\n', false],
    ['plain text with quotes, brackets and #', 'name: Công ty "A" [B] {C}#1\n', true],
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
    ["a doubled single quote", "a: 'it''s'\n", false],
    ['a flow sequence', 'a: [b, c]\n', false],
    ['a flow mapping', 'a: {b: c}\n', false],
    ['a block scalar', 'a: |\n  b\n', false],
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
    ['a sequence at the key\'s indentation', 'a:\n- b\n', false],
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
    if (expected) expect(readPlainYaml(text)).toEqual(jsYaml(text));
  });

  it('agrees with js-yaml on thousands of mutated files', () => {
    let seed = 0x5eed;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const inserts = [': ', ':', ' #', '#', '"', "'", '\\', '\t', '\r', '\n', '\n  ', '- ', '-', '[', ']', '{', '}', '|', '>', '&a ', '*a', '!', '?', '%', '@', '`', ',', ' ', '  ', '\u00a0', '0', '00', '1.5', 'true', 'null', '~', '.inf', '0x1', '0o7', '+1', '-1', '2018-09-14', 'e3', '__proto__: 1\n', 'x: 1\n', '---\n', '...\n', '\u2028', '\ufeff', 'đ'];
    let answered = 0;
    for (let n = 0; n < 6000; n++) {
      let text = pick(corpus);
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        const at = Math.floor(rand() * (text.length + 1));
        const what = rand();
        if (what < 0.6) text = text.slice(0, at) + pick(inserts) + text.slice(at);
        else if (what < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 4));
        else {
          const lines = text.split('\n');
          const i = Math.floor(rand() * lines.length);
          lines.splice(i, 0, rand() < 0.5 ? lines[i] ?? '' : ` ${lines[i] ?? ''}`);
          text = lines.join('\n');
        }
      }
      if (agrees(text)) answered++;
    }
    // Many mutations keep the plain shape: the comparison is not vacuous.
    expect(answered).toBeGreaterThan(1000);
  });
});
