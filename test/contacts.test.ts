/**
 * Encrypted contacts (registry-format.md, "Privacy"): the age layer of
 * src/lib/contacts.ts, `npm run contacts` (keygen, encrypt, decrypt in place) and
 * `npm run report -- --identity`.
 *
 * Round trip, as stated in src/cli/contacts/admins.ts: plaintext → encrypt → decrypt gives
 * byte-identical files when each admins list is indented two spaces under its key
 * (comments, CRLF and a BOM included); other layouts (flow style) come back with
 * identical data and their comments.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Encrypter, armor, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main as contactsMain } from '../src/cli/contacts.ts';
import { main as reportMain } from '../src/cli/report.ts';
import { UsageError, type Io } from '../src/cli/run.ts';
import {
  ContactsError,
  decryptAdmins,
  decryptRegistryContacts,
  decryptRegistryContactsDetailed,
  encryptAdmins,
  parseIdentities,
} from '../src/lib/contacts.ts';
import { groupDigest } from '../src/registry/group-digest.ts';
import { decryptGroupAddress } from '../src/lib/group-url.ts';
import { validateRegistry } from '../src/registry/load.ts';
import { isAgeArmor } from '../src/registry/checks.ts';
import type { Admin } from '../src/schema/index.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BASE = path.join(ROOT, 'test', 'fixtures', 'base');
const TODAY = '2026-11-26';
const U1 = 'units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml';
const U2 = 'units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml';

const ADMINS: Admin[] = [
  { name: 'Nguyễn Thị Ánh Tuyết', position: 'Phó Chủ tịch Công đoàn', phone: '0905123456', email: 'tuyet.nguyen@example.vn' },
  { name: 'Đặng Quốc Khánh', phone: '+84 912 345 678' },
];

let tmp = '';
let identity = '';
let recipient = '';
let otherIdentity = '';
let otherRecipient = '';
let keyFile = '';
let otherKeyFile = '';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'contacts-test-'));
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
  otherIdentity = await generateX25519Identity();
  otherRecipient = await identityToRecipient(otherIdentity);
  keyFile = path.join(tmp, 'office.key');
  otherKeyFile = path.join(tmp, 'other.key');
  writeFileSync(keyFile, `# created: test\n# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
  writeFileSync(otherKeyFile, `${otherIdentity}\n`, { mode: 0o600 });
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function captureIo(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), env: {}, stdout: () => out, stderr: () => err };
}

let copies = 0;
function copyOf(source = BASE): string {
  const dir = path.join(tmp, `registry-${++copies}`);
  cpSync(source, dir, { recursive: true });
  return dir;
}

function snapshotFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(child);
      else files.set(path.relative(dir, child), readFileSync(child, 'latin1'));
    }
  };
  walk(dir);
  return files;
}

async function contacts(args: string[]) {
  const io = captureIo();
  const code = await contactsMain(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('encryptAdmins and decryptAdmins', () => {
  it('round-trip Vietnamese names, positions, phones (leading zero kept) and emails', async () => {
    const armored = await encryptAdmins(ADMINS, recipient);
    expect(armored.startsWith('-----BEGIN AGE ENCRYPTED FILE-----\n')).toBe(true);
    expect(armored).not.toContain('0905');
    const back = await decryptAdmins(armored, identity);
    expect(back).toEqual(ADMINS);
    expect(back[0]?.name).toBe(ADMINS[0]?.name.normalize('NFC'));
  });

  it('produce armor the validator accepts (isAgeArmor), in a unit file too', async () => {
    const armored = await encryptAdmins(ADMINS, recipient);
    expect(isAgeArmor(armored)).toBe(true);
    const dir = copyOf(path.join(ROOT, 'test', 'fixtures', 'valid', 'encrypted'));
    const file = path.join(dir, U1);
    const indented = armored
      .trimEnd()
      .split('\n')
      .map((l) => `      ${l}`)
      .join('\n');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/ {6}-----BEGIN[^]*?-----END AGE ENCRYPTED FILE-----/, indented));
    expect(validateRegistry(dir, { today: TODAY }).problems).toEqual([]);
  });

  describe('a truncated armor', () => {
    /** The encrypted fixture with U1's admins_age replaced by `armored` (indented under the key). */
    function validateWith(armored: string): string[] {
      const dir = copyOf(path.join(ROOT, 'test', 'fixtures', 'valid', 'encrypted'));
      const file = path.join(dir, U1);
      const indented = armored
        .trimEnd()
        .split('\n')
        .map((l) => `      ${l}`)
        .join('\n');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/ {6}-----BEGIN[^]*?-----END AGE ENCRYPTED FILE-----/, indented));
      return validateRegistry(dir, { today: TODAY }).problems.map((p) => `${p.rule} ${p.file}:${p.line}:${p.column}`);
    }
    let lines: string[] = [];
    beforeAll(async () => {
      lines = (await encryptAdmins(ADMINS, recipient)).trimEnd().split('\n');
    });

    it('to one line of body is rejected by the validator (contacts-encrypted-format) and by decryptAdmins (corrupt)', async () => {
      const cut = [lines[0], lines[1], lines.at(-1)].join('\n');
      expect(validateWith(cut)).toEqual([`contacts-encrypted-format ${U1}:11:17`]);
      await expect(decryptAdmins(cut, identity)).rejects.toMatchObject({ code: 'corrupt' });
    });

    it('without its END line is rejected the same way', async () => {
      const cut = lines.slice(0, -1).join('\n');
      expect(validateWith(cut)).toEqual([`contacts-encrypted-format ${U1}:11:17`]);
      await expect(decryptAdmins(cut, identity)).rejects.toMatchObject({ code: 'corrupt' });
    });

    it('inside the age header is rejected by the validator, and never decrypts', async () => {
      const cut = [lines[0], lines[1], lines[2], lines.at(-1)].join('\n');
      const header = Buffer.from(`${lines[1]}${lines[2]}`, 'base64').toString('latin1');
      expect(header.startsWith('age-encryption.org/v1\n')).toBe(true);
      expect(header).not.toContain('\n--- ');
      expect(isAgeArmor(cut)).toBe(false);
      expect(validateWith(cut)).toEqual([`contacts-encrypted-format ${U1}:11:17`]);
      await expect(decryptAdmins(cut, identity)).rejects.toMatchObject({ code: 'corrupt' });
    });
  });

  it('refuse a wrong identity with a typed, Vietnamese error that names no key', async () => {
    const armored = await encryptAdmins(ADMINS, recipient);
    const error = await decryptAdmins(armored, otherIdentity).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsError);
    // Pins age-encryption's wording ("no identity matched"), which the code maps to this.
    expect(error).toMatchObject({ code: 'wrong-identity', message: expect.stringContaining('Khoá giải mã không đúng') });
    expect((error as Error).message).not.toContain('AGE-SECRET-KEY');
  });

  it('refuse altered ciphertext as corrupt', async () => {
    const armored = await encryptAdmins(ADMINS, recipient);
    // In the payload (the header's stanzas, altered, would read as another key's).
    const lines = armored.trimEnd().split('\n');
    const at = lines.length - 3;
    const body = lines[at] ?? '';
    lines[at] = `${body.slice(0, 10)}${body[10] === 'A' ? 'B' : 'A'}${body.slice(11)}`;
    await expect(decryptAdmins(lines.join('\n'), identity)).rejects.toMatchObject({ code: 'corrupt' });
    await expect(decryptAdmins('not an armor', identity)).rejects.toMatchObject({ code: 'corrupt' });
  });

  it('refuse decrypted text that is not an admin list', async () => {
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const armored = armor.encode(await encrypter.encrypt('- name: A\n  phone: "0905123456"\n  salary: 10\n'));
    await expect(decryptAdmins(armored, identity)).rejects.toMatchObject({ code: 'invalid-data' });
  });

  it('refuse a recipient that is not an age public key, and an admin list that is not valid', async () => {
    await expect(encryptAdmins(ADMINS, 'age1notakey')).rejects.toMatchObject({ code: 'invalid-recipient' });
    await expect(encryptAdmins([{ name: '' }], recipient)).rejects.toMatchObject({ code: 'invalid-data' });
  });

  it('read identity files with comments, blank lines and several keys', async () => {
    const armored = await encryptAdmins(ADMINS, recipient);
    const file = `# văn phòng LĐLĐ tỉnh\n\n${otherIdentity}\r\n# public key: ${recipient}\n${identity}\n`;
    expect(parseIdentities(file)).toEqual([otherIdentity, identity]);
    expect(await decryptAdmins(armored, file)).toEqual(ADMINS);
  });

  it('refuse identity files without a key, or with a public key pasted in, by line number only', () => {
    expect(() => parseIdentities('# nothing here\n')).toThrow(ContactsError);
    const error = (() => {
      try {
        parseIdentities(`# key\n${recipient}\n`);
      } catch (e) {
        return e as ContactsError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ code: 'invalid-identity', message: expect.stringContaining('Dòng 2 là khoá công khai') });
    expect(error?.message).not.toContain(recipient);
    expect(() => parseIdentities(`${identity.slice(0, -3)}xyz\n`)).toThrow(/Dòng 1 không phải khoá giải mã/);
    // A well-formed line whose checksum is wrong is refused when the key is loaded.
    const bad = `${identity.slice(0, -1)}${identity.endsWith('Q') ? 'P' : 'Q'}`;
    return expect(decryptAdmins('x', bad)).rejects.toMatchObject({ code: 'invalid-identity' });
  });
});

