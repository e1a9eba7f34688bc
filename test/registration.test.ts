/**
 * The registration form's logic (src/submit/registration.ts): what it writes must pass the
 * registry's own validation, its messages are CI's, contacts never leave in clear when
 * the registry encrypts them, and every link is encoded.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decryptAdmins, encryptAdmins } from '../src/lib/contacts.ts';
import { encryptGroupAddress } from '../src/lib/group-url.ts';
import { sealHiddenGroups } from '../src/submit/registration-groups.ts';
import { groupDigest } from '../src/registry/group-digest.ts';
import { canonicalize } from '../src/registry/facebook-url.ts';
import {
  accountFromValues,
  applySnippet,
  describeUrl,
  editFileUrl,
  emptyAccount,
  embedUnit,
  findFileUrl,
  githubRepoFromEnv,
  issueUrls,
  knownUnitFromEmbedded,
  newFileUrl,
  newUnitFile,
  placementInstructions,
  placementOf,
  protectContacts,
  registeredProblem,
  renderAccountsSnippet,
  renderNewUnitYaml,
  validateRegistration,
  type AccountValues,
  type GithubRepo,
  type KnownUnit,
  type RegistrationContext,
  type RegistrationValues,
} from '../src/submit/registration.ts';
import { validateRegistry } from '../src/registry/load.ts';
import { todayIso } from '../src/registry/model.ts';
import { RegistrySettingsSchema, type AccountInput, type RegistrySettings } from '../src/schema/index.ts';
import { buildIssueForm } from '../src/submit/issue-form.ts';

const ROOT = path.join(import.meta.dirname, '..');
const REGISTRY = path.join(ROOT, 'registry');
const TODAY = todayIso();
const PHONE = '0905123456';
const EMAIL = 'nva@example.vn';
const REPO: GithubRepo = { server: 'https://github.com', owner: 'example', name: 'danh-ba', branch: 'main' };

const shippedSettings = (): RegistrySettings =>
  RegistrySettingsSchema.parse(parse(readFileSync(path.join(REGISTRY, 'registry.yaml'), 'utf8')));
const plaintext = (s: RegistrySettings): RegistrySettings => ({ ...s, privacy: { contacts: 'plaintext' } });

/** Units of the shipped registry, as the page embeds them. */
function shippedUnits(): Map<string, KnownUnit> {
  const result = validateRegistry(REGISTRY, { today: TODAY });
  expect(result.ok).toBe(true);
  const units = new Map<string, KnownUnit>();
  for (const u of result.registry!.units) {
    units.set(u.id, knownUnitFromEmbedded(embedUnit(u, readFileSync(path.join(REGISTRY, u.file), 'utf8'))));
  }
  return units;
}

function context(settings: RegistrySettings, units: Map<string, KnownUnit>): RegistrationContext {
  return {
    settings,
    today: TODAY,
    idExists: (id) => units.has(id),
    sameName: (name, parent) => [...units.values()].find((u) => u.parent === parent && u.name.toLowerCase() === name.toLowerCase()),
  };
}

function account(over: Partial<AccountValues>): AccountValues {
  return { ...emptyAccount(), ...over };
}

const chair = (over: Partial<AccountValues> = {}) =>
  account({
    role: 'chair',
    url: 'https://m.facebook.com/chu.tich.thpt.moi/?ref=bookmarks',
    name: 'Nguyễn Văn A',
    since: '2024-05-02',
    follows: ['congdoankontum', 'congdoanvietnam'],
    admins: [{ name: 'Nguyễn Văn A', position: 'Chủ tịch', phone: PHONE, email: EMAIL }],
    ...over,
  });
