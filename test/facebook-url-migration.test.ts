/**
 * Periods folded into usernames (docs/migration-periods.md): two units that registered
 * `cdcs.vidu.mot` and `CdcsViduMot` now hold one account, and the validator says so in
 * Vietnamese, naming both spellings. The fixture is test/fixtures/invalid/
 * duplicate-account-periods (its position is checked with the other invalid cases).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/registry/facebook-url.ts';
import { validateRegistry } from '../src/registry/load.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function registryWith(caseName: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'periods-'));
  dirs.push(dir);
  cpSync(path.join(FIXTURES, 'base'), dir, { recursive: true });
  cpSync(path.join(FIXTURES, 'invalid', caseName), dir, { recursive: true });
  return dir;
}

describe('usernames that differ only by periods or capitals', () => {
  it('get one key', () => {
    const a = canonicalize('https://www.facebook.com/cdcs.vidu.mot');
    const b = canonicalize('https://www.facebook.com/CdcsViduMot');
    expect(a).toMatchObject({ ok: true, key: 'name:cdcsvidumot', typed: 'cdcs.vidu.mot' });
    expect(b).toMatchObject({ ok: true, key: 'name:cdcsvidumot', typed: 'cdcsvidumot' });
  });

  it('are reported as duplicate-account, with a message that says Facebook reads both spellings as one address', () => {
    const result = validateRegistry(registryWith('duplicate-account-periods'), { today: '2026-11-26' });
    const duplicates = result.problems.filter((p) => p.rule === 'duplicate-account');
    expect(duplicates).toHaveLength(1);
    const [problem] = duplicates;
    expect(problem).toMatchObject({ file: 'units/ldld-vi-du-mot/cdcs-vi-du-nam.yaml', line: 6, severity: 'error' });
    expect(problem?.message).toContain('cdcs-vi-du-mot');
    expect(problem?.message).toContain('Facebook không phân biệt dấu chấm và chữ hoa');
    expect(problem?.message).toContain('"cdcs.vidu.mot" và "cdcsvidumot" là cùng một địa chỉ');
  });

  it('keep the plain message when both units wrote the same spelling', () => {
    const result = validateRegistry(registryWith('duplicate-account-two-units'), { today: '2026-11-26' });
    const duplicates = result.problems.filter((p) => p.rule === 'duplicate-account');
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]?.message).not.toContain('dấu chấm');
  });
});
