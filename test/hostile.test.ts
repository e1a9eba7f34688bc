/**
 * Hostile input: what a careless or malicious pull request, a broken editor or a
 * crafted issue can put in the registry. Every case is laid over the valid base
 * registry (test/fixtures/base): either the folder test/fixtures/hostile/<case>/ (small
 * text overlays, committed), or a `generate` function for what must not be committed
 * (big, binary, symlinks, thousands of files), written into a temp folder at test time.
 *
 * Each case states its outcome: the exact problems ("rule file:line:col", sorted as the
 * validator sorts them), or "accepted". Around every case: validation returns instead
 * of throwing, every problem names a file inside the registry with a line and a column
 * and says what to do in Vietnamese, and `npm run validate` (its main) exits 0 or 1,
 * never 2. The table (CASES: name → what → expected outcome) is checked both ways
 * against the fixture folders. A `bug` note marks a case whose pinned outcome is a
 * validator defect or a hardening gap (see the note); fix it, then update the row.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main as validateMain } from '../src/cli/validate.ts';
import type { Io } from '../src/cli/run.ts';
import { csvCell } from '../src/lib/csv.ts';
import { buildReport, reportToMarkdown } from '../src/lib/report.ts';
import { buildSearchIndex, matchesQuery, tokenize, type SearchEntry } from '../src/lib/search.ts';
import { validateRegistry, type ValidationResult } from '../src/registry/load.ts';
import type { Problem } from '../src/registry/problems.ts';
import { jsonLdText } from '../src/site/json-ld.ts';
import { buildSiteModel } from '../src/site/model.ts';
import { accountsCsv, unitsJson } from '../src/site/open-data.ts';
import { buildIssueForm } from '../src/submit/issue-form.ts';
import { parseIssueBody } from '../src/submit/issue-parse.ts';
import { planChange } from '../src/submit/issue-to-yaml.ts';

const TODAY = '2026-11-26';
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BASE = path.join(FIXTURES, 'base');
const HOSTILE = path.join(FIXTURES, 'hostile');
const LOAD_TS = fileURLToPath(new URL('../src/registry/load.ts', import.meta.url));
const U1 = 'units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml';
/** Planted in every file a symlink points to: it must never show up in any output. */
const OUTSIDE_MARKER = 'BÍ-MẬT-NGOÀI-REGISTRY';
const VIETNAMESE = /[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]/i;

interface HostileCase {
  name: string;
  what: string;
  /** Writes the case into `dir` (a copy of the base registry); absent: the overlay folder hostile/<name>/. */
  generate?: (dir: string, scratch: string) => void;
  /** Every problem, errors and warnings, as "rule file:line:col"; or 'accepted' (no problem at all). */
  expect: 'accepted' | readonly string[];
  /** For outputs too long to list: problems per rule; `expect` then lists the first ones only. */
  counts?: Readonly<Record<string, number>>;
  /** The column depends on the machine (how deep the parser got before its stack ran out): compare rule, file and line. */
  approxColumn?: boolean;
  /** More to check on the result. */
  check?: (result: ValidationResult, dir: string) => void;
  /** Skip the in-process `npm run validate` run (a case big enough to start worker threads). */
  noCli?: boolean;
  /** A validator defect this case shows: the expectation pins today's output; see the report. */
  bug?: string;
}

const unit = (extra = '') => `name: Công đoàn cơ sở Trường Ví Dụ Một\nlevel: cdcs\nparent: ldld-vi-du-mot\n${extra}`;
const write = (dir: string, file: string, content: string | Uint8Array) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
};
/** A fixed pseudo-random generator: the "garbage" is the same on every run. */
function garbage(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
const withLevelTo = (dir: string) => {
  const file = path.join(dir, 'registry.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      'levels:\n',
      'levels:\n  - id: to\n    name: Tổ công đoàn\n    under: [tinh, to]\n    requires: []\n',
    ),
  );
};
const outside = (scratch: string, name: string) => {
  const file = path.join(scratch, 'outside', name);
  write(path.join(scratch, 'outside'), name, `name: ${OUTSIDE_MARKER}\nlevel: ${OUTSIDE_MARKER.toLowerCase()}\nparent: ldld-vi-du-mot\n`);
  return file;
};
const noOutsideContent = (result: ValidationResult) => {
  expect(JSON.stringify(result.problems)).not.toContain(OUTSIDE_MARKER);
  expect(JSON.stringify(result.registry?.units ?? [])).not.toContain(OUTSIDE_MARKER);
};