const hiddenGroup = (over: Partial<AccountValues> = {}) =>
  account({
    role: 'group',
    url: 'https://www.facebook.com/groups/doanvien.thpt.moi',
    name: 'Đoàn viên THPT Mới',
    visibility: 'hidden',
    since: '2024-05-03',
    follows: ['congdoankontum'],
    ...over,
  });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kt-dang-ky-'));
  cpSync(REGISTRY, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeInto(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

function errorsOf(registryDir: string) {
  const result = validateRegistry(registryDir, { today: TODAY });
  return result.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line} ${p.rule} ${p.message}`);
}

/** What the page does on "Tạo tệp": validate, build, protect contacts, render. */
async function produce(values: RegistrationValues, settings: RegistrySettings, units: Map<string, KnownUnit>) {
  const problems = validateRegistration(values, context(settings, units));
  expect(problems).toEqual([]);
  const accounts = await sealHiddenGroups(
    await protectContacts(
      values.accounts.map((a) => accountFromValues(a, settings)),
      settings.privacy,
      encryptAdmins,
    ),
    settings.privacy,
    async () => encryptGroupAddress,
  );
  if (values.kind === 'new') {
    const file = newUnitFile(values.parent!.id, values.id);
    return {
      file,
      yaml: renderNewUnitYaml({ name: values.name, level: values.level, parent: values.parent!.id }, accounts, file, settings.privacy),
      accounts,
    };
  }
  const unit = values.unit!;
  return { file: unit.file!, yaml: renderAccountsSnippet(accounts, unit.placement!, settings.privacy), accounts };
}

describe('a new unit', () => {
  it('with a chair and a hidden group produces YAML that validateRegistry accepts (encrypted contacts)', async () => {
    const settings = shippedSettings();
    expect(settings.privacy.contacts).toBe('encrypted');
    const units = shippedUnits();
    const values: RegistrationValues = {
      kind: 'new',
      name: 'Công đoàn cơ sở Trường THPT Mới',
      level: 'cdcs',
      parent: units.get('ldld-dak-ha'),
      id: 'cdcs-truong-thpt-moi',
      accounts: [chair(), hiddenGroup()],
    };
    const { file, yaml } = await produce(values, settings, units);
    expect(file).toBe('units/ldld-dak-ha/cdcs-truong-thpt-moi.yaml');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/\.\.\/schema\/unit\.schema\.json\n/);
    expect(yaml).toContain('url: https://www.facebook.com/chu.tich.thpt.moi\n'); // canonical: no ?ref, no m.
    expect(yaml).toContain('follows: [congdoankontum, congdoanvietnam]\n');
    expect(yaml).toContain('visibility: hidden\n');
    expect(yaml).toContain('admins_age: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n');
    expect(yaml).not.toMatch(/\badmins:/);
    expect(yaml).not.toContain(PHONE);
    expect(yaml).not.toContain(EMAIL);
    writeInto(file, yaml);
    expect(errorsOf(dir)).toEqual([]);
    const result = validateRegistry(dir, { today: TODAY });
    const unit = result.registry!.byId.get('cdcs-truong-thpt-moi')!;
    expect(unit.accounts?.map((a) => a.role)).toEqual(['chair', 'group']);
    expect(unit.accounts?.[1]?.admins_age).toBeUndefined(); // no admin row filled: nothing to encrypt
  });

  it('encrypts the address of a hidden group in the browser before any YAML: url_age to the office, url_digest as /kiem-tra/ computes it', async () => {
    const settings = shippedSettings();
    const units = shippedUnits();
    const values: RegistrationValues = {
      kind: 'new',
      name: 'Công đoàn cơ sở Trường THPT Mới',
      level: 'cdcs',
      parent: units.get('ldld-dak-ha'),
      id: 'cdcs-truong-thpt-moi',
      accounts: [chair(), hiddenGroup()],
    };
    const { file, yaml } = await produce(values, settings, units);
    expect(yaml).not.toContain('doanvien.thpt.moi');
    expect(yaml).toContain('url_age: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n');
    writeInto(file, yaml);
    expect(errorsOf(dir)).toEqual([]);
    const group = validateRegistry(dir, { today: TODAY }).registry!.byId.get('cdcs-truong-thpt-moi')!.accounts![1]!;
    expect(group.url).toBeUndefined();
    expect(group.url_digest).toBe(await groupDigest('group:doanvien.thpt.moi', settings.privacy.group_digest!));
    // Rendering refuses an address left in clear: the form cannot show it by mistake.
    expect(() =>
      renderNewUnitYaml(
        { name: 'x', level: 'cdcs', parent: 'ldld-dak-ha' },
        [accountFromValues(hiddenGroup(), settings)],
        file,
        settings.privacy,
      ),
    ).toThrow(/sealHiddenGroups/);
  });

  it('opens no prefilled issue for a hidden group of an encrypted registry (the address would be public)', () => {
    const settings = shippedSettings();
    const form = buildIssueForm(settings);
    const links = issueUrls(
      REPO,
      form,
      {
        kind: 'existing',
        unit: { id: 'u', name: 'Đơn vị', level: 'cdcs' },
        accounts: [chair(), hiddenGroup(), hiddenGroup({ visibility: '' }), hiddenGroup({ visibility: 'private' })],
      },
      settings,
      () => false,
    );
    expect(links.map((l) => l.account)).toEqual([0, 3]);
    expect(links.map((l) => decodeURIComponent(l.url)).join('\n')).toContain('groups/doanvien.thpt.moi');
    expect(
      issueUrls(
        REPO,
        form,
        { kind: 'existing', unit: { id: 'u', name: 'Đơn vị', level: 'cdcs' }, accounts: [hiddenGroup()] },
        plaintext(settings),
        () => false,
      ),
    ).toHaveLength(1);
  });

  it('in plaintext mode writes admins in clear, and still validates', async () => {
    const settings = plaintext(shippedSettings());
    writeFileSync(
      path.join(dir, 'registry.yaml'),
      readFileSync(path.join(dir, 'registry.yaml'), 'utf8').replace(/privacy:[\s\S]*$/, 'privacy:\n  contacts: plaintext\n'),
    );
    const units = shippedUnits();
    const values: RegistrationValues = {
      kind: 'new',
      name: 'Công đoàn cơ sở Trường THPT Mới',
      level: 'cdcs',
      parent: units.get('ldld-dak-ha'),
      id: 'cdcs-truong-thpt-moi',
      accounts: [chair()],
    };
    const { file, yaml } = await produce(values, settings, units);
    expect(yaml).toContain(`phone: "${PHONE}"`);
    expect(yaml).not.toContain('admins_age');
    writeInto(file, yaml);
    expect(errorsOf(dir)).toEqual([]);
  });

  it('encrypts to the recipient: the office opens it, the YAML holds no phone or email', async () => {
    const identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    const settings: RegistrySettings = { ...shippedSettings(), privacy: { contacts: 'encrypted', recipient } };
    const units = shippedUnits();
    const values: RegistrationValues = {
      kind: 'new',
      name: 'Công đoàn cơ sở Trường THPT Mới',
      level: 'cdcs',
      parent: units.get('ldld-dak-ha'),
      id: 'cdcs-truong-thpt-moi',
      accounts: [chair()],
    };
    const { yaml } = await produce(values, settings, units);
    expect(yaml).toContain('admins_age: |');
    expect(yaml).not.toContain(PHONE);
    expect(yaml).not.toContain(EMAIL);
    expect(yaml).not.toContain('Chủ tịch\n'); // the position is encrypted too
    const armored = (parse(yaml) as { accounts: { admins_age: string }[] }).accounts[0]!.admins_age;
    expect(await decryptAdmins(armored, identity)).toEqual([{ name: 'Nguyễn Văn A', position: 'Chủ tịch', phone: PHONE, email: EMAIL }]);
  });

  it('refuses to render plain admins when the registry encrypts them', () => {
    const settings = shippedSettings();
    const plain = [accountFromValues(chair(), settings)];
    expect(() =>
      renderNewUnitYaml({ name: 'X', level: 'cdcs', parent: 'ldld-dak-ha' }, plain, 'units/ldld-dak-ha/x.yaml', settings.privacy),
    ).toThrow(/encrypted/);
    expect(() => renderAccountsSnippet(plain, { where: 'end', indent: 2 }, settings.privacy)).toThrow(/encrypted/);
  });
});

describe('an existing unit', () => {
  it('gets a snippet that, pasted as instructed, keeps the registry valid (accounts: [] and existing accounts)', async () => {
    const settings = shippedSettings();
    const units = shippedUnits();
    const dakHa = units.get('ldld-dak-ha')!;
    const province = units.get('ldld-kon-tum')!;
    expect(dakHa.placement).toEqual({ where: 'empty-list', indent: 2 });
    expect(province.placement).toEqual({ where: 'end', indent: 2 });

    for (const unit of [dakHa, province]) {
      const values: RegistrationValues = {
        kind: 'existing',
        unit,
        accounts: [
          account({
            role: 'unit',
            url: `https://www.facebook.com/trang.moi.${unit.id.replaceAll('-', '.')}`,
            name: `Trang mới ${unit.name}`,
            since: '2024-06-01',
            follows: ['congdoanvietnam'],
            admins: [{ name: 'Trần Thị B', position: '', phone: '+84905123456', email: '' }],
          }),
        ],
      };
      const { file, yaml } = await produce(values, settings, units);
      expect(yaml).not.toContain('905123456');
      const before = readFileSync(path.join(dir, file), 'utf8');
      writeFileSync(path.join(dir, file), applySnippet(before, yaml, unit.placement!));
    }
    expect(errorsOf(dir)).toEqual([]);
    const registry = validateRegistry(dir, { today: TODAY }).registry!;
    expect(registry.byId.get('ldld-dak-ha')!.accounts).toHaveLength(1);
    expect(registry.byId.get('ldld-kon-tum')!.accounts).toHaveLength(2);
    expect(readFileSync(path.join(dir, province.file!), 'utf8')).toContain('# yaml-language-server'); // the rest of the file is untouched
  });

  it('knows where items go in any file shape, and at which indentation', async () => {
    expect(placementOf('name: A\nlevel: cdcs\nparent: p\n')).toEqual({ where: 'no-accounts', indent: 2 });
    expect(placementOf('name: A\naccounts: [] # chưa có\n')).toEqual({ where: 'empty-list', indent: 2 });
    expect(placementOf('name: A\naccounts:\n- role: unit\n  url: x\n')).toEqual({ where: 'end', indent: 0 });
    expect(placementOf('name: A\naccounts:\n  # ghi chú\n  - role: unit\n    url: x\n# cuối\nreviewers: ["@a"]\n')).toEqual({
      where: 'before:reviewers',
      indent: 2,
    });
    expect(placementOf('name: A\naccounts: [{role: unit}]\n')).toEqual({ where: 'unknown', indent: 2 });
    expect(placementInstructions(undefined)).toHaveLength(3);

    // Each shape, with the snippet applied, parses to the old accounts plus the new one.
    const settings = plaintext(shippedSettings());
    const accounts = [accountFromValues(account({ role: 'unit', url: 'facebook.com/moi', name: 'Mới', since: '2024-01-01' }), settings)];
    const files = [
      'name: A\nlevel: cdcs\nparent: p\n',
      'name: A\nlevel: cdcs\nparent: p\naccounts: []\n',
      'name: A\naccounts:\n- role: unit\n  url: https://www.facebook.com/cu\n  name: Cũ\n  since: 2018-01-01\n  admins_age: |\n    -----BEGIN AGE ENCRYPTED FILE-----\n    abc\n    -----END AGE ENCRYPTED FILE-----\n',
      'name: A\naccounts:\n  - role: unit\n    url: https://www.facebook.com/cu\n    name: Cũ\n    since: 2018-01-01\n# người duyệt\nreviewers: ["@a"]\n',
    ];
    for (const text of files) {
      const placement = placementOf(text);
      const out = parse(applySnippet(text, renderAccountsSnippet(accounts, placement, settings.privacy), placement)) as {
        accounts: { url: string }[];
        reviewers?: string[];
      };
      expect(out.accounts.at(-1)!.url).toBe('https://www.facebook.com/moi');
      expect(out.accounts.length).toBe(text.includes('/cu\n') ? 2 : 1);
      if (text.includes('reviewers')) expect(out.reviewers).toEqual(['@a']);
    }
  });
});