describe('decryptRegistryContacts', () => {
  async function encryptedRegistry(): Promise<string> {
    const dir = copyOf();
    const result = await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY]);
    expect(result.code, result.stderr).toBe(0);
    return dir;
  }

  it('opens every account with the right identity, keyed <unit id>#<account index>', async () => {
    const dir = await encryptedRegistry();
    const { registry } = validateRegistry(dir, { today: TODAY });
    const map = await decryptRegistryContacts(registry!, readFileSync(keyFile, 'utf8'));
    expect(map.get('cdcs-vi-du-mot#0')).toEqual([
      { name: 'Quản Trị Viên Một', position: 'Chủ tịch', phone: '0905000001', email: 'a@example.vn' },
    ]);
    expect(map.get('cdcs-vi-du-hai#1')).toEqual([{ name: 'Quản Trị Viên Hai', phone: '+84 905 000 002', email: 'b@example.vn' }]);
    expect(map.get('cdcs-vi-du-mot#1')).toBe('none');
  });

  it('is a clear wrong-identity error when the key opens none of them', async () => {
    const dir = await encryptedRegistry();
    const { registry } = validateRegistry(dir, { today: TODAY });
    await expect(decryptRegistryContacts(registry!, otherIdentity)).rejects.toMatchObject({
      code: 'wrong-identity',
      message: expect.stringContaining('không mở được thông tin liên hệ nào trong 2 tài khoản'),
    });
  });

  it('marks accounts encrypted to another key as encrypted when others open', async () => {
    const dir = await encryptedRegistry();
    const { registry } = validateRegistry(dir, { today: TODAY });
    const account = registry!.byId.get('cdcs-vi-du-hai')!.accounts![1]!;
    account.admins_age = await encryptAdmins(ADMINS, otherRecipient);
    const detailed = await decryptRegistryContactsDetailed(registry!, identity);
    expect(detailed).toMatchObject({ decrypted: 1, locked: 1, plaintext: 0 });
    expect(detailed.contacts.get('cdcs-vi-du-hai#1')).toBe('encrypted');
  });
});

