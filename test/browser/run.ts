/**
 * Browser tests of the built site, as a person would use it: headless Chromium
 * (playwright-core, the system's /usr/bin/chromium) against the fixture site served
 * under a base path by a tiny static server.
 *
 *   node test/browser/run.ts            builds the fixture site into a temp folder first
 *   SITE_DIR=dist node test/browser/run.ts   uses a site already built with BASE_PATH=/danh-ba/
 *
 * Prints one line per test and a summary line `N passed, N failed`; exits 1 on failure.
 * Screenshots (360×800) go to artifacts/screenshots/.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { assert, axe, launchChromium, runCase, screenshot } from './harness.ts';
import { BASE_PATH, buildSite, fixtureRegistryCopy, siteOutDir } from '../site/build-site.ts';
import { serveStatic } from './static-server.ts';
import { phoneTests } from './phone.ts';

// Addresses of the fixture registry (test/site/fixture-registry), one per answer.
const FB = 'https://www.facebook.com/';
const ANSWERS = [
  ['official', `${FB}fixture.ldld.dakha`],
  ['former', `https://m.facebook.com/fixture.ldld.tinh.cu/?ref=bookmarks`],
  ['reported', `${FB}fixture.ldld.tinh.chinhthuc`],
  ['unknown', `${FB}someone.not.in.registry`],
  ['invalid', 'https://facebook.com.vn/fixture.ldld.dakha'],
] as const;

interface TestCase {
  name: string;
  fn: (ctx: { page: Page; site: string; browser: Browser }) => Promise<void>;
  javaScript?: boolean;
}
const tests: TestCase[] = [];
const test = (name: string, fn: TestCase['fn'], javaScript = true) => tests.push({ name, fn, javaScript });

async function verdict(page: Page): Promise<{ status: string | null; text: string }> {
  const card = page.locator('#ket-qua .verdict');
  await card.waitFor({ timeout: 10_000 });
  return { status: await card.getAttribute('data-status'), text: await card.innerText() };
}

for (const [status, url] of ANSWERS) {
  test(`verification answers "${status}" for ${url}`, async ({ page, site }) => {
    await page.goto(`${site}kiem-tra/?url=${encodeURIComponent(url)}`);
    const answer = await verdict(page);
    assert(answer.status === status, `expected ${status}, got ${answer.status}: ${answer.text}`);
    assert(answer.text.includes('Nên làm gì'), 'the answer says what to do next');
    if (status === 'reported')
      assert(answer.text.includes('fixture.ldld.tinh') && answer.text.includes('Trang thật'), 'a reported answer lists the real accounts');
    if (status === 'unknown')
      assert(
        (await page.locator('#ket-qua a[href$="/huong-dan/nhan-biet-gia-mao/"]').count()) === 1,
        'an unknown answer links to the guide on fakes',
      );
    if (status === 'official')
      assert((await page.locator('#ket-qua a[href$="/don-vi/ldld-dak-ha/"]').count()) > 0, 'an official answer links to the unit page');
  });
}

test('the verification form works with the keyboard only (Tab, type, Enter)', async ({ page, site }) => {
  await page.goto(`${site}kiem-tra/`);
  let focused = '';
  for (let i = 0; i < 25 && focused !== 'dia-chi'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.id ?? '');
  }
  assert(focused === 'dia-chi', 'Tab reaches the address input');
  await page.keyboard.type(ANSWERS[0][1]);
  await page.keyboard.press('Enter');
  const answer = await verdict(page);
  assert(answer.status === 'official', `expected official, got ${answer.status}`);
  assert(new URL(page.url()).searchParams.get('url') === ANSWERS[0][1], 'the address is kept in the URL (shareable)');
});

test('the first Tab reaches the skip link, which moves to the main content', async ({ page, site }) => {
  await page.goto(site);
  await page.keyboard.press('Tab');
  const text = await page.evaluate(() => document.activeElement?.textContent ?? '');
  assert(text.includes('Bỏ qua'), `first focus is the skip link, got "${text}"`);
  await page.keyboard.press('Enter');
  // The hash changes after the key event is handled: wait for it (a missing link still fails after 5 s).
  const moved = await page
    .waitForFunction(() => location.hash === '#noi-dung', null, { timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  assert(moved, `the skip link goes to #noi-dung, the address is ${page.url()}`);
});

test(
  'the home verification box works without JavaScript (GET to /kiem-tra/)',
  async ({ page, site }) => {
    await page.goto(site);
    await page.fill('#dia-chi-trang-chu', ANSWERS[0][1]);
    await Promise.all([page.waitForURL(/\/kiem-tra\/\?url=/), page.press('#dia-chi-trang-chu', 'Enter')]);
    assert(new URL(page.url()).pathname === `${BASE_PATH}kiem-tra/`, `landed on ${page.url()}`);
  },
  false,
);

for (const query of ['dak ha', 'Đắk Hà', 'cong doan dak ha', 'CÔNG ĐOÀN ĐẮK HÀ']) {
  test(`directory search finds units for "${query}"`, async ({ page, site }) => {
    await page.goto(`${site}don-vi/`);
    await page.fill('#q', query);
    await page.locator('#tim-kiem-ket-qua li').first().waitFor({ timeout: 10_000 });
    const names = await page.locator('#tim-kiem-ket-qua li a').allInnerTexts();
    assert(names.includes('Công đoàn Đắk Hà xã Hà Mòn'), `results: ${names.join(' | ')}`);
    if (!query.startsWith('cong') && !query.startsWith('CÔNG'))
      assert(names.includes('Liên đoàn Lao động huyện Đắk Hà'), `results: ${names.join(' | ')}`);
    assert(
      names.every((n) =>
        /d[aă]k h[aà]/i.test(
          n
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .replace(/đ/gi, 'd'),
        ),
      ),
      `every result matches: ${names.join(' | ')}`,
    );
  });
}

test('directory search filters by level and says when nothing matches', async ({ page, site }) => {
  await page.goto(`${site}don-vi/`);
  await page.selectOption('#loc-cap', 'huyen');
  await page.fill('#q', 'dak ha');
  await page.locator('#tim-kiem-ket-qua li').first().waitFor({ timeout: 10_000 });
  const names = await page.locator('#tim-kiem-ket-qua li a').allInnerTexts();
  assert(names.length === 1 && names[0] === 'Liên đoàn Lao động huyện Đắk Hà', `results: ${names.join(' | ')}`);
  await page.fill('#q', 'zzzz khong co');
  await page.waitForFunction(() => document.getElementById('tim-kiem-trang-thai')?.textContent?.includes('Không tìm thấy'));
});

test('a unit opens from the directory search', async ({ page, site }) => {
  await page.goto(`${site}don-vi/`);
  await page.fill('#q', 'tieu hoc dak ha');
  const link = page.locator('#tim-kiem-ket-qua a', { hasText: 'Trường Tiểu học Đắk Hà' });
  await link.waitFor({ timeout: 10_000 });
  await Promise.all([page.waitForURL(/\/don-vi\/cdcs-th-dak-ha\/$/), link.click()]);
  assert((await page.locator('h1').innerText()) === 'Công đoàn cơ sở Trường Tiểu học Đắk Hà', 'the unit page opened');
});

test(
  'a unit opens from the directory without JavaScript (branch listing)',
  async ({ page, site }) => {
    await page.goto(`${site}don-vi/`);
    assert(await page.locator('#tim-kiem').isHidden(), 'the search box stays hidden without JavaScript');
    await Promise.all([page.waitForURL(/\/don-vi\/nhanh\/ldld-dak-ha\/$/), page.click('a[href$="/don-vi/nhanh/ldld-dak-ha/"]')]);
    await Promise.all([page.waitForURL(/\/don-vi\/cdcs-xa-dak-ha\/$/), page.click('text=Công đoàn Đắk Hà xã Hà Mòn')]);
    assert((await page.locator('h1').innerText()) === 'Công đoàn Đắk Hà xã Hà Mòn', 'the unit page opened');
  },
  false,
);

test(
  'a long branch listing is paginated',
  async ({ page, site }) => {
    await page.goto(`${site}don-vi/nhanh/ldld-sa-thay/`);
    assert((await page.locator('ol.tree > li').count()) === 200, 'first page has 200 units');
    await Promise.all([page.waitForURL(/\/don-vi\/nhanh\/ldld-sa-thay\/2\/$/), page.locator('a[rel="next"]').first().click()]);
    assert((await page.locator('ol.tree > li').count()) === 31, 'second page has the rest');
  },
  false,
);

const PAGES = [
  ['trang-chu', ''],
  ['danh-ba', 'don-vi/'],
  ['don-vi', 'don-vi/cdcs-th-dak-ha/'],
  ['don-vi-giai-the', 'don-vi/ldld-dak-to/'],
  ['danh-sach-khoi', 'don-vi/nhanh/ldld-sa-thay/2/'],
  ['kiem-tra', `kiem-tra/?url=${encodeURIComponent(ANSWERS[2][1])}`],
  ['bao-cao', 'bao-cao/'],
  ['huong-dan', 'huong-dan/nhan-biet-gia-mao/'],
] as const;

for (const [name, route] of PAGES) {
  test(`axe finds no serious or critical violation on ${name} (screenshot at 360×800)`, async ({ page, site }) => {
    await page.goto(`${site}${route}`);
    if (name === 'kiem-tra') await verdict(page);
    if (name === 'danh-ba') {
      await page.fill('#q', 'dak ha');
      await page.locator('#tim-kiem-ket-qua li').first().waitFor({ timeout: 10_000 });
    }
    await axe(page, name);
    await screenshot(page, name);
  });
}

test('no page logs an error in the console', async ({ page, site }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  for (const [, route] of PAGES) await page.goto(`${site}${route}`, { waitUntil: 'networkidle' });
  assert(errors.length === 0, errors.join('\n'));
});

phoneTests(test, ANSWERS);

async function main(): Promise<number> {
  let siteDir = process.env.SITE_DIR ? path.resolve(process.env.SITE_DIR) : '';
  const cleanup: string[] = [];
  if (!siteDir) {
    const registryDir = fixtureRegistryCopy();
    siteDir = siteOutDir('browser-');
    cleanup.push(registryDir, siteDir);
    process.stdout.write(`building the fixture site into ${siteDir} …\n`);
    const build = await buildSite({ registryDir, outDir: siteDir });
    if (build.code !== 0) {
      process.stdout.write(`${build.output}\nbuild failed\n0 passed, 1 failed\n`);
      return 1;
    }
  }
  const server = await serveStatic(siteDir, BASE_PATH);
  const site = `${server.origin}${BASE_PATH}`;
  const browser = await launchChromium();
  let passed = 0;
  let failed = 0;
  try {
    for (const t of tests) {
      let context: BrowserContext | undefined;
      const ok = await runCase(
        t.name,
        async () => {
          context = await browser.newContext({
            viewport: { width: 360, height: 800 },
            javaScriptEnabled: t.javaScript !== false,
            locale: 'vi-VN',
          });
          const page = await context.newPage();
          page.setDefaultTimeout(15_000);
          await t.fn({ page, site, browser });
        },
        async () => context?.close(),
      );
      if (ok) passed++;
      else failed++;
    }
  } finally {
    await browser.close();
    await server.close();
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