describe("validation, with the registry's own messages", () => {
  const settings = shippedSettings();
  const units = shippedUnits();
  const ctx = context(settings, units);
  const existing = (accounts: AccountValues[]): RegistrationValues => ({ kind: 'existing', unit: units.get('ldld-dak-ha'), accounts });
  const byField = (values: RegistrationValues) => Object.fromEntries(validateRegistration(values, ctx).map((p) => [p.field, p]));

  it("an invalid address gives the canonicaliser's Vietnamese message on the url field", () => {
    for (const url of ['https://facebook.com.vn/ldld.dakha', 'https://www.facebook.com/share/abc123/', 'javascript:alert(1)', '']) {
      const problems = byField(existing([chair({ url })]));
      const refusal = canonicalize(url);
      expect(refusal.ok).toBe(false);
      expect(problems['accounts.0.url']?.message).toBe(refusal.ok ? '' : refusal.message);
      expect(describeUrl(url)).toEqual({ ok: false, message: refusal.ok ? '' : refusal.message });
    }
    expect(describeUrl('https://m.facebook.com/groups/abc/?ref=share')).toMatchObject({
      ok: true,
      canonical: 'https://www.facebook.com/groups/abc/',
      isGroup: true,
    });
    expect(describeUrl('https://www.facebook.com/ldld.dakha/posts/123').ok).toBe(false);
  });

  it('checks roles against addresses, dates, follows and contact formats as CI does', () => {
    const problems = byField(
      existing([
        chair({ role: 'group', url: 'https://www.facebook.com/not.a.group' }),
        chair({
          url: 'https://www.facebook.com/groups/abc',
          since: '2999-01-01',
          admins: [
            { name: '', position: '', phone: '123', email: 'x@' },
            { name: '', position: '', phone: '', email: '' },
            { name: 'C', position: '', phone: '0905 123 456', email: 'c@example.vn' },
          ],
        }),
        account({ url: 'https://www.facebook.com/abc', name: '  ', since: '2024-13-01' }),
      ]),
    );
    expect(problems['accounts.0.url']?.rule).toBe('url-role');
    expect(problems['accounts.1.role']?.rule).toBe('url-role');
    expect(problems['accounts.1.since']?.message).toMatch(/tương lai/);
    expect(problems['accounts.1.admins.0.phone']).toMatchObject({ rule: 'contact-format', message: expect.stringContaining('"123"') });
    expect(problems['accounts.1.admins.0.email']?.rule).toBe('contact-format');
    expect(problems['accounts.1.admins.0.name']?.rule).toBe('schema');
    expect(problems['accounts.1.admins.2.phone']).toBeUndefined(); // spaces are fine, the empty row 1 is ignored
    expect(problems['accounts.2.role']?.rule).toBe('required');
    expect(problems['accounts.2.name']?.message).toMatch(/không được để trống/);
    expect(problems['accounts.2.since']?.rule).toBe('schema');
  });

  it('checks a new unit: level under its parent, a free id, a name not already there', () => {
    const base = {
      kind: 'new' as const,
      name: 'Công đoàn cơ sở Trường A',
      level: 'cdcs',
      parent: units.get('ldld-dak-ha'),
      id: 'cdcs-truong-a',
      accounts: [chair()],
    };
    expect(validateRegistration(base, ctx)).toEqual([]);
    expect(byField({ ...base, level: 'huyen' }).parent?.rule).toBe('level-parent');
    expect(byField({ ...base, id: 'ldld-dak-ha' }).id).toMatchObject({
      rule: 'duplicate-id',
      message: expect.stringContaining('ldld-dak-ha-2'),
    });
    expect(byField({ ...base, id: 'Bad Id' }).id?.rule).toBe('id-format');
    expect(byField({ ...base, id: 'chi-muc' }).id).toMatchObject({
      rule: 'id-format',
      message: expect.stringContaining('thư mục của trang web'),
    });
    expect(
      byField({ ...base, name: 'LIÊN ĐOÀN LAO ĐỘNG HUYỆN ĐẮK HÀ', parent: units.get('ldld-kon-tum'), level: 'huyen' }).name?.rule,
    ).toBe('duplicate-id');
    const empty = byField({ kind: 'new', name: '', level: '', parent: undefined, id: '', accounts: [] });
    expect(Object.keys(empty)).toEqual(['name', 'level', 'parent', 'id', 'accounts']);
    expect(byField({ kind: 'existing', unit: undefined, accounts: [chair()] }).unit?.rule).toBe('required');
  });

  it('sees one address twice in the form, and addresses the directory already holds', () => {
    const problems = byField(existing([chair(), chair({ url: 'facebook.com/chu.tich.thpt.moi' })]));
    expect(problems['accounts.1.url']?.rule).toBe('duplicate-account');
    const unit = { id: 'ldld-kon-tum', name: 'Liên đoàn Lao động tỉnh Kon Tum' };
    expect(
      registeredProblem(
        [
          {
            kind: 'account',
            unit,
            role: 'unit',
            name: 'x',
            since: '2018-01-01',
            until: null,
            current: true,
            hidden: false,
            proof: null,
            pendingProof: false,
          },
        ],
        'ldld-dak-ha',
      )?.message,
    ).toContain('ldld-kon-tum');
    expect(
      registeredProblem(
        [
          {
            kind: 'account',
            unit,
            role: 'unit',
            name: 'x',
            since: '2018-01-01',
            until: '2019-01-01',
            current: false,
            hidden: false,
            proof: null,
            pendingProof: false,
          },
        ],
        'ldld-dak-ha',
      ),
    ).toBeUndefined();
    expect(registeredProblem([{ kind: 'follow', name: 'Tổng LĐLĐ' }], undefined)).toBeUndefined();
    expect(registeredProblem([{ kind: 'reported', unit, reported: '2019-01-01', note: null, realAccounts: [] }], undefined)?.rule).toBe(
      'reported-official',
    );
  });
});

