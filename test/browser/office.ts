/**
 * Browser test of the office's internal report (/bao-cao/noi-bo/, docs/office-report.md):
 * headless Chromium (playwright-core, /usr/bin/chromium) against two sites built from
 * the fixture registry (test/site/fixture-registry):
 * - A: contacts encrypted (`npm run contacts -- encrypt`) to a key made here, one
 *   account re-encrypted to another key;
 * - B: the fixture as it is, in plaintext mode: the page says there is nothing to open.
 *
 *   node test/browser/office.ts
 *
 * Every request of the browser is recorded: after the page has loaded, none is made
 * (the network is cut before the key is given), and none ever carries the key or a
 * contact. Prints one line per test and `N passed, N failed`; exits 1 on failure.
 */
import { armor, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { encryptRegistry } from '../../src/cli/contacts.ts';
import { validateRegistry } from '../../src/registry/load.ts';
import type { OfficeBundle } from '../../src/site/office-format.ts';
import { BASE_PATH, buildSite, FIXTURE_TODAY, fixtureRegistryCopy, siteOutDir } from '../site/build-site.ts';
import { assert, axe, launchChromium, runCase, screenshot, SHOTS } from './harness.ts';
import { serveStatic } from './static-server.ts';

/** Contacts of the fixture registry (invented, see test/site/README.md). */
const PHONES = ['0905000001', '905000002', '0905000003', '0905000004', '0905000005', '0905000006'];
const EMAILS = ['a@example.vn', 'b@example.vn', 'c@example.vn', 'd@example.vn', 'e@example.vn', 'cu@example.vn'];
const NAMES = ['Trần Thị Hưcấu', 'Nguyễn Văn Giảđịnh', 'Phạm Thị Chủtịch Thử', 'Võ Văn Nhómẩn'];
const HIDDEN = ['fixture.hidden.group.dakha', 'fixture.novisibility.group'];
/** The account re-encrypted to another key (its phone: 0905000006). */
const LOCKED_UNIT = 'cdcs-bv-dak-ha';

interface Ctx {
  page: Page;
  context: BrowserContext;
  a: string;
  b: string;
  keyFile: string;
  /** A key that opens nothing in the registry. */
  otherKeyFile: string;
  identity: string;
  bundle: OfficeBundle;
  hiddenEncrypted: boolean;
  requests: { url: string; body: string }[];
}
interface TestCase {
  name: string;
  fn: (ctx: Ctx) => Promise<void>;
}
const tests: TestCase[] = [];
const test = (name: string, fn: TestCase['fn']) => tests.push({ name, fn });

/** Loads the page and waits until the bundle is in (the only request the script makes). */
async function loaded(page: Page, site: string): Promise<void> {
  await page.goto(`${site}bao-cao/noi-bo/`, { waitUntil: 'networkidle' });
  await page.locator('#nb-tai', { hasText: 'Đã tải dữ liệu mã hoá' }).waitFor({ timeout: 10_000 });
}

async function opened(page: Page): Promise<void> {
  await page
    .locator('#nb-bao-cao')
    .waitFor({ state: 'visible', timeout: 20_000 })
    .catch(async () => {
      throw new Error(
        `the report did not open: ${await page
          .locator('#nb-loi')
          .innerText()
          .catch(() => '')} ${await page.locator('#nb-trang-thai').innerText()}`,
      );
    });
}

const shownUnits = (page: Page) =>
  page.locator('#nb-ds [data-unit]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.unit ?? ''));

// ---------------------------------------------------------------------------------

test('decrypts with the network cut after load: every admin and the report, no request after load, none carrying a contact', async ({
  page,
  context,
  a,
  keyFile,
  bundle,
  hiddenEncrypted,
  requests,
}) => {
  await loaded(page, a);
  assert((await page.locator('meta[name="robots"][content="noindex"]').count()) === 1, 'the page is noindex');
  await axe(page, 'bao-cao/noi-bo before the key');
  const afterLoad = requests.length;
  assert(
    requests.some((r) => r.url.endsWith('/bao-cao/noi-bo/du-lieu.json')),
    'the bundle was fetched with the page',
  );
  await context.setOffline(true);

  await page.setInputFiles('#nb-tep', keyFile);
  await opened(page);
  const text = await page.locator('#nb-bao-cao').innerText();
  for (const secret of [...NAMES, '0905000001', '0905000004', 'a@example.vn', 'c@example.vn', 'Phó Chủ tịch'])
    assert(text.includes(secret), `the report shows ${secret}`);
  assert(!text.includes('0905000006'), 'the account encrypted to another key stays closed');
  const locked = await page.locator(`#nb-ds [data-unit="${LOCKED_UNIT}"]`).innerText();
  assert(locked.includes('mã hoá cho một khoá khác'), `the locked account says so: ${locked}`);
  const total = bundle.accounts.flat().filter((x) => x.admins_age).length + bundle.accounts.flat().filter((x) => x.url_age).length;
  const summary = await page.locator('#nb-tom-tat').innerText();
  assert(
    summary.includes(`Đã mở ${total - 1}/${total} nội dung mã hoá`) && summary.includes('1 nội dung được mã hoá cho một khoá khác'),
    `summary: ${summary}`,
  );
  const hidden = await page.locator('#nb-ds [data-unit="cdcs-th-dak-ha"]').innerText();
  if (hiddenEncrypted)
    assert(hidden.includes(`Địa chỉ nhóm ẩn: https://www.facebook.com/groups/${HIDDEN[0]}`), `the decrypted hidden address: ${hidden}`);
  else
    assert(
      hidden.includes('không được đưa lên trang') && !hidden.includes(HIDDEN[0]!),
      `a hidden address kept in clear is withheld: ${hidden}`,
    );
  assert((await page.locator('#nb-tep').inputValue()) === '', 'the key file is cleared from the input');

  assert(
    requests.length === afterLoad,
    `no request after load: ${requests
      .slice(afterLoad)
      .map((r) => r.url)
      .join(', ')}`,
  );
  const secrets = [...PHONES, ...EMAILS, ...NAMES, ...HIDDEN, readFileSync(keyFile, 'utf8').trim().split('\n').at(-1)!];
  for (const r of requests)
    for (const s of secrets) assert(!decodeURIComponent(r.url).includes(s) && !r.body.includes(s), `a request carries a secret: ${r.url}`);
  await axe(page, 'bao-cao/noi-bo with the report');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'bao-cao-noi-bo');
});

test('shows the same numbers as /bao-cao/', async ({ page, a, keyFile }) => {
  await page.goto(`${a}bao-cao/`);
  const numbers = (p: Page) =>
    p
      .locator('[data-tally] [data-k]')
      .evaluateAll((els) =>
        els
          .map((e) => `${e.closest('[data-tally]')!.getAttribute('data-tally')} ${e.getAttribute('data-k')} ${e.textContent}`)
          .filter((t) => /^(totals|level:|branch:)/.test(t)),
      );
  const publicNumbers = new Set(await numbers(page));
  await loaded(page, a);
  await page.setInputFiles('#nb-tep', keyFile);
  await opened(page);
  const officeNumbers = await numbers(page);
  assert(officeNumbers.length >= 20, `numbers found: ${officeNumbers.length}`);
  const differ = officeNumbers.filter((t) => !publicNumbers.has(t));
  assert(differ.length === 0, `numbers that differ from /bao-cao/: ${differ.join('; ')}`);
});

test('filters by branch and by "chưa đăng ký", and exports what is shown as a formula-safe CSV, offline', async ({
  page,
  context,
  a,
  keyFile,
  bundle,
}) => {
  await loaded(page, a);
  await context.setOffline(true);
  await page.setInputFiles('#nb-tep', keyFile);
  await opened(page);
  const report = bundle.report!;
  assert((await shownUnits(page)).length === report.units.length, 'every unit at first');

  await page.selectOption('#nb-tinh-trang', 'chua-dang-ky');
  const missing = report.units.filter((u) => u.status === 'missing').map((u) => u.id);
  const shownMissing = await shownUnits(page);
  assert(
    missing.length > 0 && JSON.stringify([...shownMissing].sort()) === JSON.stringify([...missing].sort()),
    `missing units: ${shownMissing.join(', ')} vs ${missing.join(', ')}`,
  );

  await page.selectOption('#nb-tinh-trang', 'tat-ca');
  await page.selectOption('#nb-khoi', 'ldld-dak-ha');
  const branch = report.units.filter((u) => u.branch === 'ldld-dak-ha').map((u) => u.id);
  const shownBranch = await shownUnits(page);
  assert(JSON.stringify([...shownBranch].sort()) === JSON.stringify([...branch].sort()), `branch units: ${shownBranch.join(', ')}`);
  assert((await page.locator('#nb-dem').innerText()).includes(`${branch.length} đơn vị`), 'the count says how many');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#nb-csv')]);
  assert(download.suggestedFilename() === `bao-cao-noi-bo-${FIXTURE_TODAY}.csv`, `file name: ${download.suggestedFilename()}`);
  const csv = readFileSync(await download.path(), 'utf8');
  assert(csv.startsWith('\uFEFFma_don_vi,ten_don_vi,'), 'BOM and header');
  const lines = csv.trim().split('\r\n');
  assert(
    lines.slice(1).every((l) => branch.some((id) => l.startsWith(`${id},`))),
    'only the filtered branch',
  );
  assert(csv.includes('Phạm Thị Chủtịch Thử,,0905000004,c@example.vn'), 'admins in the CSV');
  assert(!csv.includes('0905000001'), 'nothing from another branch');
  assert(!/(^|,)[=+@-]/m.test(csv.replace(/^\uFEFF/, '')), 'no cell starts a formula');
  await page.locator('#nb-ds').screenshot({ path: path.join(SHOTS, 'bao-cao-noi-bo-loc.png') });
});

test('prints on A4 with the report only (no form, filters or buttons)', async ({ page, a, keyFile }) => {
  await loaded(page, a);
  await page.setInputFiles('#nb-tep', keyFile);
  await opened(page);
  const sizes = await page.evaluate(() => {
    const found: string[] = [];
    const visit = (rules: CSSRuleList) => {
      for (const rule of Array.from(rules)) {
        if (rule instanceof CSSPageRule) found.push(rule.style.getPropertyValue('size'));
        else if ('cssRules' in rule) visit((rule as CSSGroupingRule).cssRules);
      }
    };
    for (const sheet of Array.from(document.styleSheets)) visit(sheet.cssRules);
    return found;
  });
  assert(
    sizes.some((size) => size.toLowerCase() === 'a4'),
    `@page size: ${sizes.join(', ')}`,
  );
  await page.emulateMedia({ media: 'print' });
  for (const selector of ['.nb-loc', '#nb-csv', '#nb-dong', '.top .nav'])
    assert(await page.locator(selector).first().isHidden(), `${selector} is not printed`);
  assert(await page.locator('#nb-ds [data-unit]').first().isVisible(), 'the units are printed');
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  assert(pdf.length > 10_000, `a PDF was made (${pdf.length} bytes)`);
});

test('a wrong key, a file that is not a key and a pasted public key each get a Vietnamese error', async ({ page, a, otherKeyFile }) => {
  await loaded(page, a);
  await page.setInputFiles('#nb-tep', otherKeyFile);
  const error = page.locator('#nb-loi');
  await error.waitFor({ state: 'visible', timeout: 20_000 });
  assert((await error.innerText()).includes('Khoá giải mã không đúng'), `wrong key: ${await error.innerText()}`);
  assert(await error.evaluate((el) => el === document.activeElement), 'the error takes the focus');
  assert(await page.locator('#nb-bao-cao').isHidden(), 'no report');
  await axe(page, 'bao-cao/noi-bo with an error');
  await screenshot(page, 'bao-cao-noi-bo-sai-khoa');

  await page.setInputFiles('#nb-tep', { name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('Danh sách việc cần làm\n') });
  await page.locator('#nb-loi', { hasText: 'Đây không phải tệp khoá giải mã' }).waitFor({ timeout: 10_000 });

  await page.click('.nb-dan summary');
  const recipient = await identityToRecipient(await generateX25519Identity());
  await page.fill('#nb-dan', recipient);
  await page.click('#nb-nut-mo');
  await page.locator('#nb-loi', { hasText: 'khoá công khai' }).waitFor({ timeout: 10_000 });
});

test('opens with the key pasted, and closes again', async ({ page, a, identity }) => {
  await loaded(page, a);
  await page.click('.nb-dan summary');
  await page.fill('#nb-dan', `# văn phòng\n${identity}\n`);
  await page.click('#nb-nut-mo');
  await opened(page);
  assert((await page.locator('#nb-dan').inputValue()) === '', 'the pasted key is cleared');
  await page.click('#nb-dong');
  assert(await page.locator('#nb-bao-cao').isHidden(), 'closed');
  assert((await page.locator('#nb-ds').innerHTML()) === '', 'the decrypted list is gone');
});

test('the built site: page out of the sitemap, ciphertext only in the bundle; plaintext site says there is nothing to open', async ({
  page,
  b,
}) => {
  await page.goto(`${b}bao-cao/noi-bo/`);
  const note = await page.locator('#nb-khong-ma-hoa').innerText();
  assert(note.includes('không có gì để mở'), `plaintext note: ${note}`);
  assert(
    (await page.locator('#nb-mo').count()) === 0 && (await page.locator('script[type="module"]').count()) === 0,
    'no form and no script in plaintext mode',
  );
});

// ---------------------------------------------------------------------------------

/** The module scripts of a built page and, transitively, the chunks they import (static imports only). */
function pageScripts(siteDir: string, html: string): string[] {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*"(\.\/[^"]+\.js)"/g))
      visit(path.join(path.dirname(file), m[1]!));
  };
  for (const m of html.matchAll(/<script type="module" src="([^"]+)"/g)) visit(path.join(siteDir, m[1]!.slice(BASE_PATH.length)));
  return [...files];
}

