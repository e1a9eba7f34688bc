/**
 * Browser test of the registration form (/dang-ky/), as union staff would use it on a
 * phone: headless Chromium (playwright-core, /usr/bin/chromium) against sites built
 * from temporary copies of the shipped registry and served by a tiny static server.
 *
 *   node test/browser/register.ts
 *
 * Two builds:
 * - A: encrypted contacts (to a key made here, so the test can decrypt), the unit list
 *   embedded, GITHUB_REPOSITORY=example/danh-ba: the GitHub buttons exist.
 * - B: plaintext contacts, REGISTRATION_EMBED_MAX_UNITS=0 (the large-registry mode:
 *   search through /don-vi/chi-muc/, ids checked against the unit pages), no
 *   repository: the GitHub buttons are hidden and the page says so.
 *
 * Prints one line per test and `N passed, N failed`; exits 1 on failure. Screenshots
 * (360 px wide) go to artifacts/screenshots/dang-ky*.png.
 */
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { assert, axe, launchChromium, runCase, screenshot, SHOTS } from './harness.ts';
import { parse } from 'yaml';
import { decryptAdmins } from '../../src/lib/contacts.ts';
import { decryptGroupAddress } from '../../src/lib/group-url.ts';
import { dayMonthYear } from '../../src/site/day-month-year.ts';
import { applySnippet, placementOf } from '../../src/submit/registration.ts';
import { proofCode } from '../../src/lib/proof-code.ts';
import { validateRegistry } from '../../src/registry/load.ts';
import { todayIso } from '../../src/registry/model.ts';
import { BASE_PATH, buildSite, PROJECT } from '../site/build-site.ts';
import { serveStatic } from './static-server.ts';

const REGISTRY = path.join(PROJECT, 'registry');
const TODAY = todayIso();
const PHONE = '0912345678';
const PHONE_2 = '+84987654321';
const EMAIL = 'chu.tich@example.vn';
const UNIT_NAME = 'Công đoàn cơ sở Trường THPT Thử Nghiệm & Co #1';
const UNIT_ID = 'cong-doan-co-so-truong-thpt-thu-nghiem-co-1';

interface Site {
  url: string;
  registry: string;
}
interface Ctx {
  page: Page;
  a: Site;
  b: Site;
  identity: string;
  clipboard: string[];
}
interface TestCase {
  name: string;
  fn: (ctx: Ctx) => Promise<void>;
  javaScript: boolean;
}
const tests: TestCase[] = [];
const test = (name: string, fn: TestCase['fn'], javaScript = true) => tests.push({ name, fn, javaScript });

