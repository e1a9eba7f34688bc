/**
 * The office's internal report (/bao-cao/noi-bo/, docs/office-report.md): the bundle
 * built from an encrypted registry, opened with the office's identity as the page does,
 * its filters and its CSV. The page's own behaviour in Chromium is test/browser/office.ts.
 */
import { armor, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptRegistry } from '../src/cli/contacts.ts';
import { encryptAdmins, parseIdentities } from '../src/lib/contacts.ts';
import { buildReport, STATUS_LABELS } from '../src/lib/report.ts';
import { validateRegistry } from '../src/registry/load.ts';
import type { Registry } from '../src/registry/model.ts';
import { AdminSchema } from '../src/schema/index.ts';
import { buildOfficeBundle, officeAccount } from '../src/site/office-bundle.ts';
import { OFFICE_CSV_HEADER, officeCsv, officeCsvRows } from '../src/site/office-csv.ts';
import { ADMIN_FIELDS, OfficeError, readAdminList, readHiddenAddress, readIdentities } from '../src/site/office-decrypt.ts';
import type { OfficeBundle } from '../src/site/office-format.ts';
import { filterUnits, openOfficeReport, readBundle, STATUS_FILTERS } from '../src/site/office-model.ts';

const BASE = fileURLToPath(new URL('./fixtures/base/', import.meta.url));
const TODAY = '2026-11-26';
const U1 = 'cdcs-vi-du-mot';
const U2 = 'cdcs-vi-du-hai';
const U3 = 'cdcs-vi-du-ba';

let tmp = '';
let identity = '';
let recipient = '';
let otherIdentity = '';
let otherRecipient = '';
let registry: Registry;
/** `npm run contacts -- encrypt` moves a hidden group's address into `url_age` once section 1 of issue 13 is in. */
let hiddenEncrypted = false;
const HIDDEN_URL = 'https://www.facebook.com/groups/100000000000003';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'office-test-'));
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
  otherIdentity = await generateX25519Identity();
  otherRecipient = await identityToRecipient(otherIdentity);
  const dir = path.join(tmp, 'registry');
  cpSync(BASE, dir, { recursive: true });
  // A unit that has registered nothing yet ("chưa đăng ký").
  writeFileSync(
    path.join(dir, 'units', 'ldld-vi-du-mot', `${U3}.yaml`),
    `name: Công đoàn cơ sở Trường Ví Dụ Ba\nlevel: cdcs\nparent: ldld-vi-du-mot\n`,
  );
  await encryptRegistry({ dir, today: TODAY, recipient });
  const result = validateRegistry(dir, { today: TODAY });
  if (!result.registry) throw new Error('the encrypted registry did not load');
  registry = result.registry;
  hiddenEncrypted = (registry.byId.get(U2)!.accounts![1] as { url_age?: string }).url_age !== undefined;
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const bundleOf = (r: Registry = registry): OfficeBundle =>
  JSON.parse(JSON.stringify(buildOfficeBundle(r, buildReport(r, TODAY), TODAY))) as OfficeBundle;
const accountsOf = (bundle: OfficeBundle, id: string) => bundle.accounts[bundle.report!.units.findIndex((u) => u.id === id)]!;

async function encryptText(text: string, to: string): Promise<string> {
  const e = new Encrypter();
  e.addRecipient(to);
  return armor.encode(await e.encrypt(text));
}