async function reencryptOne(registryDir: string, unitId: string, recipient: string): Promise<void> {
  const { registry } = validateRegistry(registryDir, { today: FIXTURE_TODAY });
  const unit = registry!.byId.get(unitId)!;
  const old = unit.accounts![0]!.admins_age!;
  const e = new Encrypter();
  e.addRecipient(recipient);
  const fresh = armor.encode(await e.encrypt('- name: Đỗ Thị Khôngghi\n  phone: "0905000006"\n'));
  const file = path.join(registryDir, unit.file);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() === old.trim().split('\n')[1]) - 1;
  const last = lines.findIndex((l, i) => i > first && l.trim() === '-----END AGE ENCRYPTED FILE-----');
  const indent = /^\s*/.exec(lines[first]!)![0];
  lines.splice(
    first,
    last - first + 1,
    ...fresh
      .trim()
      .split('\n')
      .map((l) => `${indent}${l}`),
  );
  writeFileSync(file, lines.join('\n'));
}

async function main(): Promise<number> {
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  // The key of one account only (LOCKED_UNIT); the wrong key opens nothing at all.
  const otherIdentity = await generateX25519Identity();
  const wrongIdentity = await generateX25519Identity();
  const registryA = fixtureRegistryCopy(3);
  const registryB = fixtureRegistryCopy(0);
  const siteA = siteOutDir('office-a-');
  const siteB = siteOutDir('office-b-');
  const keyFile = path.join(registryA, '..', `${path.basename(registryA)}.key`);
  const otherKeyFile = `${keyFile}.other`;
  const cleanup = [registryA, registryB, siteA, siteB, keyFile, otherKeyFile];
  let passed = 0;
  let failed = 0;
  try {
    writeFileSync(keyFile, `# created: test\n# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
    writeFileSync(otherKeyFile, `${wrongIdentity}\n`, { mode: 0o600 });
    await encryptRegistry({ dir: registryA, today: FIXTURE_TODAY, recipient });
    await reencryptOne(registryA, LOCKED_UNIT, await identityToRecipient(otherIdentity));
    const hiddenEncrypted = readFileSync(path.join(registryA, 'units', 'dak-ha', 'cdcs-th-dak-ha.yaml'), 'utf8').includes('url_age:');
    process.stdout.write('building two sites (encrypted contacts; plaintext) …\n');
    for (const [registryDir, outDir] of [
      [registryA, siteA],
      [registryB, siteB],
    ] as const) {
      const result = await buildSite({ registryDir, outDir });
      if (result.code !== 0) throw new Error(`build failed:\n${result.output}`);
    }
    // The build's leak guard passed with the bundle; check the output as a whole too.
    const bundleText = readFileSync(path.join(siteA, 'bao-cao', 'noi-bo', 'du-lieu.json'), 'utf8');
    const bundle = JSON.parse(bundleText) as OfficeBundle;
    const sitemap = readFileSync(path.join(siteA, 'sitemap-0.xml'), 'utf8');
    passed += Number(
      await runCase('the built site leaves the page out of its sitemap and the key out of its bundle', async () => {
        assert(sitemap.includes('/bao-cao/') && !sitemap.includes('/bao-cao/noi-bo/'), 'sitemap');
        assert(bundle.mode === 'encrypted' && bundleText.includes('BEGIN AGE ENCRYPTED FILE'), 'the bundle carries ciphertext');
        for (const s of [...PHONES, ...EMAILS, ...NAMES, ...HIDDEN, identity]) assert(!bundleText.includes(s), `the bundle holds ${s}`);
        const html = readFileSync(path.join(siteA, 'bao-cao', 'noi-bo', 'index.html'), 'utf8');
        assert(!html.includes('BEGIN AGE') && !html.includes('0905000001'), 'the page itself holds neither ciphertext nor contacts');
        // The page's script and every chunk it imports: no schema code (zod), a small total.
        const scripts = pageScripts(siteA, html);
        const total = scripts.reduce((n, f) => n + readFileSync(f).length, 0);
        assert(
          scripts.length > 0 && scripts.every((f) => !readFileSync(f, 'utf8').includes('ZodError')),
          `no zod in ${scripts.map((f) => path.basename(f)).join(', ')}`,
        );
        assert(total < 300_000, `the page loads ${total} bytes of script`);
        process.stdout.write(`    (the page's script: ${scripts.length} files, ${total} bytes minified)\n`);
      }),
    );

    const serverA = await serveStatic(siteA, BASE_PATH);
    const serverB = await serveStatic(siteB, BASE_PATH);
    const browser: Browser = await launchChromium();
    try {
      const only = process.env.ONLY ? new RegExp(process.env.ONLY, 'i') : undefined;
      for (const t of tests.filter((x) => !only || only.test(x.name))) {
        let context: BrowserContext | undefined;
        const ok = await runCase(
          t.name,
          async () => {
            context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN', acceptDownloads: true });
            const requests: Ctx['requests'] = [];
            context.on('request', (r) => requests.push({ url: r.url(), body: r.postData() ?? '' }));
            const page = await context.newPage();
            page.setDefaultTimeout(15_000);
            const errors: string[] = [];
            page.on('pageerror', (e) => errors.push(e.message));
            await t.fn({
              page,
              context,
              a: `${serverA.origin}${BASE_PATH}`,
              b: `${serverB.origin}${BASE_PATH}`,
              keyFile,
              otherKeyFile,
              identity,
              bundle,
              hiddenEncrypted,
              requests,
            });
            assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
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
    for (const item of cleanup) rmSync(item, { recursive: true, force: true });
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
