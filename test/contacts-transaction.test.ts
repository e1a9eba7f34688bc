/** The write of `npm run contacts`: every planned file or none, whatever fails on the way. */
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, type PlannedFile } from '../src/cli/contacts/transaction.ts';
import { ContactsError } from '../src/lib/contacts.ts';

const BASE = fileURLToPath(new URL('./fixtures/base/', import.meta.url));
const TODAY = '2026-11-26';
const FILES = ['units/ldld-kon-tum.yaml', 'units/huyen/ldld-vi-du-mot.yaml', 'units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml'];

const dirs: string[] = [];
function copy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kt-transaction-'));
  dirs.push(dir);
  cpSync(BASE, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every file under `dir` with its content (temp files included, so leftovers show). */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const abs = path.join(dir, rel);
    if (statSync(abs).isFile()) files.set(rel, readFileSync(abs, 'utf8'));
  }
  return files;
}

/** A valid change to each of FILES: a comment line added at the top. */
function plan(dir: string): PlannedFile[] {
  return FILES.map((file) => {
    const abs = path.join(dir, file);
    const before = readFileSync(abs, 'utf8');
    return { file, abs, before, after: `# đã sửa\n${before}` };
  });
}

function refusal(run: () => unknown): ContactsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContactsError);
    return error as ContactsError;
  }
  throw new Error('commitFiles did not refuse');
}

describe('commitFiles', () => {
  it('replaces every planned file, keeps their permission bits and leaves no temp file', () => {
    const dir = copy();
    chmodSync(path.join(dir, FILES[1]!), 0o600);
    const planned = plan(dir);
    const result = commitFiles(dir, planned, { today: TODAY, action: 'sửa' });
    expect(result.ok).toBe(true);
    for (const p of planned) expect(readFileSync(p.abs, 'utf8')).toBe(p.after);
    expect(statSync(path.join(dir, FILES[1]!)).mode & 0o777).toBe(0o600);
    expect([...snapshot(dir).keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves every file as it was when a rename fails midway', () => {
    const dir = copy();
    const before = snapshot(dir);
    let renames = 0;
    const error = refusal(() =>
      commitFiles(dir, plan(dir), {
        today: TODAY,
        action: 'sửa',
        rename: (from, to) => {
          if (++renames === 3) throw new Error('disk full');
          renameSync(from, to);
        },
      }),
    );
    expect(renames).toBe(3);
    expect(error.message).toContain('Không ghi được các tệp khi sửa');
    expect(snapshot(dir)).toEqual(before);
  });

  it('changes nothing when the new state would be invalid, naming the problem', () => {
    const dir = copy();
    const before = snapshot(dir);
    const planned = plan(dir);
    planned[2]!.after = planned[2]!.before.replace('level: cdcs', 'level: khong-co');
    const error = refusal(() => commitFiles(dir, planned, { today: TODAY, action: 'đổi khoá' }));
    expect(error.message).toContain('Sau khi đổi khoá, danh bạ sẽ không hợp lệ nên chưa tệp nào bị thay đổi');
    expect(error.message).toContain(FILES[2]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('changes nothing when a file was changed by someone else meanwhile', () => {
    const dir = copy();
    const planned = plan(dir);
    writeFileSync(planned[2]!.abs, `${planned[2]!.before}\n# sửa tay\n`);
    const before = snapshot(dir);
    const error = refusal(() => commitFiles(dir, planned, { today: TODAY, action: 'sửa' }));
    expect(error.message).toContain(`${FILES[2]} vừa bị thay đổi`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('puts every file back when the registry is invalid once written', () => {
    const dir = copy();
    const before = snapshot(dir);
    let renames = 0;
    const error = refusal(() =>
      commitFiles(dir, plan(dir), {
        today: TODAY,
        action: 'sửa',
        // The last file is spoilt right after its rename, past the staged check.
        rename: (from, to) => {
          renameSync(from, to);
          if (++renames === FILES.length) writeFileSync(to, 'level: [\n');
        },
      }),
    );
    expect(error.message).toContain('Sau khi ghi, danh bạ không hợp lệ; đã khôi phục các tệp như cũ');
    expect(snapshot(dir)).toEqual(before);
  });
});
