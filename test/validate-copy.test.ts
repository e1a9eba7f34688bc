/** Validating a registry with a change applied in a private copy, never in the real folder. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateWithChanges } from '../src/registry/validate-copy.ts';

const BASE = fileURLToPath(new URL('./fixtures/base/', import.meta.url));
const TODAY = '2026-11-26';
const UNIT = 'units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml';

let work = '';
let temp = '';
let savedTmpdir: string | undefined;
beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'kt-validate-copy-'));
  temp = path.join(work, 'tmp');
  cpSync(BASE, path.join(work, 'registry'), { recursive: true });
  mkdirSync(temp);
  // Copies go under os.tmpdir(): a private one shows whether they are cleaned up.
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = temp;
});
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(work, { recursive: true, force: true });
});

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    try {
      files.set(rel, readFileSync(path.join(dir, rel), 'utf8'));
    } catch {
      /* a folder */
    }
  }
  return files;
}

describe('validateWithChanges', () => {
  it('reports the problems a change would bring, leaving the real folder and no copy behind', () => {
    const dir = path.join(work, 'registry');
    const before = snapshot(dir);
    const text = readFileSync(path.join(dir, UNIT), 'utf8').replace('level: cdcs', 'level: khong-co');
    const result = validateWithChanges(dir, [{ file: UNIT, text }], { today: TODAY });
    expect(result.ok).toBe(false);
    expect(result.problems.some((p) => p.file === UNIT && p.severity === 'error')).toBe(true);
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('accepts a valid change, including a new file in a new folder', () => {
    const dir = path.join(work, 'registry');
    const unit = readFileSync(path.join(dir, UNIT), 'utf8');
    const added = 'units/moi/cdcs-vi-du-ba.yaml';
    const text = unit
      .replace('Ví Dụ Một', 'Ví Dụ Ba')
      .replace(/cdcs\.vidu\.mot/g, 'cdcs.vidu.ba')
      .replace(/0905000001/, '0905000009');
    const result = validateWithChanges(dir, [{ file: added, text }], { today: TODAY });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.registry?.byId.has('cdcs-vi-du-ba')).toBe(true);
    expect(readdirSync(path.join(dir, 'units'))).not.toContain('moi');
    expect(readdirSync(temp)).toEqual([]);
  });

  it('judges the unchanged registry exactly as validating the folder itself', () => {
    const dir = path.join(work, 'registry');
    const result = validateWithChanges(dir, [], { today: TODAY });
    expect(result.ok).toBe(true);
    expect(result.registry?.units.map((u) => u.file)).toContain(UNIT);
  });
});
