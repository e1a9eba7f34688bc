/**
 * `npm run contacts -- rotate` (src/cli/contacts/rotate.ts): every admins_age and url_age
 * re-encrypted to new recipients, registry.yaml's keys replaced, all files or none.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as contactsMain } from '../src/cli/contacts.ts';
import { rotateRegistry } from '../src/cli/contacts/rotate.ts';
import type { Io } from '../src/cli/run.ts';
import { ContactsError, decryptAdmins } from '../src/lib/contacts.ts';
import { decryptGroupAddress } from '../src/lib/group-url.ts';
import { validateRegistry } from '../src/registry/load.ts';

const BASE = fileURLToPath(new URL('./fixtures/base/', import.meta.url));
const TODAY = '2026-11-26';
const GROUP = 'https://www.facebook.com/groups/100000000000003';

let tmp = '';
const keys: Record<'old' | 'office' | 'backup', { identity: string; recipient: string; file: string }> = {} as never;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'contacts-rotate-'));
  for (const name of ['old', 'office', 'backup'] as const) {
    const identity = await generateX25519Identity();
    const file = path.join(tmp, `${name}.key`);
    writeFileSync(file, `${identity}\n`, { mode: 0o600 });
    keys[name] = { identity, recipient: await identityToRecipient(identity), file };
  }
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function run(args: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: {} };
  const code = await contactsMain(args, io);
  return { code, out, err };
}

let copies = 0;
/** The base registry, encrypted to the old key. */
async function encryptedCopy(): Promise<string> {
  const dir = path.join(tmp, `registry-${++copies}`);
  cpSync(BASE, dir, { recursive: true });
  expect((await run(['encrypt', '--registry', dir, '--recipient', keys.old.recipient, '--today', TODAY])).code).toBe(0);
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const abs = path.join(dir, rel);
    try {
      files.set(rel, readFileSync(abs, 'utf8'));
    } catch {
      /* a folder */
    }
  }
  return files;
}

describe('npm run contacts -- rotate', () => {
  it('re-encrypts every admins_age and url_age to the new keys: each new key opens them, the old one does not', async () => {
    const dir = await encryptedCopy();
    const digestBefore = validateRegistry(dir, { today: TODAY }).registry!.byId.get('cdcs-vi-du-hai')!.accounts![1]!.url_digest;
    const result = await run([
      'rotate',
      '--registry',
      dir,
      '--identity',
      keys.old.file,
      '--recipient',
      keys.office.recipient,
      '--recipient',
      keys.backup.recipient,
      '--today',
      TODAY,
    ]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('Đã mã hoá lại 3 nội dung cho 2 khoá mới');
    const after = validateRegistry(dir, { today: TODAY });
    expect(after.problems).toEqual([]);
    const { privacy } = after.registry!.settings;
    expect(privacy.recipients).toEqual([keys.office.recipient, keys.backup.recipient]);
    expect(privacy.recipient).toBeUndefined();
    const group = after.registry!.byId.get('cdcs-vi-du-hai')!.accounts![1]!;
    const chair = after.registry!.byId.get('cdcs-vi-du-mot')!.accounts![0]!;
    for (const key of [keys.office.identity, keys.backup.identity]) {
      expect(await decryptGroupAddress(group.url_age!, key)).toBe(GROUP);
      expect((await decryptAdmins(chair.admins_age!, key))[0]?.name).toBe('Quản Trị Viên Một');
    }
    await expect(decryptGroupAddress(group.url_age!, keys.old.identity)).rejects.toMatchObject({ code: 'wrong-identity' });
    await expect(decryptAdmins(chair.admins_age!, keys.old.identity)).rejects.toMatchObject({ code: 'wrong-identity' });
    // The digest does not depend on the keys: duplicates and look-ups keep working.
    expect(digestBefore).toMatch(/^\$pbkdf2-sha256\$/);
    expect(group.url_digest).toBe(digestBefore);
    // And decrypt with a new key restores the address.
    expect((await run(['decrypt', '--registry', dir, '--identity', keys.backup.file, '--today', TODAY])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml'), 'utf8')).toContain(`    url: ${GROUP}\n`);
  });

  it('rotates to a single new key as privacy.recipient', async () => {
    const dir = await encryptedCopy();
    expect(
      (await run(['rotate', '--registry', dir, '--identity', keys.old.file, '--recipient', keys.office.recipient, '--today', TODAY])).code,
    ).toBe(0);
    const settings = readFileSync(path.join(dir, 'registry.yaml'), 'utf8');
    expect(settings).toContain(`  recipient: ${keys.office.recipient}\n`);
    expect(settings).not.toContain(keys.old.recipient);
  });

  it('leaves every file unchanged when a rename fails midway (files already replaced are put back)', async () => {
    const dir = await encryptedCopy();
    const before = snapshot(dir);
    let renames = 0;
    const registry = validateRegistry(dir, { today: TODAY }).registry!;
    await expect(
      rotateRegistry(registry, {
        dir,
        today: TODAY,
        identityText: keys.old.identity,
        recipients: [keys.office.recipient],
        rename: (from, to) => {
          if (++renames === 2) throw new Error('disk full');
          cpSync(from, to);
          rmSync(from);
        },
      }),
    ).rejects.toBeInstanceOf(ContactsError);
    expect(renames).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a wrong old identity, changing nothing', async () => {
    const dir = await encryptedCopy();
    const before = snapshot(dir);
    const result = await run([
      'rotate',
      '--registry',
      dir,
      '--identity',
      keys.office.file,
      '--recipient',
      keys.backup.recipient,
      '--today',
      TODAY,
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('Khoá giải mã không đúng');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a recipient that is not an age key', async () => {
    const dir = await encryptedCopy();
    const result = await run([
      'rotate',
      '--registry',
      dir,
      '--identity',
      keys.old.file,
      '--recipient',
      'age1khong-phai-khoa',
      '--today',
      TODAY,
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('age1');
  });
});