describe('links', () => {
  const settings = shippedSettings();
  const units = shippedUnits();
  const form = buildIssueForm(settings);
  const tricky = 'Công đoàn cơ sở Công ty A & B #1 – Đắk Hà ?x=1+2 100%';

  it('the issue link never carries a phone number or an email, even when admins are filled', () => {
    const values: RegistrationValues = {
      kind: 'new',
      name: tricky,
      level: 'cdcs',
      parent: units.get('ldld-dak-ha'),
      id: 'x',
      accounts: [
        chair(),
        hiddenGroup({
          visibility: 'private',
          admins: [{ name: 'Lê Văn C', position: 'Phó Chủ tịch', phone: '+84 912 345 678', email: 'lvc@example.vn' }],
        }),
      ],
    };
    const links = issueUrls(REPO, form, values, settings, (id) => units.has(id));
    expect(links).toHaveLength(2);
    for (const { url } of links) {
      const decoded = decodeURIComponent(url);
      for (const secret of [PHONE, EMAIL, '912', 'lvc@', 'Lê Văn C', 'Phó Chủ tịch', 'Nguyễn Văn A\n'])
        expect(decoded).not.toContain(secret);
      expect(url).not.toMatch(/admin|phone|email/i);
    }
    const first = new URL(links[0]!.url);
    expect(first.origin + first.pathname).toBe('https://github.com/example/danh-ba/issues/new');
    expect(first.searchParams.get('template')).toBe('dang-ky.yml');
    expect(first.searchParams.get('name')).toBe(tricky);
    expect(first.searchParams.get('level')).toBe('Công đoàn cơ sở (cdcs)');
    expect(first.searchParams.get('parent')).toBe('ldld-dak-ha');
    expect(first.searchParams.get('role')).toBe('Tài khoản của Chủ tịch CĐCS (chair)');
    expect(first.searchParams.get('url')).toBe('https://www.facebook.com/chu.tich.thpt.moi');
    expect(first.searchParams.get('since')).toBe('2024-05-02');
    expect(first.searchParams.get('unit')).toBeNull();
    const second = new URL(links[1]!.url);
    expect(second.searchParams.get('unit')).toBe('cong-doan-co-so-cong-ty-a-b-1-dak-ha-x-1-2-100');
    expect(second.searchParams.get('visibility')).toBe('Riêng tư (private)');
    expect(second.searchParams.get('name')).toBeNull();
    // The form's ids only (and template/title), every one of them known to the issue form.
    const ids = new Set(['template', 'title', ...form.fields.map((f) => f.id)]);
    for (const { url } of links) for (const key of new URL(url).searchParams.keys()) expect(ids.has(key)).toBe(true);
  });

  it('encodes names with &, #, + and Vietnamese letters in every link', async () => {
    const identity = await generateX25519Identity();
    const privacy = { contacts: 'encrypted' as const, recipient: await identityToRecipient(identity) };
    const accounts = await protectContacts([accountFromValues(chair({ name: tricky }), settings)], privacy, encryptAdmins);
    const file = newUnitFile('ldld-dak-ha', 'cdcs-a-b');
    const yaml = renderNewUnitYaml({ name: tricky, level: 'cdcs', parent: 'ldld-dak-ha' }, accounts, file, privacy);
    const url = newFileUrl({ ...REPO, branch: 'release/2024' }, file, yaml, `Đăng ký: ${tricky}`)!;
    expect(url).toMatch(/^https:\/\/github\.com\/example\/danh-ba\/new\/release\/2024\?filename=/);
    const search = url.slice(url.indexOf('?') + 1);
    expect(search).not.toMatch(/[\s#+]/); // no raw space, # or +
    expect(search.split('&')).toHaveLength(3); // the only raw & separate the three parameters
    const parsed = new URL(url);
    expect(parsed.hash).toBe('');
    expect(parsed.searchParams.get('filename')).toBe('registry/units/ldld-dak-ha/cdcs-a-b.yaml');
    expect(parsed.searchParams.get('value')).toBe(yaml);
    expect(parsed.searchParams.get('message')).toBe(`Đăng ký: ${tricky}`);
    expect([...parsed.searchParams.keys()]).toEqual(['filename', 'value', 'message']);
    expect((parse(parsed.searchParams.get('value')!) as { name: string }).name).toBe(tricky);

    const issue = new URL(
      issueUrls(
        REPO,
        form,
        { kind: 'existing', unit: { id: 'u', name: tricky, level: 'cdcs' }, accounts: [chair({ name: tricky })] },
        settings,
        () => false,
      )[0]!.url,
    );
    expect(issue.hash).toBe('');
    expect(issue.searchParams.get('account_name')).toBe(tricky);
    expect(issue.searchParams.get('title')).toBe(`[Đăng ký] ${tricky} – Tài khoản của Chủ tịch CĐCS`);
    expect(issue.searchParams.get('unit')).toBe('u');

    expect(editFileUrl(REPO, 'units/huyện #1/a b.yaml')).toBe(
      'https://github.com/example/danh-ba/edit/main/registry/units/huy%E1%BB%87n%20%231/a%20b.yaml',
    );
    expect(new URL(findFileUrl(REPO, 'cdcs-a')).searchParams.get('q')).toContain('cdcs-a.yaml');
    expect(newFileUrl(REPO, file, 'x'.repeat(9000), 'm')).toBeUndefined();
  });

  it('reads the repository from the environment, or hides the buttons', () => {
    expect(githubRepoFromEnv({ GITHUB_REPOSITORY: 'example/danh-ba' })).toEqual(REPO);
    expect(githubRepoFromEnv({ GITHUB_REPOSITORY: 'o/r', GITHUB_SERVER_URL: 'https://ghe.example.vn/', REGISTRY_BRANCH: 'chinh' })).toEqual(
      { server: 'https://ghe.example.vn', owner: 'o', name: 'r', branch: 'chinh' },
    );
    expect(githubRepoFromEnv({ REPO_URL: 'https://github.com/congdoan/danh-ba/' })).toMatchObject({
      owner: 'congdoan',
      name: 'danh-ba',
      branch: 'main',
    });
    for (const bad of [
      {},
      { GITHUB_REPOSITORY: 'no-slash' },
      { GITHUB_REPOSITORY: 'a/b/c' },
      { GITHUB_REPOSITORY: 'a/..' },
      { GITHUB_REPOSITORY: 'o/r', REGISTRY_BRANCH: '../x' },
      { REPO_URL: 'javascript:alert(1)' },
    ]) {
      expect(githubRepoFromEnv(bad)).toBeUndefined();
    }
  });
});

describe('values → account', () => {
  it('stores the canonical address, trims, orders follows as in settings, drops empty admin rows and visibility off groups', () => {
    const settings = shippedSettings();
    const a: AccountInput = accountFromValues(
      account({
        role: 'unit',
        url: ' https://m.facebook.com/LDLD.Moi?mibextid=abc ',
        name: ' Trang ',
        visibility: 'public',
        since: '2024-01-01 ',
        follows: ['tamsucongphan', 'congdoankontum'],
        admins: [{ name: '', position: '', phone: '', email: '' }],
      }),
      settings,
    );
    expect(a).toEqual({
      role: 'unit',
      url: 'https://www.facebook.com/ldld.moi',
      name: 'Trang',
      since: '2024-01-01',
      follows: ['congdoankontum', 'tamsucongphan'],
    });
    expect(Object.keys(accountFromValues(hiddenGroup({ visibility: '' }), settings))).toEqual([
      'role',
      'url',
      'name',
      'visibility',
      'since',
      'follows',
    ]);
    expect(accountFromValues(hiddenGroup({ visibility: '' }), settings).visibility).toBe('hidden');
  });
});