describe('npm run contacts -- keygen', () => {
  it('writes a new identity file readable by its owner only and prints its public key', async () => {
    const out = path.join(tmp, 'new.key');
    const result = await contacts(['keygen', '--out', out]);
    expect(result.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const [key] = parseIdentities(text);
    expect(result.stdout.trim()).toBe(await identityToRecipient(key!));
    expect(text).toContain(`# public key: ${result.stdout.trim()}`);
    expect(result.stdout).not.toContain('AGE-SECRET-KEY');
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('never overwrites an existing file (a lost key loses every contact)', async () => {
    await expect(contacts(['keygen', '--out', keyFile])).rejects.toThrow(UsageError);
    expect(readFileSync(keyFile, 'utf8')).toContain(identity);
  });

  it('prints the identity file to stdout without --out', async () => {
    const result = await contacts(['keygen']);
    expect(result.code).toBe(0);
    expect(parseIdentities(result.stdout)).toHaveLength(1);
    expect(result.stderr).toContain('bí mật');
  });
});

describe('npm run contacts -- encrypt and decrypt', () => {
  it('round-trips the base registry byte for byte, with no phone or email in any file in between', async () => {
    const dir = copyOf();
    const before = snapshotFiles(dir);
    const encrypted = await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY]);
    expect(encrypted).toMatchObject({ code: 0, stderr: '' });
    expect(encrypted.stdout).toContain('3 tài khoản');
    const middle = validateRegistry(dir, { today: TODAY });
    expect(middle.problems).toEqual([]);
    expect(middle.registry?.settings.privacy).toEqual({
      contacts: 'encrypted',
      recipient,
      group_digest: { salt: '+r3tEeShHOwtN3xkxMXPUA', iterations: 10_000 },
    });
    for (const [file, text] of snapshotFiles(dir)) {
      expect(text, file).not.toMatch(/0905000001|905 000 002|@example\.vn|Quản Trị Viên|100000000000003/);
    }
    // The hidden group: its address encrypted to the office, its digest the one /kiem-tra/ computes.
    const group = middle.registry!.byId.get('cdcs-vi-du-hai')!.accounts![1]!;
    expect(group.url).toBeUndefined();
    expect(await decryptGroupAddress(group.url_age!, identity)).toBe('https://www.facebook.com/groups/100000000000003');
    expect(group.url_digest).toBe(await groupDigest('group:100000000000003', { salt: '+r3tEeShHOwtN3xkxMXPUA', iterations: 10_000 }));
    // Only the edited entries changed: the rest of each file is untouched.
    const unit = readFileSync(path.join(dir, U1), 'latin1');
    expect(unit.startsWith(before.get(U1)!.split('    admins:')[0]!)).toBe(true);
    expect(unit).toMatch(/\n {4}admins_age: \|\n {6}-----BEGIN AGE ENCRYPTED FILE-----\n/);
    // No temp file left behind.
    expect([...snapshotFiles(dir).keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const decrypted = await contacts(['decrypt', '--registry', dir, '--identity', keyFile, '--today', TODAY]);
    expect(decrypted.code, decrypted.stderr).toBe(0);
    expect(decrypted.stderr).toContain('Không commit');
    expect(snapshotFiles(dir)).toEqual(before);
  });

  it('keeps comments, CRLF line ends and a BOM byte for byte, flow-style lists included', async () => {
    const dir = copyOf();
    const crlf = [
      '\uFEFFname: Công đoàn cơ sở Trường Ví Dụ Một # tên đầy đủ',
      'level: cdcs',
      'parent: ldld-vi-du-mot',
      'accounts:',
      '  # tài khoản của Chủ tịch',
      '  - role: chair',
      '    url: https://www.facebook.com/cdcs.vidu.mot',
      '    name: Chủ tịch CĐCS Ví Dụ Một',
      '    since: 2018-10-02',
      '    admins: # hai người',
      '      # người thứ nhất',
      '      - name: "Quản Trị Viên Một"',
      '        phone: "0905000001" # di động',
      '',
      '      - name: Người Thứ Hai',
      "        email: 'hai@example.vn'",
      '    # sau danh sách',
      '    follows: [congdoankontum, congdoanvietnam, tamsucongphan]',
      '',
    ].join('\r\n');
    writeFileSync(path.join(dir, U1), crlf);
    const flow = [
      'name: Công đoàn cơ sở Công ty Ví Dụ Hai',
      'level: cdcs',
      'parent: ldld-vi-du-hai',
      'accounts:',
      '  - {role: chair, url: "https://www.facebook.com/profile.php?id=100000000000002", name: Chủ tịch CĐCS Ví Dụ Hai, since: 2018-10-15, admins: [{name: Ba, phone: "0905000003"}]}',
      '  - role: group',
      '    url: https://www.facebook.com/groups/100000000000003',
      '    name: Nhóm đoàn viên CĐCS Ví Dụ Hai',
      '    visibility: hidden',
      '    since: 2018-10-20',
      '    admins: [{name: Bốn, email: bon@example.vn}] # nhóm',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, U2), flow);
    const before = snapshotFiles(dir);
    const data = (file: string) => parse(readFileSync(path.join(dir, file), 'utf8')) as unknown;
    const dataBefore = data(U2);

    const encrypted = await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY]);
    expect(encrypted.code, encrypted.stderr).toBe(0);
    const middle = readFileSync(path.join(dir, U1), 'latin1');
    expect(middle.startsWith('\xEF\xBB\xBF')).toBe(true);
    expect(middle.split('\r\n').length).toBe(middle.split('\n').length);
    expect(Buffer.from(middle, 'latin1').toString('utf8')).toContain('    admins_age: | # hai người\r\n');
    expect(Buffer.from(middle, 'latin1').toString('utf8')).toContain('    # sau danh sách\r\n');
    expect(validateRegistry(dir, { today: TODAY }).ok).toBe(true);

    const decrypted = await contacts(['decrypt', '--registry', dir, '--identity', keyFile, '--today', TODAY]);
    expect(decrypted.code, decrypted.stderr).toBe(0);
    const after = snapshotFiles(dir);
    expect(after.get(U1)).toBe(before.get(U1));
    expect(after.get('registry.yaml')).toBe(before.get('registry.yaml'));
    expect(data(U2)).toEqual(dataBefore);
    expect(after.get(U2)).toBe(before.get(U2));
    expect(readFileSync(path.join(dir, U2), 'utf8')).toContain('admins: [{name: Bốn, email: bon@example.vn}] # nhóm');
  });

  it('encrypts admins and hidden groups written in plain text in an encrypted registry (contacts-plaintext and hidden-group-plaintext are what it fixes)', async () => {
    const dir = copyOf();
    const settings = path.join(dir, 'registry.yaml');
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8').replace('contacts: plaintext', `contacts: encrypted\n  recipient: ${recipient}`),
    );
    expect(validateRegistry(dir, { today: TODAY }).problems.map((p) => p.rule)).toEqual([
      'hidden-group-plaintext',
      'contacts-plaintext',
      'contacts-plaintext',
    ]);
    const result = await contacts(['encrypt', '--registry', dir, '--today', TODAY]);
    expect(result.code, result.stderr).toBe(0);
    expect(validateRegistry(dir, { today: TODAY }).problems).toEqual([]);
    expect(readFileSync(settings, 'utf8').match(/recipient:/g)).toHaveLength(1);
  });

  it('moves a hidden group written in any usual layout (CRLF, BOM, url first, a comment after it) and back byte for byte', async () => {
    const dir = copyOf();
    const text = [
      '\uFEFFname: Công đoàn cơ sở Công ty Ví Dụ Hai',
      'level: cdcs',
      'parent: ldld-vi-du-hai',
      'accounts:',
      '  - url: https://www.facebook.com/groups/100000000000003/  # nhóm kín',
      '    role: group',
      '    name: Nhóm đoàn viên CĐCS Ví Dụ Hai',
      '    since: 2018-10-20',
      '  - role: group',
      '    name: Nhóm thứ hai',
      '    since: 2019-01-01',
      '    url: https://www.facebook.com/groups/100000000000004',
      '',
    ].join('\r\n');
    writeFileSync(path.join(dir, U2), text);
    const before = snapshotFiles(dir);
    expect((await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY])).code).toBe(0);
    const middle = readFileSync(path.join(dir, U2), 'utf8');
    expect(middle).not.toMatch(/10000000000000[34]/);
    expect(middle).toContain('  - url_age: | # nhóm kín\r\n      -----BEGIN AGE ENCRYPTED FILE-----\r\n');
    expect(middle.split('\r\n').length).toBe(middle.split('\n').length);
    expect(
      middle.endsWith(
        '    url_digest: ' +
          validateRegistry(dir, { today: TODAY }).registry!.byId.get('cdcs-vi-du-hai')!.accounts![1]!.url_digest! +
          '\r\n',
      ),
    ).toBe(true);
    expect(validateRegistry(dir, { today: TODAY }).problems).toEqual([]);
    expect((await contacts(['decrypt', '--registry', dir, '--identity', keyFile, '--today', TODAY])).code).toBe(0);
    expect(snapshotFiles(dir)).toEqual(before);
  });

  it('creates privacy.group_digest (a fresh salt) when registry.yaml has none, and encrypts to every key of privacy.recipients', async () => {
    const dir = copyOf();
    const settings = path.join(dir, 'registry.yaml');
    const text = readFileSync(settings, 'utf8');
    writeFileSync(
      settings,
      text
        .slice(0, text.indexOf('  group_digest:'))
        .replace('contacts: plaintext', `contacts: encrypted\n  recipients:\n    - ${recipient}\n    - ${otherRecipient}`),
    );
    const result = await contacts(['encrypt', '--registry', dir, '--today', TODAY]);
    expect(result.code, result.stderr).toBe(0);
    const after = validateRegistry(dir, { today: TODAY });
    expect(after.problems).toEqual([]);
    const { group_digest: digest, recipients } = after.registry!.settings.privacy;
    expect(recipients).toEqual([recipient, otherRecipient]);
    expect(digest?.iterations).toBe(300_000);
    expect(digest?.salt).toMatch(/^[A-Za-z0-9+/]{22}$/);
    expect(digest?.salt).not.toBe('+r3tEeShHOwtN3xkxMXPUA');
    const group = after.registry!.byId.get('cdcs-vi-du-hai')!.accounts![1]!;
    for (const key of [identity, otherIdentity])
      expect(await decryptGroupAddress(group.url_age!, key)).toBe('https://www.facebook.com/groups/100000000000003');
    expect(await decryptAdmins(group.admins_age!, otherIdentity)).toHaveLength(1);
    // Back to plaintext: the keys go, the digest settings stay (no secret; digests stay stable).
    expect((await contacts(['decrypt', '--registry', dir, '--identity', otherKeyFile, '--today', TODAY])).code).toBe(0);
    const plain = validateRegistry(dir, { today: TODAY });
    expect(plain.problems).toEqual([]);
    expect(plain.registry!.settings.privacy).toEqual({ contacts: 'plaintext', group_digest: digest });
    expect(plain.registry!.byId.get('cdcs-vi-du-hai')!.accounts![1]!.url).toBe('https://www.facebook.com/groups/100000000000003');
  });

  it('refuses to encrypt a hidden group that carries its fb_id (the id is the address), changing nothing', async () => {
    const dir = copyOf();
    const file = path.join(dir, U2);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('    visibility: hidden\n', '    visibility: hidden\n    fb_id: "100000000000003"\n'),
    );
    const before = snapshotFiles(dir);
    const result = await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('xoá dòng fb_id');
    expect(snapshotFiles(dir)).toEqual(before);
  });

  it('refuses an invalid registry, changing nothing', async () => {
    const dir = copyOf();
    writeFileSync(
      path.join(dir, 'units/huyen/ldld-vi-du-mot.yaml'),
      readFileSync(path.join(dir, 'units/huyen/ldld-vi-du-mot.yaml'), 'utf8').replace(
        'https://www.facebook.com/ldld.vidu.mot',
        'https://faceb00k.com/x',
      ),
    );
    const before = snapshotFiles(dir);
    const result = await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Danh bạ chưa hợp lệ');
    expect(result.stderr).toContain('url-not-facebook');
    expect(snapshotFiles(dir)).toEqual(before);
  });

  it('refuses to decrypt with a wrong identity, changing nothing', async () => {
    const dir = copyOf();
    expect((await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY])).code).toBe(0);
    const before = snapshotFiles(dir);
    const result = await contacts(['decrypt', '--registry', dir, '--identity', otherKeyFile, '--today', TODAY]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Khoá giải mã không đúng');
    expect(result.stderr).not.toContain('AGE-SECRET-KEY');
    expect(snapshotFiles(dir)).toEqual(before);
  });

  it('refuses to encrypt to a new key while contacts are encrypted to the current one', async () => {
    const dir = copyOf();
    expect((await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY])).code).toBe(0);
    const before = snapshotFiles(dir);
    const result = await contacts(['encrypt', '--registry', dir, '--recipient', otherRecipient, '--today', TODAY]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Để đổi khoá');
    expect(snapshotFiles(dir)).toEqual(before);
  });

  it('refuses an account with both admins and admins_age, changing nothing', async () => {
    const dir = copyOf();
    const armored = await encryptAdmins(ADMINS, recipient);
    const file = path.join(dir, U1);
    writeFileSync(file, readFileSync(file, 'utf8').replace('    admins:\n', `    admins_age: ${JSON.stringify(armored)}\n    admins:\n`));
    const before = snapshotFiles(dir);
    const result = await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('có cả admins và admins_age');
    expect(snapshotFiles(dir)).toEqual(before);
  });

  it('warns when contacts encrypted earlier may be for another key (nothing in a ciphertext says)', async () => {
    const dir = copyOf();
    const file = path.join(dir, U2);
    const armored = await encryptAdmins(ADMINS, otherRecipient);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/ {4}admins:\n[^]*$/, `    admins_age: ${JSON.stringify(armored)}\n`));
    expect(validateRegistry(dir, { today: TODAY }).problems).toEqual([]);
    const result = await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('1 tệp đã có admins_age từ trước');
  });

  it('warns about an identity file that others can read, and still uses it', async () => {
    const open = path.join(tmp, 'open.key');
    writeFileSync(open, `${identity}\n`, { mode: 0o644 });
    const dir = copyOf();
    expect((await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY])).code).toBe(0);
    const result = await contacts(['decrypt', '--registry', dir, '--identity', open, '--today', TODAY]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`chmod 600 ${open}`);
  });

  it('treats usage mistakes as usage errors (exit 2 at the edge)', async () => {
    await expect(contacts(['encrypt', '--registry', copyOf(), '--today', TODAY])).rejects.toThrow(/Thiếu khoá công khai/);
    await expect(contacts(['encrypt', '--registry', copyOf(), '--recipient', 'age1xyz'])).rejects.toThrow(UsageError);
    await expect(contacts(['decrypt', '--registry', copyOf()])).rejects.toThrow(/Thiếu --identity/);
    await expect(contacts(['decrypt', '--registry', copyOf(), '--identity', path.join(tmp, 'missing.key')])).rejects.toThrow(UsageError);
    await expect(contacts(['rotate'])).rejects.toThrow(UsageError);
    expect(existsSync(path.join(tmp, 'missing.key'))).toBe(false);
  });
});