/** A copy of a registry folder with an extra file (or a replaced one), validated. */
function errorsWith(registry: string, file: string, text: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kt-dk-check-'));
  try {
    cpSync(registry, dir, { recursive: true });
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
    const result = validateRegistry(dir, { today: TODAY });
    return result.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line} ${p.rule} ${p.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const field = (page: Page, account: number, name: string) =>
  page.locator('#dk-tai-khoan > [data-account]').nth(account).locator(`:scope > .dk-field [data-field="${name}"]`);
const account = (page: Page, i: number) => page.locator('#dk-tai-khoan > [data-account]').nth(i);

async function pickUnit(page: Page, picker: string, query: string, name: string): Promise<void> {
  await page.fill(`#${picker}-tim`, query);
  const button = page.locator(`#${picker}-ds button`, { hasText: name }).first();
  await button.waitFor({ timeout: 10_000 });
  await button.click();
  await page.locator(`#${picker}-da-chon`).waitFor({ state: 'visible' });
}

async function fillAccount(
  page: Page,
  i: number,
  v: { role: string; url: string; name: string; since: string; follows: string[]; admin?: { name: string; phone: string; email?: string } },
): Promise<void> {
  const block = account(page, i);
  await block.locator(`[data-field="role"] input[value="${v.role}"]`).check();
  await field(page, i, 'url').fill(v.url);
  await field(page, i, 'name').fill(v.name);
  // The form takes dates day first (ngày/tháng/năm); the YAML must still say ISO.
  await field(page, i, 'since').fill(dayMonthYear(v.since));
  for (const id of v.follows) await block.locator(`[data-field="follows"] input[value="${id}"]`).check();
  if (v.admin) {
    const row = block.locator('[data-admin]').first();
    await row.locator('[data-field="name"]').fill(v.admin.name);
    await row.locator('[data-field="phone"]').fill(v.admin.phone);
    if (v.admin.email) await row.locator('[data-field="email"]').fill(v.admin.email);
  }
}

/** Submits, and waits for the result (or fails with the form's own summary). */
async function submitted(page: Page): Promise<void> {
  await page.click('#dk-tao');
  await page
    .waitForFunction(
      () =>
        !document.getElementById('dk-ket-qua')!.hidden ||
        !document.getElementById('dk-tom-tat')!.hidden ||
        /Chưa tạo/.test(document.getElementById('dk-dang-tao')!.textContent ?? ''),
      undefined,
      { timeout: 20_000 },
    )
    .catch(async () => {
      throw new Error(
        `no result after 20 s; status: "${await page.locator('#dk-dang-tao').innerText()}", button disabled: ${await page.locator('#dk-tao').isDisabled()}`,
      );
    });
  if (await page.locator('#dk-ket-qua').isHidden()) {
    throw new Error(`no result: ${await page.locator('#dk-tom-tat').innerText()} ${await page.locator('#dk-dang-tao').innerText()}`);
  }
}

/** Everything a person could take away from the page: YAML, links, the download. */
async function everythingShown(page: Page): Promise<string> {
  const yaml = await page.locator('[data-out="yaml"]').innerText();
  const links = await page.locator('#dk-ket-qua a').evaluateAll((as) => as.map((a) => decodeURIComponent((a as HTMLAnchorElement).href)));
  return [yaml, ...links].join('\n');
}

// ---------------------------------------------------------------------------------

test(
  'without JavaScript the page explains the issue form and the pull request, with the guide',
  async ({ page, a }) => {
    await page.goto(`${a.url}dang-ky/`);
    assert(await page.locator('#dk-form').isHidden(), 'the form stays hidden without JavaScript');
    const noscript = await page
      .locator('noscript')
      .first()
      .evaluate((el) => el.textContent ?? '');
    assert(noscript.includes('cần JavaScript'), `a <noscript> says the form needs JavaScript: ${noscript}`);
    const other = await page.locator('.dk-other').innerText();
    assert(/phiếu đăng ký \(issue\)/i.test(other) && /pull request/i.test(other), `both other ways are explained: ${other}`);
    assert((await page.locator(`.dk-other a[href="${BASE_PATH}huong-dan/dang-ky/"]`).count()) === 1, 'links to /huong-dan/dang-ky/');
    assert(
      (await page.locator('.dk-other a[href="https://github.com/example/danh-ba/issues/new?template=dang-ky.yml"]').count()) === 1,
      'links to the issue form',
    );
  },
  false,
);

test('a new unit: live error for a bad address, fixed, encrypted YAML that validates, GitHub new-file link', async ({
  page,
  a,
  identity,
  clipboard,
}) => {
  await page.goto(`${a.url}dang-ky/`);
  await page.check('input[name="dk-loai"][value="new"]');
  await page.fill('#dk-ten', UNIT_NAME);
  await page.selectOption('#dk-cap', 'cdcs');
  await pickUnit(page, 'dk-cap-tren', 'dak ha', 'Liên đoàn Lao động huyện Đắk Hà');
  await page.waitForFunction((id) => (document.getElementById('dk-ma') as HTMLInputElement).value === id, UNIT_ID);
  assert((await page.locator('#dk-ma-tep').innerText()).includes(`registry/units/ldld-dak-ha/${UNIT_ID}.yaml`), 'the file path is shown');

  // A bad address: the canonicaliser's refusal appears as you type, tied to the field.
  const url = field(page, 0, 'url');
  await account(page, 0).locator('[data-field="role"] input[value="chair"]').check();
  await url.fill('https://facebook.com.vn/chu.tich.thu.nghiem');
  const error = page.locator(`#${await url.getAttribute('id')}-loi`);
  await error.waitFor({ state: 'visible', timeout: 5000 });
  const message = await error.innerText();
  assert(message.includes('không nằm trên facebook.com'), `live refusal: ${message}`);
  assert((await url.getAttribute('aria-invalid')) === 'true', 'aria-invalid on the address');
  assert((await url.getAttribute('aria-describedby'))?.includes(`${await url.getAttribute('id')}-loi`), 'the error is in aria-describedby');
  await screenshot(page, 'dang-ky-loi-dia-chi');

  // Fixed: the error goes, the canonical address shows.
  await url.fill('https://m.facebook.com/chu.tich.thu.nghiem/?ref=bookmarks&mibextid=abc');
  await error.waitFor({ state: 'hidden', timeout: 5000 });
  await page.waitForFunction(() =>
    document.querySelector('.dk-kq.ok')?.textContent?.includes('https://www.facebook.com/chu.tich.thu.nghiem'),
  );
  assert((await url.getAttribute('aria-invalid')) === null, 'aria-invalid removed');

  await fillAccount(page, 0, {
    role: 'chair',
    url: 'https://m.facebook.com/chu.tich.thu.nghiem/?ref=bookmarks',
    name: 'Nguyễn Văn Thử',
    since: '2024-05-02',
    follows: ['congdoankontum', 'congdoanvietnam', 'tamsucongphan'],
    admin: { name: 'Nguyễn Văn Thử', phone: PHONE, email: EMAIL },
  });
  await page.click('#dk-them-tai-khoan');
  await fillAccount(page, 1, {
    role: 'group',
    url: 'https://www.facebook.com/groups/doanvien.thpt.thunghiem/',
    name: 'Đoàn viên THPT Thử Nghiệm',
    since: '2024-05-03',
    follows: ['congdoankontum'],
    admin: { name: 'Trần Thị Hai', phone: PHONE_2 },
  });
  assert((await field(page, 1, 'visibility').inputValue()) === 'hidden', 'a group is hidden by default');

  await submitted(page);
  const yaml = await page.locator('[data-out="yaml"]').innerText();
  assert(yaml.includes('admins_age: |'), 'admins_age in the YAML');
  assert(!/\badmins:/.test(yaml), 'no plain admins');
  const everything = await everythingShown(page);
  for (const secret of [PHONE, PHONE_2.slice(3), EMAIL, '0987654321'])
    assert(!everything.includes(secret), `no ${secret} in the YAML or any link`);

  const file = `units/ldld-dak-ha/${UNIT_ID}.yaml`;
  const problems = errorsWith(a.registry, file, yaml);
  assert(problems.length === 0, `the YAML validates:\n${problems.join('\n')}`);
  const data = parse(yaml) as { name: string; accounts: { url: string; visibility?: string; admins_age: string }[] };
  assert(data.name === UNIT_NAME, `name kept: ${data.name}`);
  assert(data.accounts[0]?.url === 'https://www.facebook.com/chu.tich.thu.nghiem', `canonical url: ${data.accounts[0]?.url}`);
  assert(data.accounts[1]?.visibility === 'hidden', 'hidden group');
  // The hidden group's address was encrypted in the page (url_age + url_digest) and is shown nowhere, not even in a link.
  assert(
    data.accounts[1]?.url === undefined && yaml.includes('url_age: |') && yaml.includes('url_digest: $pbkdf2-sha256$'),
    'hidden group encrypted',
  );
  assert(!everything.includes('doanvien.thpt.thunghiem'), 'no hidden group address in the YAML or any link');
  const groupUrl = await decryptGroupAddress((data.accounts[1] as unknown as { url_age: string }).url_age, identity);
  assert(groupUrl.includes('/groups/doanvien.thpt.thunghiem'), `the office decrypts the group address: ${groupUrl}`);
  const admins = await decryptAdmins(data.accounts[0]!.admins_age, identity);
  assert(admins[0]?.phone === PHONE && admins[0]?.email === EMAIL, 'the office decrypts the contacts');

  const pr = await page.locator('[data-out="pull-request"]').getAttribute('href');
  assert(
    pr?.startsWith(`https://github.com/example/danh-ba/new/main?filename=registry%2Funits%2Fldld-dak-ha%2F${UNIT_ID}.yaml&value=`),
    `new-file link: ${pr?.slice(0, 120)}`,
  );
  assert(new URL(pr!).searchParams.get('value') === yaml, 'the link carries exactly the YAML');

  const issues = await page.locator('[data-out="issues"] a').evaluateAll((as) => as.map((x) => (x as HTMLAnchorElement).href));
  assert(issues.length === 1, `one issue link per account but the hidden group (an issue is public): ${issues.length}`);
  assert(
    (await page.locator('[data-out="issues-note"]').innerText()).includes('Nhóm ẩn không gửi qua phiếu đăng ký'),
    'the page says why the hidden group has no issue link',
  );
  const first = new URL(issues[0]!);
  assert(
    first.pathname === '/example/danh-ba/issues/new' && first.searchParams.get('template') === 'dang-ky.yml',
    `issue link: ${issues[0]}`,
  );
  assert(first.searchParams.get('name') === UNIT_NAME && first.searchParams.get('parent') === 'ldld-dak-ha', 'issue fields prefilled');

  // Copy: what reaches the clipboard is the encrypted YAML.
  await page.click('[data-out="copy"]');
  await page.waitForFunction(() => document.querySelector('[data-out="copy-status"]')?.textContent !== '');
  assert(clipboard.at(-1) === yaml, 'the clipboard gets the YAML');
  assert(!clipboard.some((t) => t.includes(PHONE) || t.includes(EMAIL)), 'no phone or email in the clipboard');

  // Download: <id>.yaml with the same text.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-out="download"]')]);
  assert(download.suggestedFilename() === `${UNIT_ID}.yaml`, `download name: ${download.suggestedFilename()}`);
  const saved = await download.path();
  assert(readFileSync(saved, 'utf8') === yaml, 'the downloaded file is the YAML');

  await axe(page, 'dang-ky with its result');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'dang-ky');
});

test('an empty submit lists every problem in a focused summary, each tied to its field', async ({ page, a }) => {
  await page.goto(`${a.url}dang-ky/`);
  await page.click('#dk-tao');
  const summary = page.locator('#dk-tom-tat');
  await summary.waitFor({ state: 'visible' });
  assert(await summary.evaluate((el) => el === document.activeElement), 'the summary takes the focus');
  const items = await summary.locator('li a').allInnerTexts();
  assert(
    items.some((t) => t.includes('Hãy tìm và chọn đơn vị')),
    `unit missing: ${items.join(' | ')}`,
  );
  assert(
    items.some((t) => t.startsWith('Tài khoản 1 – Loại tài khoản')),
    `role missing: ${items.join(' | ')}`,
  );
  assert(
    items.some((t) => t.startsWith('Tài khoản 1 – Địa chỉ Facebook: Chưa có địa chỉ')),
    `url missing: ${items.join(' | ')}`,
  );
  assert((await page.locator('[aria-invalid="true"]').count()) >= 3, 'fields are marked invalid');
  // A summary link moves the focus to its field.
  await summary.locator('li a', { hasText: 'Địa chỉ Facebook' }).click();
  assert(await field(page, 0, 'url').evaluate((el) => el === document.activeElement), 'the link focuses the field');
  await axe(page, 'dang-ky with errors');
  await screenshot(page, 'dang-ky-tom-tat-loi');
});

test('an existing unit (found without diacritics): a snippet that validates once pasted, and the edit link', async ({ page, a }) => {
  await page.goto(`${a.url}dang-ky/`);
  await pickUnit(page, 'dk-don-vi', 'ldld dak ha', 'Liên đoàn Lao động huyện Đắk Hà');
  await fillAccount(page, 0, {
    role: 'unit',
    url: 'facebook.com/ldld.dakha.thunghiem',
    name: 'LĐLĐ Đắk Hà',
    since: '2024-06-01',
    follows: ['congdoankontum'],
    admin: { name: 'Lê Văn Ba', phone: PHONE },
  });
  await submitted(page);
  const snippet = await page.locator('[data-out="yaml"]').innerText();
  assert(snippet.startsWith('accounts:\n  - role: unit\n'), `a whole accounts block for a file with accounts: []:\n${snippet}`);
  assert(!snippet.includes(PHONE), 'no phone in the snippet');
  const steps = await page.locator('[data-out="paste-steps"]').innerText();
  assert(steps.includes('accounts: []'), `says to replace accounts: []: ${steps}`);
  const file = 'units/huyen/ldld-dak-ha.yaml';
  const before = readFileSync(path.join(a.registry, file), 'utf8');
  const problems = errorsWith(a.registry, file, applySnippet(before, snippet, placementOf(before)));
  assert(problems.length === 0, `the pasted snippet validates:\n${problems.join('\n')}`);
  const edit = await page.locator('[data-out="pull-request"]').getAttribute('href');
  assert(edit === `https://github.com/example/danh-ba/edit/main/registry/${file}`, `edit link: ${edit}`);
  const download = await page.locator('[data-out="download"]').getAttribute('download');
  assert(download === 'ldld-dak-ha-them-tai-khoan.yaml', `download name: ${download}`);
  await page.locator('#dk-ket-qua').screenshot({ path: path.join(SHOTS, 'dang-ky-don-vi-co-san.png') });
});

test('the optional page id goes into the snippet, and the result shows the proof code npm run proof gives', async ({ page, a }) => {
  await page.goto(`${a.url}dang-ky/`);
  await pickUnit(page, 'dk-don-vi', 'ldld dak ha', 'Liên đoàn Lao động huyện Đắk Hà');
  await fillAccount(page, 0, {
    role: 'unit',
    url: 'facebook.com/ldld.dakha.maso',
    name: 'LĐLĐ Đắk Hà',
    since: '2024-06-01',
    follows: ['congdoankontum'],
  });
  await field(page, 0, 'fb_id').fill('100 064 512 345 678');
  await submitted(page);
  const snippet = await page.locator('[data-out="yaml"]').innerText();
  assert(snippet.includes('fb_id: "100064512345678"'), `fb_id in the snippet:\n${snippet}`);
  const expected = await proofCode('https://www.facebook.com/ldld.dakha.maso', 'ldld-dak-ha', '2024-06-01');
  const shown = await page.locator('[data-out="proofs"]').innerText();
  assert(expected.ok && shown.includes(expected.code), `proof code ${expected.ok ? expected.code : ''} shown: ${shown}`);
  assert(await page.locator('[data-out="proof-box"]').isVisible(), 'the proof box is visible');
  await axe(page, 'dang-ky with a proof code');
});

test('an address the directory already holds is refused, with the unit that owns it', async ({ page, a }) => {
  await page.goto(`${a.url}dang-ky/`);
  await pickUnit(page, 'dk-don-vi', 'dak ha', 'Liên đoàn Lao động huyện Đắk Hà');
  await account(page, 0).locator('[data-field="role"] input[value="unit"]').check();
  const url = field(page, 0, 'url');
  await url.fill('https://www.facebook.com/congdoankontum');
  const error = page.locator(`#${await url.getAttribute('id')}-loi`);
  await error.waitFor({ state: 'visible', timeout: 10_000 });
  const message = await error.innerText();
  assert(message.includes('đã được đăng ký cho đơn vị') && message.includes('ldld-kon-tum'), `duplicate: ${message}`);
});

test('the form works with the keyboard: Tab to the search, type, Tab to a result, Enter', async ({ page, a }) => {
  await page.goto(`${a.url}dang-ky/`);
  let focused = '';
  for (let i = 0; i < 30 && focused !== 'dk-don-vi-tim'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.id ?? '');
  }
  assert(focused === 'dk-don-vi-tim', 'Tab reaches the unit search');
  await page.keyboard.type('kon tum');
  await page.locator('#dk-don-vi-ds button').first().waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('#dk-don-vi-da-chon').waitFor({ state: 'visible' });
  assert(await page.evaluate(() => document.activeElement?.id === 'dk-don-vi-da-chon'), 'the chosen unit takes the focus');
  const outline = await page.evaluate(() => {
    const radio = document.querySelector<HTMLInputElement>('#dk-tai-khoan [data-field="role"] input')!;
    radio.focus();
    return getComputedStyle(radio).outlineStyle;
  });
  assert(outline !== 'none', `focus is visible (${outline})`);
});