describe('the office bundle', () => {
  it('carries the public report and exactly the ciphertext of the registry, never a clear contact or hidden address', () => {
    const bundle = bundleOf();
    expect(bundle.mode).toBe('encrypted');
    expect(bundle.recipients).toEqual([recipient]);
    expect(bundle.report).toEqual(buildReport(registry, TODAY));
    expect(bundle.accounts).toHaveLength(registry.units.length);
    const source = registry.byId.get(U1)!.accounts![0]!;
    expect(accountsOf(bundle, U1)[0]!.admins_age).toBe(source.admins_age);
    const hidden = accountsOf(bundle, U2)[1]!;
    expect(hidden).toMatchObject({ role: 'group', url: null, visibility: 'hidden' });
    if (hiddenEncrypted) expect(hidden.url_age).toBe((registry.byId.get(U2)!.accounts![1] as { url_age?: string }).url_age);
    else expect(hidden.url_withheld).toBe(true);
    const text = JSON.stringify(bundle);
    for (const secret of [
      '0905000001',
      '905 000 002',
      'a@example.vn',
      'b@example.vn',
      'groups/100000000000003',
      '100000000000003',
      'Quản Trị Viên',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('https://www.facebook.com/groups/cdcs.vidu.mot'); // a public group stays public
  });

  it('carries the labels the site uses, so the page needs no schema code', () => {
    expect(bundleOf().labels.status).toEqual(STATUS_LABELS);
  });

  it('is empty in plaintext mode: nothing there to decrypt', () => {
    const plain = validateRegistry(BASE, { today: TODAY }).registry!;
    const bundle = buildOfficeBundle(plain, buildReport(plain, TODAY), TODAY);
    expect(bundle).toMatchObject({ mode: 'plaintext', report: null, accounts: [], recipients: [] });
    expect(JSON.stringify(bundle)).not.toContain('0905000001');
  });

  it('takes a hidden group address from url_age when the account has one (issue 13, section 1), never from a clear url', async () => {
    const url_age = await encryptText('https://www.facebook.com/groups/nhom.an.bi.mat\n', recipient);
    const unit = registry.byId.get(U2)!;
    const withAge = { role: 'group', name: 'Nhóm ẩn', visibility: 'hidden', since: '2018-10-20', url_age } as unknown as Parameters<
      typeof officeAccount
    >[0];
    expect(officeAccount(withAge, unit, TODAY)).toEqual({
      role: 'group',
      name: 'Nhóm ẩn',
      url: null,
      visibility: 'hidden',
      since: '2018-10-20',
      until: null,
      current: true,
      url_age,
    });
    // A public group never carries one, even if present.
    const open = { ...withAge, visibility: 'public', url: 'https://www.facebook.com/groups/nhom.mo' } as typeof withAge;
    expect(officeAccount(open, unit, TODAY)).not.toHaveProperty('url_age');
  });
});

describe('opening the bundle with the office identity', () => {
  it('decrypts every account, keeping the report numbers', async () => {
    const bundle = bundleOf();
    const seen: number[] = [];
    const report = await openOfficeReport(readBundle(bundle), `# văn phòng\n${identity}\n`, (done) => seen.push(done));
    const n = hiddenEncrypted ? 3 : 2;
    expect(report.counts).toEqual({ ciphertexts: n, opened: n, locked: 0, failed: 0 });
    expect(seen.at(-1)).toBe(n);
    expect(report.report.totals).toEqual(bundle.report!.totals);
    const u1 = report.units.find((u) => u.progress.id === U1)!;
    expect(u1.accounts[0]!.contacts).toEqual({
      state: 'open',
      admins: [{ name: 'Quản Trị Viên Một', position: 'Chủ tịch', phone: '0905000001', email: 'a@example.vn' }],
    });
    expect(u1.accounts[1]).toMatchObject({
      address: { state: 'public', url: 'https://www.facebook.com/groups/cdcs.vidu.mot' },
      contacts: { state: 'none' },
    });
    const u2 = report.units.find((u) => u.progress.id === U2)!;
    expect(u2.accounts[1]).toMatchObject({
      address: hiddenEncrypted ? { state: 'open', url: HIDDEN_URL } : { state: 'withheld' },
      contacts: { state: 'open', admins: [{ name: 'Quản Trị Viên Hai', phone: '+84 905 000 002', email: 'b@example.vn' }] },
    });
    expect(report.levelName('cdcs')).toBe('Công đoàn cơ sở');
  });

  it('decrypts a hidden group address from url_age (a hand-made account)', async () => {
    const bundle = bundleOf();
    const hidden = accountsOf(bundle, U2)[1]!;
    delete hidden.url_withheld;
    hidden.url_age = await encryptText('https://www.facebook.com/groups/nhom.an.bi.mat\n', recipient);
    const report = await openOfficeReport(readBundle(bundle), identity);
    expect(report.units.find((u) => u.progress.id === U2)!.accounts[1]!.address).toEqual({
      state: 'open',
      url: 'https://www.facebook.com/groups/nhom.an.bi.mat',
    });
    expect(report.counts).toMatchObject({ ciphertexts: 3, opened: 3 });
    // Another key's address is reported on the account, not as a crash.
    hidden.url_age = await encryptText('https://www.facebook.com/groups/nhom.an.khac', otherRecipient);
    const other = await openOfficeReport(readBundle(bundle), identity);
    expect(other.units.find((u) => u.progress.id === U2)!.accounts[1]!.address).toEqual({ state: 'locked' });
  });

  it('reports per account what another key encrypted, what is damaged and what is not an admin list', async () => {
    const bundle = bundleOf();
    accountsOf(bundle, U2)[1]!.admins_age = await encryptAdmins([{ name: 'Người Khác' }], otherRecipient);
    const u1 = accountsOf(bundle, U1);
    u1[1]!.admins_age = await encryptText('- name: A\n  salary: "10"\n', recipient);
    const lines = u1[0]!.admins_age!.trim().split('\n');
    const damaged = [...lines.slice(0, 2), `${lines[2]!.slice(0, -4)}AAAA`, ...lines.slice(3)].join('\n');
    bundle.accounts.push([]); // a unit list longer than the report: refused below
    expect(() => readBundle(bundle)).toThrow(OfficeError);
    bundle.accounts.pop();
    u1.push({ ...u1[0]!, admins_age: damaged });
    const report = await openOfficeReport(readBundle(bundle), identity);
    const views = report.units.find((u) => u.progress.id === U1)!.accounts;
    expect(views[1]!.contacts).toMatchObject({ state: 'error', message: expect.stringContaining('không đúng dạng') });
    expect(views[2]!.contacts).toMatchObject({ state: 'error', message: expect.stringContaining('bị hỏng') });
    expect(report.units.find((u) => u.progress.id === U2)!.accounts[1]!.contacts).toEqual({ state: 'locked' });
    const extra = hiddenEncrypted ? 1 : 0;
    expect(report.counts).toEqual({ ciphertexts: 4 + extra, opened: 1 + extra, locked: 1, failed: 2 });
  });

  it('refuses a wrong identity with a Vietnamese message naming both public keys, never the secret', async () => {
    const error = await openOfficeReport(readBundle(bundleOf()), otherIdentity).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeError);
    expect(error).toMatchObject({ code: 'wrong-identity', message: expect.stringContaining('Khoá giải mã không đúng') });
    const message = (error as OfficeError).message;
    expect(message).toContain(recipient);
    expect(message).toContain(otherRecipient);
    expect(message).not.toContain(otherIdentity);
  });

  it('refuses what is not an identity file, by line number only', async () => {
    await expect(openOfficeReport(readBundle(bundleOf()), 'xin chào\n')).rejects.toMatchObject({
      code: 'not-identity',
      message: expect.stringContaining('Dòng 1 không phải một khoá'),
    });
    await expect(openOfficeReport(readBundle(bundleOf()), `# khoá công khai\n${recipient}\n`)).rejects.toMatchObject({
      code: 'not-identity',
      message: expect.stringContaining('Dòng 2 là khoá công khai'),
    });
    await expect(openOfficeReport(readBundle(bundleOf()), '')).rejects.toMatchObject({ code: 'not-identity' });
    await expect(openOfficeReport(readBundle(bundleOf()), 'x'.repeat(70_000))).rejects.toMatchObject({ code: 'too-large' });
    const bad = `${identity.slice(0, -1)}${identity.endsWith('Q') ? 'P' : 'Q'}`;
    const error = await openOfficeReport(readBundle(bundleOf()), bad).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad-key' });
    expect((error as Error).message).not.toContain(bad);
  });

  it('refuses a bundle that is not one', () => {
    for (const value of [
      null,
      [],
      { format: 2 },
      {
        format: 1,
        mode: 'encrypted',
        levels: [],
        branches: [],
        recipients: [],
        labels: {},
        accounts: [[{}]],
        report: { units: [], totals: {} },
      },
    ]) {
      expect(() => readBundle(value)).toThrow(/Không đọc được dữ liệu báo cáo/);
    }
  });
});

describe('the page filters', () => {
  it('select by branch and by status, "chưa đăng ký" being units with nothing registered', async () => {
    const report = await openOfficeReport(readBundle(bundleOf()), identity);
    const ids = (branch: string, status: (typeof STATUS_FILTERS)[number][0]) =>
      filterUnits(report.units, { branch, status }).map((u) => u.progress.id);
    expect(ids('', 'tat-ca')).toEqual(registry.units.map((u) => u.id));
    const missing = report.report.units.filter((u) => u.status === 'missing').map((u) => u.id);
    expect(missing).toEqual([U3]);
    expect(ids('', 'chua-dang-ky')).toEqual(missing);
    const branch = report.report.units.find((u) => u.id === U1)!.branch;
    expect(ids(branch, 'tat-ca')).toEqual(report.report.units.filter((u) => u.branch === branch).map((u) => u.id));
    expect(ids(branch, 'tat-ca')).not.toContain(U2);
    expect(ids('', 'chua-du')).toEqual(
      report.report.units.filter((u) => u.status === 'missing' || u.status === 'partial').map((u) => u.id),
    );
  });
});

describe('the office CSV', () => {
  it('has one row per admin, the contacts, notes for what is not shown, and neutralised formulas', async () => {
    const bundle = bundleOf();
    const report = await openOfficeReport(readBundle(bundle), identity);
    const rows = officeCsvRows(report.units, report);
    expect(rows[0]).toEqual(OFFICE_CSV_HEADER);
    const u1 = rows.find((r) => r[0] === U1 && r[8] === 'Chủ tịch CĐCS Ví Dụ Một')!;
    expect(u1.slice(12, 16)).toEqual(['Quản Trị Viên Một', 'Chủ tịch', '0905000001', 'a@example.vn']);
    expect(u1[9]).toBe('https://www.facebook.com/cdcs.vidu.mot');
    const hidden = rows.find((r) => r[0] === U2 && r[7] === 'Nhóm đoàn viên')!;
    if (hiddenEncrypted) expect(hidden[9]).toBe(HIDDEN_URL);
    else {
      expect(hidden[9]).toBe('');
      expect(hidden[16]).toContain('không được đưa lên trang');
    }
    // A unit without accounts still has its row.
    expect(rows.filter((r) => r[0] === U3)).toEqual([
      [
        U3,
        'Công đoàn cơ sở Trường Ví Dụ Ba',
        'Công đoàn cơ sở',
        'Liên đoàn Lao động huyện Ví Dụ Một',
        'Chưa đăng ký',
        'tài khoản của chủ tịch cđcs; nhóm đoàn viên',
        'không',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ]);
    const csv = officeCsv(report.units, report);
    expect(csv.startsWith('\uFEFFma_don_vi,')).toBe(true);
    expect(csv).toContain(",'+84 905 000 002,"); // "+84…" would start a formula
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('the browser-side readers agree with the registry code', () => {
  it('read the same identity files as parseIdentities', () => {
    for (const text of [`${identity}\n`, `# c\r\n\r\n${otherIdentity}\r\n${identity}`, `\uFEFF${identity}`])
      expect(readIdentities(text)).toEqual(parseIdentities(text));
    for (const text of ['', '# only\n', recipient, 'AGE-SECRET-KEY-1xyz']) {
      expect(() => readIdentities(text)).toThrow(OfficeError);
      expect(() => parseIdentities(text)).toThrow();
    }
  });

  it('know the admin fields of AdminSchema, and refuse others', () => {
    expect([...ADMIN_FIELDS].sort()).toEqual(Object.keys(AdminSchema.shape).sort());
    expect(readAdminList('- name: A\n  position: B\n  phone: "0905000001"\n  email: a@example.vn\n')).toEqual([
      { name: 'A', position: 'B', phone: '0905000001', email: 'a@example.vn' },
    ]);
    for (const bad of [
      '- name: A\n  x: ""\n',
      '- position: B\n',
      'name: A\n',
      '- &a {name: A}\n- *a\n',
      '- name: A\n  name: B\n',
      '- name: A\n  phone: 905000001\n',
      '- name: A\n  __proto__: x\n',
    ]) {
      expect(() => readAdminList(bad), bad).toThrow(OfficeError);
    }
  });

  it('read a hidden address as one line', () => {
    for (const text of [
      ' https://www.facebook.com/groups/x \n',
      '"https://www.facebook.com/groups/x"\n',
      'url: https://www.facebook.com/groups/x\n',
    ]) {
      expect(readHiddenAddress(text), text).toBe('https://www.facebook.com/groups/x');
    }
    for (const bad of ['a\nb', 'https://a b', 'url: [x]', '- https://x']) expect(() => readHiddenAddress(bad), bad).toThrow(OfficeError);
    expect(() => readHiddenAddress('[1, 2]')).toThrow(OfficeError);
    expect(() => readHiddenAddress('  ')).toThrow(OfficeError);
  });
});
