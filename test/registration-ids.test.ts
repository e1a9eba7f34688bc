import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { proofCode } from '../src/lib/proof-code.ts';
import { produceRegistration } from '../src/site/client/register-produce.ts';
import { buildIssueForm } from '../src/submit/issue-form.ts';
import {
  accountFromValues,
  emptyAccount,
  issueUrls,
  validateRegistration,
  type AccountValues,
  type GithubRepo,
  type RegistrationValues,
} from '../src/submit/registration.ts';
import { RegistrySettingsSchema, type RegistrySettings } from '../src/schema/index.ts';

const REGISTRY = path.join(import.meta.dirname, '..', 'registry');
const settings = (): RegistrySettings => RegistrySettingsSchema.parse(parse(readFileSync(path.join(REGISTRY, 'registry.yaml'), 'utf8')));
const plaintext = (s: RegistrySettings): RegistrySettings => ({ ...s, privacy: { contacts: 'plaintext' } });
const REPO: GithubRepo = { server: 'https://github.com', owner: 'example', name: 'danh-ba', branch: 'main' };
const TODAY = '2026-11-26';

const page = (over: Partial<AccountValues> = {}): AccountValues => ({
  ...emptyAccount(),
  role: 'unit',
  url: 'https://www.facebook.com/cdcs.thpt.moi',
  name: 'CĐCS THPT Mới',
  since: '2024-05-02',
  ...over,
});
const newUnit = (accounts: AccountValues[]): RegistrationValues => ({
  kind: 'new',
  name: 'Công đoàn cơ sở Trường THPT Mới',
  level: 'cdcs',
  parent: { id: 'ldld-kon-tum', name: 'LĐLĐ tỉnh Kon Tum', level: 'tinh' },
  id: 'cdcs-thpt-moi',
  accounts,
});
const context = (s: RegistrySettings) => ({ settings: s, today: TODAY, idExists: () => false });

describe('the page id in the registration form', () => {
  it('is stored as fb_id after the name, without the spaces people copy', () => {
    const account = accountFromValues(page({ fbId: ' 100 064 512 345 678 ' }), settings());
    expect(account.fb_id).toBe('100064512345678');
    expect(Object.keys(account).slice(0, 4)).toEqual(['role', 'url', 'name', 'fb_id']);
    expect(accountFromValues(page(), settings()).fb_id).toBeUndefined();
  });

  it('refuses letters and an id that contradicts the address, under the id field', () => {
    const letters = validateRegistration(newUnit([page({ fbId: 'abc' })]), context(plaintext(settings())));
    expect(letters).toContainEqual(expect.objectContaining({ field: 'accounts.0.fb_id' }));
    const other = validateRegistration(
      newUnit([page({ url: 'https://www.facebook.com/profile.php?id=100064512345678', fbId: '100064512345679' })]),
      context(plaintext(settings())),
    );
    expect(other).toContainEqual(expect.objectContaining({ field: 'accounts.0.fb_id', rule: 'fb-id-mismatch' }));
  });

  it('refuses the id of a hidden group in an encrypted registry', () => {
    const s = settings();
    expect(s.privacy.contacts).toBe('encrypted');
    const group = page({
      role: 'group',
      url: 'https://www.facebook.com/groups/nhom.an.moi',
      visibility: 'hidden',
      fbId: '100064512345678',
    });
    expect(validateRegistration(newUnit([group]), context(s))).toContainEqual(
      expect.objectContaining({ field: 'accounts.0.fb_id', rule: 'hidden-group-plaintext' }),
    );
  });

  it('goes into the prefilled issue link', () => {
    const [link] = issueUrls(REPO, buildIssueForm(settings()), newUnit([page({ fbId: '100064512345678' })]), settings(), () => false);
    expect(new URL(link!.url).searchParams.get('fb_id')).toBe('100064512345678');
  });
});

describe('proof codes in the form result', () => {
  it('gives each openable account the code the pull request and npm run proof give, and none to a hidden group', async () => {
    const s = plaintext(settings());
    const values = newUnit([
      page(),
      page({ role: 'group', url: 'https://www.facebook.com/groups/nhom.an.moi', name: 'Nhóm', visibility: 'hidden' }),
    ]);
    const result = await produceRegistration(values, { settings: s, repo: null, idExists: () => false, setBusy: () => {} });
    const expected = await proofCode('https://www.facebook.com/cdcs.thpt.moi', 'cdcs-thpt-moi', '2024-05-02');
    expect(result.proofs).toEqual([{ label: 'Tài khoản 1 (CĐCS THPT Mới)', code: expected.ok ? expected.code : '' }]);
  });
});

describe('what the index says about an address, in the form', () => {
  it('refuses a released name of another unit and accepts it for the unit itself', async () => {
    const { registeredProblem } = await import('../src/submit/registration.ts');
    const fact = {
      kind: 'renamed' as const,
      unit: { id: 'ldld-dak-ha', name: 'LĐLĐ Đắk Hà' },
      role: 'unit' as const,
      now: { role: 'unit' as const, name: 'LĐLĐ Đắk Hà', url: 'https://www.facebook.com/ldld.dakha' },
    };
    expect(registeredProblem([fact], 'ldld-sa-thay')?.message).toContain('tên cũ');
    expect(registeredProblem([fact], 'ldld-dak-ha')).toBeUndefined();
  });
});