describe('npm run report -- --identity', () => {
  let dir = '';
  beforeAll(async () => {
    dir = copyOf();
    expect((await contacts(['encrypt', '--registry', dir, '--recipient', recipient, '--today', TODAY])).code).toBe(0);
  });

  async function report(args: string[]) {
    const io = captureIo();
    const code = await reportMain(['--registry', dir, '--today', TODAY, ...args], io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }

  it('says the contacts are encrypted without the identity, and shows none', async () => {
    const result = await report([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Thông tin liên hệ của người quản trị 2 tài khoản đã được mã hoá');
    expect(result.stdout).not.toMatch(/0905000001|@example\.vn|100000000000003/);
  });

  it('decrypts the addresses of hidden groups with the identity, in the Markdown and the JSON', async () => {
    const md = await report(['--identity', keyFile]);
    expect(md.stdout).toContain('## Nhóm ẩn (thông tin nội bộ, không công bố)');
    expect(md.stdout).toContain(
      '| Công đoàn cơ sở Công ty Ví Dụ Hai | Nhóm đoàn viên CĐCS Ví Dụ Hai | https://www.facebook.com/groups/100000000000003 |',
    );
    const json = JSON.parse((await report(['--identity', keyFile, '--format', 'json'])).stdout) as { hiddenGroups: unknown[] };
    expect(json.hiddenGroups).toEqual([
      {
        unit: 'cdcs-vi-du-hai',
        unitName: 'Công đoàn cơ sở Công ty Ví Dụ Hai',
        account: 1,
        name: 'Nhóm đoàn viên CĐCS Ví Dụ Hai',
        url: 'https://www.facebook.com/groups/100000000000003',
      },
    ]);
    const other = await report(['--identity', otherKeyFile]);
    expect(other.stdout).not.toContain('100000000000003');
  });

  it('decrypts the contacts into the Markdown with the identity', async () => {
    const result = await report(['--identity', keyFile]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(
      '| Công đoàn cơ sở Trường Ví Dụ Một | Chủ tịch CĐCS Ví Dụ Một | Quản Trị Viên Một | Chủ tịch | 0905000001 | a@example.vn |',
    );
    expect(result.stdout).toContain('| Quản Trị Viên Hai |  | +84 905 000 002 | b@example.vn |');
  });

  it('adds five columns per admin to the CSV, one row per unit still', async () => {
    const result = await report(['--identity', keyFile, '--format', 'csv']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(
      /,so_tai_khoan,tai_khoan_qua_han_xac_nhan,quan_tri_1_tai_khoan,quan_tri_1_ho_ten,quan_tri_1_chuc_vu,quan_tri_1_dien_thoai,quan_tri_1_email$/,
    );
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.startsWith('cdcs-vi-du-mot,'))).toMatch(
      /,Chủ tịch CĐCS Ví Dụ Một,Quản Trị Viên Một,Chủ tịch,0905000001,a@example\.vn$/,
    );
    // "+84…" starts like a formula: neutralised by csvCell.
    expect(lines.find((l) => l.startsWith('cdcs-vi-du-hai,'))).toContain(",'+84 905 000 002,b@example.vn");
  });

  it('adds a contacts list to the JSON', async () => {
    const result = await report(['--identity', keyFile, '--format', 'json']);
    const body = JSON.parse(result.stdout) as { contacts: unknown[] };
    expect(body.contacts).toEqual([
      {
        unit: 'cdcs-vi-du-hai',
        account: 1,
        name: 'Nhóm đoàn viên CĐCS Ví Dụ Hai',
        admins: [{ name: 'Quản Trị Viên Hai', phone: '+84 905 000 002', email: 'b@example.vn' }],
      },
      {
        unit: 'cdcs-vi-du-mot',
        account: 0,
        name: 'Chủ tịch CĐCS Ví Dụ Một',
        admins: [{ name: 'Quản Trị Viên Một', position: 'Chủ tịch', phone: '0905000001', email: 'a@example.vn' }],
      },
    ]);
  });

  it('shows plain-text admins of a private, plaintext registry without any key', async () => {
    const io = captureIo();
    expect(await reportMain(['--registry', BASE, '--today', TODAY], io)).toBe(0);
    expect(io.stdout()).toContain('| Quản Trị Viên Một | Chủ tịch | 0905000001 | a@example.vn |');
    expect(io.stdout()).not.toContain('đã được mã hoá');
  });

  it('exits 1 with a Vietnamese message, not a stack trace, for a wrong identity (in process and as the real command)', async () => {
    const result = await report(['--identity', otherKeyFile]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^Không giải mã được thông tin liên hệ: Khoá giải mã không đúng/);
    const child = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['src/cli/report.ts', '--registry', dir, '--today', TODAY, '--identity', otherKeyFile],
        { cwd: ROOT, encoding: 'utf8' },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
      );
    });
    expect(child.code).toBe(1);
    expect(child.stdout).toBe('');
    expect(child.stderr).toContain('Khoá giải mã không đúng');
    expect(child.stderr).not.toMatch(/\bat .*\.ts:\d+|Error:/);
  });
});