test('large-registry mode, no repository: index search, id checked against unit pages, plaintext YAML, no GitHub buttons', async ({
  page,
  b,
}) => {
  await page.goto(`${b.url}dang-ky/`);
  const embedded = await page.evaluate(() => (JSON.parse(document.getElementById('dk-du-lieu')!.textContent!) as { units: unknown }).units);
  assert(embedded === null, 'no unit is embedded');
  assert((await page.locator('[data-out="no-github"]').count()) === 1, 'the page says GitHub is not configured');
  assert((await page.locator('[data-out="pull-request"]').count()) === 0, 'no pull request button');

  await page.check('input[name="dk-loai"][value="new"]');
  await page.fill('#dk-ten', 'LDLD Dak Ha');
  await page.waitForFunction(() => (document.getElementById('dk-ma') as HTMLInputElement).value === 'ldld-dak-ha-2', undefined, {
    timeout: 10_000,
  });
  // An id typed by hand is checked against the unit pages too.
  await page.fill('#dk-ma', 'ldld-kon-tum');
  await page.press('#dk-ma', 'Tab');
  await page.locator('#dk-ma-loi', { hasText: 'đã là mã của một đơn vị khác' }).waitFor({ timeout: 10_000 });
  await page.fill('#dk-ma', '');
  await page.fill('#dk-ten', UNIT_NAME);
  await page.waitForFunction((id) => (document.getElementById('dk-ma') as HTMLInputElement).value === id, UNIT_ID, { timeout: 10_000 });
  await page.selectOption('#dk-cap', 'cdcs');
  await pickUnit(page, 'dk-cap-tren', 'Đắk Hà', 'Liên đoàn Lao động huyện Đắk Hà');
  await fillAccount(page, 0, {
    role: 'chair',
    url: 'https://www.facebook.com/chu.tich.thu.nghiem',
    name: 'Nguyễn Văn Thử',
    since: '2024-05-02',
    follows: ['congdoankontum'],
    admin: { name: 'Nguyễn Văn Thử', phone: PHONE, email: EMAIL },
  });
  await submitted(page);
  const yaml = await page.locator('[data-out="yaml"]').innerText();
  assert(yaml.includes(`phone: "${PHONE}"`) && !yaml.includes('admins_age'), 'plaintext mode writes admins in clear');
  const problems = errorsWith(b.registry, `units/ldld-dak-ha/${UNIT_ID}.yaml`, yaml);
  assert(problems.length === 0, `the YAML validates:\n${problems.join('\n')}`);
  assert((await page.locator('[data-out="issues"]').count()) === 0, 'no issue link without a repository');
  await axe(page, 'dang-ky without GitHub');
  await screenshot(page, 'dang-ky-khong-github');
});

