import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../src/cli/gen.ts';
import { canonicalize } from '../src/registry/facebook-url.ts';
import { checkUnitFile, cleanResult, decodeFileResult, encodeFileResult, rulesView, type FileResult } from '../src/registry/file-result.ts';
import { readRegistrySettings } from '../src/registry/load.ts';
import { listUnitFiles } from '../src/registry/unit-files.ts';

const TODAY = '2026-11-26';
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'file-result-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const generated = path.join(tmp, 'generated');
generateRegistry({ units: 300, out: generated });

/** Every unit file of the generated registry and of every fixture registry, checked against its own settings. */
function allResults(): { file: string; result: FileResult }[] {
  const registries = [
    generated,
    path.join(FIXTURES, 'base'),
    ...['valid', 'invalid'].flatMap((kind) => readdirSync(path.join(FIXTURES, kind)).map((name) => path.join(FIXTURES, kind, name))),
  ];
  return registries.flatMap((dir) => {
    const ctx = { settings: readRegistrySettings(dir).settings, today: TODAY, canonical: canonicalize };
    return listUnitFiles(dir, []).map((f) => ({ file: `${dir}/${f.file}`, result: checkUnitFile(f, ctx, false) }));
  });
}

/** What crosses threads: the result as JSON text, back. */
const overTheWire = (result: FileResult) => decodeFileResult(JSON.parse(JSON.stringify(encodeFileResult(result))));
const withoutPositions = ({ precise: _precise, ...rest }: FileResult): FileResult => rest;

describe('a unit file’s result crossing threads', () => {
  const results = allResults();

  it('covers clean files, files with problems, and the fields the rules read', () => {
    const units = results.flatMap(({ result }) => (result.unit ? [result.unit] : []));
    expect(
      results.filter(({ result }) => result.problems.length + result.pathProblems.length + result.accountProblems.length > 0).length,
    ).toBeGreaterThan(20);
    expect(units.some((u) => u.dissolved !== undefined)).toBe(true);
    expect(units.some((u) => u.successor !== undefined)).toBe(true);
    expect(units.some((u) => u.accounts?.some((a) => a.until !== undefined))).toBe(true);
    expect(units.some((u) => u.accounts?.some((a) => a.url === undefined && a.key !== null))).toBe(true);
  });

  it('comes back the same, with its full data or as the rules’ view only', () => {
    for (const { file, result } of results) {
      expect([file, overTheWire(result)]).toEqual([file, withoutPositions(result)]);
      expect([file, overTheWire(rulesView(result))]).toEqual([file, rulesView(result)]);
    }
  });

  it('sends a clean file’s rules’ view as a flat list, without names or contacts', () => {
    const clean = results.find(
      ({ result }) => result.unit && result.problems.length + result.pathProblems.length + result.accountProblems.length === 0,
    )!.result;
    const wire = encodeFileResult(rulesView(clean));
    expect(Array.isArray(wire)).toBe(true);
    expect(JSON.stringify(wire)).not.toContain(JSON.stringify(clean.data!.name));
  });

  it('is what the cache gives back for a clean file', () => {
    for (const { result } of results) {
      if (!result.data || !result.unit || result.problems.length + result.pathProblems.length + result.accountProblems.length > 0) continue;
      expect(cleanResult(result.data, result.unit.accounts?.map((a) => a.key) ?? [])).toEqual(withoutPositions(result));
    }
  });
});
