/** The one helper that replaces a file through a temp file and a rename. */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeTempBeside } from '../src/registry/atomic-write.ts';

const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kt-atomic-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates a new file and replaces an existing one, leaving no temp file', () => {
    const dir = tmp();
    const file = path.join(dir, 'state.json');
    writeFileAtomic(file, 'một');
    expect(readFileSync(file, 'utf8')).toBe('một');
    writeFileAtomic(file, 'hai', { fsync: true });
    expect(readFileSync(file, 'utf8')).toBe('hai');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('keeps the permission bits of the file it replaces', () => {
    const dir = tmp();
    const file = path.join(dir, 'private.yaml');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeFileAtomic(file, 'new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('removes its temp file and leaves the target as it was when the rename fails', () => {
    const dir = tmp();
    const target = path.join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside'), 'x');
    // A non-empty folder cannot be replaced by a file: the rename throws.
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(target)).toEqual(['inside']);
  });

  it('throws, creating nothing, when the folder does not exist', () => {
    const dir = tmp();
    expect(() => writeFileAtomic(path.join(dir, 'missing', 'file'), 'data')).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeTempBeside', () => {
  it('writes a uniquely named hidden file in the same folder and leaves the target alone', () => {
    const dir = tmp();
    const file = path.join(dir, 'unit.yaml');
    writeFileSync(file, 'before');
    const a = writeTempBeside(file, 'after a');
    const b = writeTempBeside(file, 'after b');
    expect(a).not.toBe(b);
    for (const temp of [a, b]) {
      expect(path.dirname(temp)).toBe(dir);
      expect(path.basename(temp)).toMatch(/^\.unit\.yaml\..+\.tmp$/);
    }
    expect(readFileSync(a, 'utf8')).toBe('after a');
    expect(readFileSync(b, 'utf8')).toBe('after b');
    expect(readFileSync(file, 'utf8')).toBe('before');
  });
});