test('no console errors on the form page', async ({ page, a, b }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  for (const site of [a, b]) await page.goto(`${site.url}dang-ky/`, { waitUntil: 'networkidle' });
  assert(errors.length === 0, errors.join('\n'));
});

// ---------------------------------------------------------------------------------

function registryCopy(edit: (settings: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kt-dk-registry-'));
  cpSync(REGISTRY, dir, { recursive: true });
  const file = path.join(dir, 'registry.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

async function build(registryDir: string, env: Record<string, string | undefined>): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'kt-dk-site-'));
  const saved = { ...process.env };
  for (const key of ['GITHUB_REPOSITORY', 'REPO_URL', 'GITHUB_SERVER_URL', 'REGISTRY_BRANCH', 'REGISTRATION_EMBED_MAX_UNITS'])
    delete process.env[key];
  Object.assign(process.env, env);
  try {
    const result = await buildSite({ registryDir, outDir, today: TODAY });
    if (result.code !== 0) throw new Error(`build failed:\n${result.output}`);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  return outDir;
}

async function main(): Promise<number> {
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const registryA = registryCopy((s) => s.replace(/recipient: age1\w+/, `recipient: ${recipient}`));
  const registryB = registryCopy((s) => s.replace(/privacy:[\s\S]*$/, 'privacy:\n  contacts: plaintext\n'));
  const cleanup = [registryA, registryB];
  let passed = 0;
  let failed = 0;
  try {
    process.stdout.write('building two sites (encrypted + GitHub; large-registry mode, plaintext, no GitHub) …\n');
    const siteA = await build(registryA, { GITHUB_REPOSITORY: 'example/danh-ba' });
    cleanup.push(siteA);
    const siteB = await build(registryB, { REGISTRATION_EMBED_MAX_UNITS: '0' });
    cleanup.push(siteB);
    const serverA = await serveStatic(siteA, BASE_PATH);
    const serverB = await serveStatic(siteB, BASE_PATH);
    const a = { url: `${serverA.origin}${BASE_PATH}`, registry: registryA };
    const b = { url: `${serverB.origin}${BASE_PATH}`, registry: registryB };
    const browser: Browser = await launchChromium();
    try {
      const only = process.env.ONLY ? new RegExp(process.env.ONLY, 'i') : undefined;
      for (const t of tests.filter((x) => !only || only.test(x.name))) {
        let context: BrowserContext | undefined;
        const ok = await runCase(
          t.name,
          async () => {
            context = await browser.newContext({
              viewport: { width: 360, height: 800 },
              javaScriptEnabled: t.javaScript,
              locale: 'vi-VN',
              acceptDownloads: true,
            });
            const clipboard: string[] = [];
            // Whatever the page copies is recorded here (the test's clipboard).
            await context.exposeFunction('__recordClipboard', (text: string) => void clipboard.push(text));
            await context.addInitScript(() => {
              const record = (window as unknown as { __recordClipboard: (t: string) => Promise<void> }).__recordClipboard;
              Object.defineProperty(navigator, 'clipboard', {
                configurable: true,
                value: { writeText: (text: string) => record(String(text)) },
              });
            });
            const page = await context.newPage();
            page.setDefaultTimeout(15_000);
            if (process.env.DEBUG) page.on('console', (m) => process.stdout.write(`    [console] ${m.text()}\n`));
            await t.fn({ page, a, b, identity, clipboard });
          },
          async () => context?.close(),
        );
        if (ok) passed++;
        else failed++;
      }
    } finally {
      await browser.close();
      await serverA.close();
      await serverB.close();
    }
  } catch (error) {
    failed++;
    process.stdout.write(`✘ setup\n    ${String(error instanceof Error ? error.message : error)}\n`);
  } finally {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