const H2 = 'units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml';
/** A problem about a hidden group never quotes its address. */
const noGroupIdIn = (result: ValidationResult) => {
  expect(JSON.stringify(result.problems)).not.toMatch(/100000000000003|200000000000005|groups\//);
};

const F = U1;
const X = (rule: string, line: number, column: number, file = F) => `${rule} ${file}:${line}:${column}`;

const CASES: readonly HostileCase[] = [
  // YAML itself
  {
    name: 'yaml-billion-laughs',
    what: 'anchors and aliases, 9 to a level ("billion laughs"); never expanded',
    expect: [X('yaml-alias', 1, 7), X('yaml-alias', 2, 4), X('yaml-alias', 2, 8)],
    counts: { 'yaml-alias': 31 },
  },
  {
    name: 'yaml-deep-flow-sequences',
    what: '10,000 nested [ in a 20 KB value: refused before parsing, at the 33rd bracket',
    expect: [X('yaml-syntax', 4, 42)],
    generate: (dir) => write(dir, U1, unit(`members: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`)),
  },
  {
    name: 'yaml-deep-flow-mappings',
    what: '10,000 nested { in a 60 KB value: refused before parsing, at the 33rd brace',
    expect: [X('yaml-syntax', 4, 138)],
    generate: (dir) => write(dir, U1, unit(`members: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`)),
  },
  {
    name: 'yaml-deep-block',
    what: '200 levels of block indentation (40 KB)',
    expect: [X('schema', 5, 1)],
    generate: (dir) => write(dir, U1, unit(`members:\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n')}1\n`)),
  },
  {
    name: 'yaml-merge-key',
    what: 'a merge key "<<: *chair"',
    expect: [X('yaml-alias', 5, 5), X('yaml-alias', 10, 5), X('yaml-alias', 10, 9)],
  },
  { name: 'yaml-tag', what: 'a !!js/function tag', expect: [X('yaml-syntax', 4, 10)] },
  { name: 'yaml-duplicate-key', what: 'members twice in one mapping', expect: [X('yaml-duplicate-key', 5, 1)] },
  { name: 'yaml-two-documents', what: 'a second document after ---', expect: [X('yaml-syntax', 4, 1)] },
  { name: 'yaml-empty-file', what: 'an empty unit file', expect: [X('yaml-syntax', 1, 1)] },
  { name: 'yaml-only-comments', what: 'a unit file with only comments', expect: [X('yaml-syntax', 1, 1)] },
  { name: 'yaml-top-level-list', what: 'a unit file that is a list', expect: [X('yaml-syntax', 1, 1)] },
  { name: 'yaml-top-level-scalar', what: 'a unit file that is one string', expect: [X('yaml-syntax', 1, 1)] },
  {
    name: 'yaml-key-too-long',
    what: 'a 2,000-character key',
    expect: [X('yaml-syntax', 4, 1)],
    generate: (dir) => write(dir, U1, unit(`${'k'.repeat(2000)}: 1\n`)),
  },
  { name: 'reported-mapping', what: 'reported.yaml as a mapping instead of a list', expect: [X('yaml-syntax', 1, 1, 'reported.yaml')] },

  // Bytes and encodings
  {
    name: 'file-50-mb',
    what: 'a 50 MB unit file (sparse): refused by size, reading 64 KiB + 1 byte',
    expect: [X('file-too-large', 1, 1)],
    generate: (dir) => {
      write(dir, U1, unit());
      truncateSync(path.join(dir, U1), 50 * 1024 * 1024);
    },
  },
  {
    name: 'binary-garbage',
    what: '4 KB of pseudo-random bytes',
    expect: [X('yaml-syntax', 1, 1)],
    generate: (dir) => write(dir, U1, garbage(4096)),
  },
  {
    name: 'binary-garbage-without-nul',
    what: '4 KB of pseudo-random bytes with no zero byte',
    expect: [X('yaml-syntax', 1, 1)],
    generate: (dir) =>
      write(
        dir,
        U1,
        garbage(4096).map((b) => b || 1),
      ),
  },
  {
    name: 'text-invalid-utf8',
    what: 'bytes that are not UTF-8 (FF FE C3) in a name',
    expect: [X('yaml-syntax', 1, 1)],
    generate: (dir) =>
      write(
        dir,
        U1,
        Buffer.concat([Buffer.from('name: Công'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\nlevel: cdcs\nparent: ldld-vi-du-mot\n')]),
      ),
  },
  {
    name: 'text-utf8-surrogate',
    what: 'an encoded UTF-16 surrogate (ED A0 80), invalid in UTF-8',
    expect: [X('yaml-syntax', 1, 1)],
    generate: (dir) =>
      write(
        dir,
        U1,
        Buffer.concat([
          Buffer.from('name: Công '),
          Buffer.from([0xed, 0xa0, 0x80]),
          Buffer.from('\nlevel: cdcs\nparent: ldld-vi-du-mot\n'),
        ]),
      ),
  },
  {
    name: 'text-utf16',
    what: 'the unit file saved as UTF-16 with a BOM',
    expect: [X('yaml-syntax', 1, 1)],
    generate: (dir) => write(dir, U1, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unit(), 'utf16le')])),
  },
  {
    name: 'text-nul-in-name',
    what: 'a NUL byte inside a name',
    expect: [X('yaml-syntax', 1, 1)],
    generate: (dir) => write(dir, U1, unit().replace('Trường', 'Trư\u0000ờng')),
  },
  { name: 'text-bom', what: 'a UTF-8 byte order mark', expect: 'accepted' },
  { name: 'text-crlf', what: 'Windows line ends', expect: 'accepted' },
  { name: 'text-tab-separator', what: 'a tab between key and value, and before a comment', expect: 'accepted' },
  { name: 'text-tab-in-name', what: 'a tab inside a name (text is one plain line)', expect: [X('schema', 1, 7)] },
  {
    name: 'text-nfd-duplicate-account',
    what: 'two units, one typed in NFD, whose account URLs differ only by normalisation',
    expect: [
      X('text-normalized', 1, 8, 'units/ldld-vi-du-mot/cdcs-vi-du-ba.yaml'),
      X('duplicate-account', 6, 10, 'units/ldld-vi-du-mot/cdcs-vi-du-bon.yaml'),
    ],
    check: (result) => {
      const units = result.registry!.units.filter((u) => u.id === 'cdcs-vi-du-ba' || u.id === 'cdcs-vi-du-bon');
      // Loaded as NFC, so the NFD unit is found by what people type, in either form.
      expect(units.map((u) => u.name)).toEqual(['Công đoàn cơ sở Trường Ví Dụ Ba'.normalize('NFC'), 'Công đoàn cơ sở Trường Ví Dụ Bốn']);
      const typed = 'trường ví dụ ba';
      expect(tokenize(typed.normalize('NFD'))).toEqual(tokenize(typed.normalize('NFC')));
      const entries: SearchEntry[] = units.map((u) => [u.id, u.name, u.level, '']);
      expect(entries.filter((e) => matchesQuery(e, tokenize(typed.normalize('NFD')))).map((e) => e[0])).toEqual(['cdcs-vi-du-ba']);
      const index = buildSearchIndex(units.map((u) => ({ id: u.id, name: u.name, level: u.level, branch: '' })));
      expect(index.manifest.s.tr).toBe(2);
    },
  },
  { name: 'text-control-character', what: 'a BEL (\\a) in a name', expect: [X('schema', 1, 7)] },
  { name: 'text-bidi-override', what: 'U+202E RIGHT-TO-LEFT OVERRIDE in a name', expect: [X('schema', 1, 7)] },
  { name: 'text-bidi-mark', what: 'U+200F RIGHT-TO-LEFT MARK in a name', expect: [X('schema', 1, 7)] },
  { name: 'text-zero-width-in-name', what: 'U+200B ZERO WIDTH SPACE in a name', expect: [X('schema', 1, 7)] },
  { name: 'text-line-separator-in-name', what: 'U+2028 LINE SEPARATOR ("\\L") in a name', expect: [X('schema', 1, 7)] },
  {
    name: 'text-long-line-comment',
    what: 'a 60 KB comment line in a 61 KB file',
    expect: 'accepted',
    generate: (dir) => write(dir, U1, `${readFileSync(path.join(BASE, U1), 'utf8')}# ${'x'.repeat(60_000)}\n`),
  },
  {
    name: 'text-long-line-name',
    what: 'a 60 KB name on one line',
    expect: [X('schema', 1, 7)],
    generate: (dir) => write(dir, U1, `name: ${'Cong doan '.repeat(6000)}\nlevel: cdcs\nparent: ldld-vi-du-mot\n`),
  },

  // Keys, ids and paths
  {
    name: 'keys-prototype',
    what: '__proto__, constructor and prototype as keys, at the top and in an account',
    expect: [X('schema', 4, 1), X('schema', 6, 1), X('schema', 9, 1), X('schema', 15, 5)],
  },
  { name: 'settings-prototype-key', what: '__proto__ as a key of registry.yaml', expect: [X('schema', 4, 1, 'registry.yaml')] },
  {
    name: 'ids-object-builtins',
    what: 'units whose ids are constructor, prototype, tostring, hasownproperty',
    expect: 'accepted',
    check: (result) => {
      const registry = result.registry!;
      expect(registry.byId.get('prototype')?.parent).toBe('constructor');
      const model = buildSiteModel(registry, TODAY);
      expect(model.branchOf('prototype')).toBe('constructor');
      expect(model.ancestors(registry.byId.get('prototype')!).map((u) => u.id)).toEqual(['ldld-kon-tum', 'constructor']);
      expect(buildReport(registry, TODAY).byBranch.map((b) => b.id)).toContain('constructor');
      expect((JSON.parse(unitsJson(registry, TODAY)) as { units: { id: string }[] }).units.map((u) => u.id)).toContain('hasownproperty');
      expect(accountsCsv(registry, TODAY)).toContain('constructor');
    },
  },
  {
    name: 'ids-path-like-file-names',
    what: 'unit files named ..yaml, -x.yaml, UPPER.yaml and "a b.yaml"',
    expect: [
      X('id-format', 1, 1, 'units/-x.yaml'),
      X('id-format', 1, 1, 'units/..yaml'),
      X('id-format', 1, 1, 'units/UPPER.yaml'),
      X('id-format', 1, 1, 'units/a b.yaml'),
    ],
    generate: (dir) => {
      for (const name of ['..yaml', '-x.yaml', 'UPPER.yaml', 'a b.yaml']) write(dir, `units/${name}`, unit());
    },
  },
  { name: 'parent-path-traversal', what: 'parent: ../../etc/passwd', expect: [X('schema', 3, 9)] },
  { name: 'level-builtin-name', what: 'level: constructor', expect: [X('level-unknown', 2, 8)] },
  {
    name: 'follows-builtin-names',
    what: 'follows: [constructor, hasownproperty]',
    expect: [X('follows-unknown', 9, 15), X('follows-unknown', 9, 28)],
  },

  // Links out of the registry: refused, and what they point to never shows
  {
    name: 'symlink-unit-file',
    what: 'a unit file that links to a file outside the registry',
    expect: [X('file-not-regular', 1, 1, 'units/ldld-vi-du-mot/cdcs-vi-du-nam.yaml')],
    generate: (dir, own) => symlinkSync(outside(own, 'stolen.yaml'), path.join(dir, 'units/ldld-vi-du-mot/cdcs-vi-du-nam.yaml')),
    check: noOutsideContent,
  },
  {
    name: 'symlink-unit-folder',
    what: 'a folder under units/ that links outside the registry',
    expect: [X('file-not-regular', 1, 1, 'units/linked')],
    generate: (dir, own) => {
      outside(own, 'cdcs-ngoai.yaml');
      symlinkSync(path.join(own, 'outside'), path.join(dir, 'units/linked'));
    },
    check: noOutsideContent,
  },
  {
    name: 'symlink-settings',
    what: 'registry.yaml itself a link',
    expect: [X('file-not-regular', 1, 1, 'registry.yaml')],
    generate: (dir, own) => {
      const target = path.join(own, 'registry.yaml');
      writeFileSync(target, `${readFileSync(path.join(dir, 'registry.yaml'), 'utf8')}# ${OUTSIDE_MARKER}\n`);
      rmSync(path.join(dir, 'registry.yaml'));
      symlinkSync(target, path.join(dir, 'registry.yaml'));
    },
    check: noOutsideContent,
  },
  {
    name: 'symlink-units-root',
    what: 'units/ itself a link',
    expect: [X('file-not-regular', 1, 1, 'units')],
    generate: (dir, own) => {
      outside(own, 'cdcs-ngoai.yaml');
      rmSync(path.join(dir, 'units'), { recursive: true });
      symlinkSync(path.join(own, 'outside'), path.join(dir, 'units'));
    },
    check: noOutsideContent,
  },

  // URLs
  {
    name: 'url-javascript-and-data',
    what: 'javascript: and data: account addresses',
    expect: [X('url-not-facebook', 6, 10), X('url-not-facebook', 10, 10)],
  },
  { name: 'website-javascript', what: 'website: javascript:alert(1)', expect: [X('schema', 4, 10)] },
  {
    name: 'url-lookalike-hosts',
    what: 'facebook.com.vn, faceb00k.com, facebook.com.evil.example, punycode, a Cyrillic а',
    expect: [6, 10, 14, 18, 22].map((line) => X('url-not-facebook', line, 10)),
  },
  {
    name: 'url-userinfo-and-port',
    what: 'https://facebook.com@evil.example/ and a port',
    expect: [X('url-not-facebook', 6, 10), X('url-not-facebook', 10, 10)],
  },
  { name: 'url-zero-width', what: 'a zero-width space at the end of an address', expect: [X('url-not-facebook', 6, 10)] },

  // Values
  {
    name: 'phone-unquoted',
    what: 'phone: 0905123456 without quotes: told to quote it',
    expect: [X('schema', 11, 16)],
    check: (result) => {
      expect(result.problems[0]?.message).toContain('dấu ngoặc kép');
    },
  },
  { name: 'date-impossible', what: '2018-02-30', expect: [X('schema', 4, 12)] },
  { name: 'date-future', what: 'since: 2999-01-01', expect: [X('date-order', 8, 12)] },
  { name: 'members-enormous', what: 'a 32-digit members count: one value, one problem', expect: [X('schema', 4, 10)] },
  { name: 'members-infinity', what: 'members: 1e400', expect: [X('schema', 4, 10)] },
  { name: 'members-string', what: 'members: "45"', expect: [X('schema', 4, 10)] },
  {
    name: 'accounts-too-many',
    what: '51 accounts in one unit',
    expect: [X('schema', 5, 3)],
    generate: (dir) =>
      write(
        dir,
        U1,
        unit(
          `accounts:\n${Array.from({ length: 51 }, (_, i) => `  - role: chair\n    url: https://www.facebook.com/chu.tich.${i}\n    name: Chủ tịch ${i}\n    since: 2018-10-02\n`).join('')}`,
        ),
      ),
  },
  {
    name: 'settings-encrypted-without-recipient',
    what: 'privacy.contacts: encrypted with no recipient (the plain-text admins then follow)',
    expect: [
      X('schema', 58, 3, 'registry.yaml'),
      X('hidden-group-plaintext', 13, 5, 'units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml'),
      X('contacts-plaintext', 17, 5, 'units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml'),
      X('contacts-plaintext', 11, 5),
    ],
  },
  // Hidden groups of an encrypted registry (docs/privacy.md): each overlay is test/fixtures/valid/encrypted with the defect.
  {
    name: 'hidden-group-armor-garbage',
    what: 'url_age with the armor lines around 200 bytes of random base64 (no age header)',
    expect: [X('group-encrypted-format', 13, 14, H2)],
  },
  {
    name: 'hidden-group-armor-one-line',
    what: 'url_age as one quoted line: the armor markers around the address in clear',
    expect: [X('group-encrypted-format', 13, 14, H2)],
    check: noGroupIdIn,
  },
  {
    name: 'hidden-group-digest-lookalike',
    what: 'url_digest with a fullwidth $, a leading zero in i=, an extra $ field, upper case, a Cyrillic letter at the end',
    expect: [37, 51, 65, 79, 93].map((line) => X('schema', line, 17)),
  },
  {
    name: 'hidden-group-digest-reused',
    what: 'one digest in three units: two current (a duplicate, told without any key), one ended (not)',
    expect: [X('duplicate-account', 22, 17, H2)],
  },
  {
    name: 'hidden-group-clear-url-in-encrypted',
    what: 'a hidden group (no visibility) by its mobile address in clear; another with both url and url_age',
    expect: [
      X('hidden-group-plaintext', 13, 5, H2),
      X('hidden-group-plaintext', 6, 5, 'units/ldld-vi-du-mot/cdcs-vi-du-nam.yaml'),
      X('group-encrypted-format', 7, 5, 'units/ldld-vi-du-mot/cdcs-vi-du-nam.yaml'),
    ],
    check: noGroupIdIn,
  },
  {
    name: 'markup-in-every-text-field',
    what: '<script> and "><img onerror> in every text field, formulas in CSV-bound fields: just text, escaped where it goes',
    expect: 'accepted',
    check: (result) => {
      const registry = result.registry!;
      const u = registry.byId.get('cdcs-vi-du-mot')!;
      expect(u.name).toContain('<script>');
      const ld = jsonLdText({ name: u.name, alternateName: u.short_name });
      expect(ld).not.toMatch(/[<>&]/);
      expect(JSON.parse(ld)).toEqual({ name: u.name, alternateName: u.short_name });
      const csv = accountsCsv(registry, TODAY);
      expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"") ""><img src=x onerror=alert(1)>",`);
      expect(csv.split('\r\n').every((line) => !/(^|,)[=+\-@]/.test(line))).toBe(true);
      expect(csvCell(registry.reported[0]!.note!)).toMatch(/^'@SUM/);
      expect(unitsJson(registry, TODAY)).not.toMatch(/onerror=alert\(1\)>","position|0905000001/);
      expect(reportToMarkdown(buildReport(registry, TODAY))).toContain('Danh bạ <script>');
    },
  },
  {
    name: 'issue-body-injection',
    what: 'a registration issue with shell and template injection in its answers (planChange of src/submit/issue-to-yaml.ts)',
    expect: 'accepted',
    generate: (dir) => {
      const file = injectedIssueFile(dir);
      const data = parse(readFileSync(path.join(dir, file), 'utf8')) as { name: string; accounts: { name: string; url: string }[] };
      expect(data.name).toBe(INJECTED_NAME);
      expect(data.accounts[0]?.name).toBe(INJECTED_ACCOUNT);
      expect(data.accounts[0]?.url).toBe('https://www.facebook.com/chu.tich.thu.nghiem');
      expect(Object.keys(data).sort()).toEqual(['accounts', 'level', 'name', 'parent']);
    },
  },

  // Size of the graph
  {
    name: 'parent-chain-10000',
    what: '10,000 units, each the parent of the next: no recursion, no stack overflow',
    expect: 'accepted',
    noCli: true,
    generate: (dir) => {
      withLevelTo(dir);
      mkdirSync(path.join(dir, 'units/chain'));
      for (let i = 0; i < 10_000; i++)
        writeFileSync(
          path.join(dir, `units/chain/to-${i}.yaml`),
          `name: Tổ ${i}\nlevel: to\nparent: ${i === 0 ? 'ldld-kon-tum' : `to-${i - 1}`}\n`,
        );
    },
    check: (result) => expect(result.units).toBe(10_005),
  },
  {
    name: 'parent-cycle-1000',
    what: '1,000 units in one parent cycle',
    expect: [X('parent-cycle', 3, 9, 'units/cycle/to-0.yaml'), X('parent-cycle', 3, 9, 'units/cycle/to-1.yaml')],
    counts: { 'parent-cycle': 1000 },
    generate: (dir) => {
      withLevelTo(dir);
      mkdirSync(path.join(dir, 'units/cycle'));
      for (let i = 0; i < 1000; i++)
        writeFileSync(path.join(dir, `units/cycle/to-${i}.yaml`), `name: Tổ ${i}\nlevel: to\nparent: to-${(i + 999) % 1000}\n`);
    },
    check: (result) => {
      // Each message names a few members and the count, so the output grows linearly.
      const bytes = result.problems.reduce((n, p) => n + p.message.length, 0);
      expect(bytes).toBeLessThan(300_000);
      expect(result.problems[0]!.message).toContain('(1000 đơn vị)');
    },
  },
];

const INJECTED_NAME = "Công đoàn cơ sở $(touch /tmp/pwned) `id` ${{ github.token }} {{7*7}} '; rm -rf ~ #";
const INJECTED_ACCOUNT = 'Chủ tịch "; cat /etc/passwd; echo " <% 7*7 %> #{7*7} | bash';

/** Runs the issue-to-yaml planner on a hostile issue and writes the file it plans. */
function injectedIssueFile(dir: string): string {
  const loaded = validateRegistry(dir, { today: TODAY });
  const registry = loaded.registry!;
  const form = buildIssueForm(registry.settings);
  const answers: Record<string, string> = {
    name: INJECTED_NAME,
    level: 'cdcs',
    parent: 'ldld-vi-du-mot',
    role: 'chair',
    url: 'https://www.facebook.com/chu.tich.thu.nghiem?x=$(id)',
    account_name: INJECTED_ACCOUNT,
    since: '2018-10-05',
    follows: 'congdoankontum',
  };
  const body = form.fields
    .map((field) => {
      const answer = answers[field.id];
      let text: string;
      if (field.type === 'checkboxes')
        text = field.options.map((o) => `- [${(answer ?? '').split(',').includes(o.value) ? 'X' : ' '}] ${o.label}`).join('\n');
      else if (answer === undefined) text = field.type === 'dropdown' ? 'None' : '_No response_';
      else if (field.type === 'dropdown') text = field.options.find((o) => o.value === answer)?.label ?? answer;
      else text = answer;
      return `### ${field.label}\n\n${text}`;
    })
    .join('\n\n');
  const plan = planChange({
    registry,
    form,
    parsed: parseIssueBody(body, form),
    readUnitFile: (f) => readFileSync(path.join(dir, f), 'utf8'),
    today: TODAY,
  });
  expect(plan.problems).toEqual([]);
  if (!plan.change) throw new Error('no change planned');
  write(dir, plan.change.file, plan.change.text);
  return plan.change.file;
}

let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const format = (p: Pick<Problem, 'rule' | 'file' | 'line' | 'column'>) => `${p.rule} ${p.file}:${p.line}:${p.column}`;

function materialize(c: HostileCase): string {
  const dir = path.join(scratch, c.name);
  cpSync(BASE, dir, { recursive: true });
  if (c.generate) {
    const own = path.join(scratch, `${c.name}.scratch`);
    mkdirSync(own);
    c.generate(dir, own);
  } else {
    cpSync(path.join(HOSTILE, c.name), dir, { recursive: true });
  }
  return dir;
}

const quietIo = (): Io => ({ out: () => {}, err: () => {}, env: {} });

describe('the hostile table', () => {
  it('has a case for every fixture folder and a folder for every case without a generator', () => {
    const folders = readdirSync(HOSTILE, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const overlays = CASES.filter((c) => !c.generate)
      .map((c) => c.name)
      .sort();
    expect(folders).toEqual(overlays);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });
});

describe('hostile input', { timeout: 60_000 }, () => {
  for (const c of CASES) {
    it(`${c.name} (${c.what}): ${c.expect === 'accepted' ? 'accepted' : `${c.counts ? Object.values(c.counts).reduce((a, b) => a + b, 0) : c.expect.length} problem(s)`}${c.bug ? ' [known validator bug pinned]' : ''}`, async () => {
      const dir = materialize(c);
      let result: ValidationResult | undefined;
      expect(() => (result = validateRegistry(dir, { today: TODAY }))).not.toThrow();
      if (!result) return;
      const actual = result.problems.map((p) => (c.approxColumn ? format({ ...p, column: 0 }) : format(p)));
      if (c.expect === 'accepted') {
        expect(actual).toEqual([]);
        expect(result.ok).toBe(true);
      } else if (c.counts) {
        const counts: Record<string, number> = {};
        for (const p of result.problems) counts[p.rule] = (counts[p.rule] ?? 0) + 1;
        expect(counts).toEqual(c.counts);
        expect(actual.slice(0, c.expect.length)).toEqual(c.expect);
      } else {
        expect(actual).toEqual(c.expect);
      }
      for (const p of result.problems) {
        expect(p.message, format(p)).toMatch(VIETNAMESE);
        expect(p.line, format(p)).toBeGreaterThanOrEqual(1);
        expect(p.column, format(p)).toBeGreaterThanOrEqual(1);
        expect(p.file, format(p)).not.toMatch(/^(\/|\.\.\/)/);
        expect(existsSync(path.join(dir, p.file)) || p.file === 'registry.yaml', format(p)).toBe(true);
      }
      c.check?.(result, dir);
      if (!c.noCli) {
        const code = await validateMain(['--registry', dir, '--today', TODAY], quietIo());
        expect(code).toBe(result.ok ? 0 : 1);
      }
    });
  }

  it('pollutes no prototype', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('resource bounds', { timeout: 30_000 }, () => {
  /** The classic: 10 strings, 9 levels of 9 aliases each, 10^9 strings if expanded. */
  function billionLaughs(): string {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    return `${lines.join('\n')}\nname: *i\nlevel: cdcs\nparent: ldld-vi-du-mot\n`;
  }

  it('rejects a full billion laughs in well under a second and a few MB of heap, in a 256 MB process', () => {
    const dir = path.join(scratch, 'billion-laughs-full');
    cpSync(BASE, dir, { recursive: true });
    write(dir, U1, billionLaughs());
    const script = [
      `import { validateRegistry } from ${JSON.stringify(pathToFileURL(LOAD_TS).href)};`,
      'const heap = process.memoryUsage().heapUsed;',
      'const start = performance.now();',
      `const result = validateRegistry(${JSON.stringify(dir)}, { today: ${JSON.stringify(TODAY)} });`,
      'const ms = performance.now() - start;',
      'console.log(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed - heap, rss: process.memoryUsage().rss, ok: result.ok, rules: [...new Set(result.problems.map((p) => p.rule))] }));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const measured = JSON.parse(child.stdout) as { ms: number; heap: number; rss: number; ok: boolean; rules: string[] };
    console.log(
      `billion laughs: ${measured.ms.toFixed(0)} ms, heap +${(measured.heap / 1e6).toFixed(1)} MB, rss ${(measured.rss / 1e6).toFixed(0)} MB`,
    );
    expect(measured.ok).toBe(false);
    expect(measured.rules).toEqual(['yaml-alias']);
    expect(measured.ms).toBeLessThan(1000);
    expect(measured.heap).toBeLessThan(64e6);
  });

  it('refuses a 50 MB file by its size, without reading it all', () => {
    const dir = path.join(scratch, 'fifty-mb-timed');
    cpSync(BASE, dir, { recursive: true });
    truncateSync(path.join(dir, U1), 50 * 1024 * 1024);
    const heap = process.memoryUsage().heapUsed;
    const start = performance.now();
    const result = validateRegistry(dir, { today: TODAY });
    const ms = performance.now() - start;
    console.log(`50 MB file: ${ms.toFixed(1)} ms, heap +${((process.memoryUsage().heapUsed - heap) / 1e6).toFixed(1)} MB`);
    expect(result.problems.map(format)).toEqual([`file-too-large ${U1}:1:1`]);
    expect(ms).toBeLessThan(500);
  });
});
