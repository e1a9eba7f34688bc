/**
 * Issue 16 on a 360×800 phone: the checker on the first screen, a short header
 * everywhere, answers that log nothing, report tables that fit, pages that do not jump
 * while their scripts load, and the small things (line breaks in addresses, the print
 * hint, "Mới đăng ký"). Registered into test/browser/run.ts, against its fixture site.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { assert, screenshot, SHOTS } from './harness.ts';

type Test = (name: string, fn: (ctx: { page: Page; site: string }) => Promise<void>, javaScript?: boolean) => void;

/** Tallest header (site name + menu) allowed on a phone. */
const MAX_HEADER_PX = 120;
const MAX_CLS = 0.05;

/**
 * Sums layout shifts (PerformanceObserver 'layout-shift', as CLS does, without those
 * right after input) from the start of the page. The page's own scripts are held back
 * a second, as on a slow phone, so that whatever they add after the first paint is seen.
 */
async function layoutShift(page: Page, url: string, ready: (page: Page) => Promise<unknown>): Promise<number> {
  await page.addInitScript(() => {
    const w = window as unknown as { cls: number };
    w.cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
        if (!entry.hadRecentInput) w.cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.route(/\/_astro\/.*\.js$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  await page.goto(url);
  await ready(page);
  await page.waitForTimeout(500);
  return page.evaluate(() => (window as unknown as { cls: number }).cls);
}

export function phoneTests(test: Test, answers: readonly (readonly [string, string])[]): void {
  const pages = ['', 'don-vi/', 'don-vi/cdcs-th-dak-ha/', 'kiem-tra/', 'bao-cao/', 'huong-dan/', 'dang-ky/', 'du-lieu/'];

  test(
    `the header and menu stay within ${MAX_HEADER_PX} px on every page, and every menu entry can be reached`,
    async ({ page, site }) => {
      for (const route of pages) {
        await page.goto(`${site}${route}`);
        const height = await page.locator('header.top').evaluate((el) => el.getBoundingClientRect().height);
        assert(height <= MAX_HEADER_PX, `/${route}: header is ${Math.round(height)} px`);
      }
      // The menu scrolls sideways: its last entry is reachable by Tab and comes into view.
      const last = page.locator('.nav a').last();
      await last.focus();
      const box = await last.boundingBox();
      assert(
        box && box.x >= -0.5 && box.x + box.width <= 360.5,
        `the last menu entry scrolls into view when focused: ${JSON.stringify(box)}`,
      );
    },
    true,
  );

  test(
    'the menu works without JavaScript',
    async ({ page, site }) => {
      await page.goto(site);
      const link = page.locator('.nav a', { hasText: 'Dữ liệu mở' });
      await link.scrollIntoViewIfNeeded();
      await Promise.all([page.waitForURL(/\/du-lieu\/$/), link.click()]);
    },
    false,
  );

  test('the checker box is entirely on the first screen of the home page', async ({ page, site }) => {
    await page.goto(site);
    const box = await page.locator('section[aria-labelledby="kiem-tra"]').boundingBox();
    assert(box && box.y >= 0 && box.y + box.height <= 800, `the box spans ${box?.y}–${box ? box.y + box.height : '?'} px of 800`);
    await page.screenshot({ path: shotPath('phone-trang-chu-man-hinh-dau') });
  });

  for (const [status, url] of answers) {
    test(`/kiem-tra/?url= answering "${status}" logs nothing in the console and fetches nothing missing`, async ({ page, site }) => {
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
      await page.goto(`${site}kiem-tra/?url=${encodeURIComponent(url)}`, { waitUntil: 'networkidle' });
      const card = page.locator('#ket-qua .verdict');
      await card.waitFor();
      assert((await card.getAttribute('data-status')) === status, `answered ${await card.getAttribute('data-status')}`);
      assert(problems.length === 0, problems.join('\n'));
      // The title is said once: the message under it does not start with it again.
      const title = (await card.locator('h2').innerText()).replace(/^\W+/, '').trim();
      const message = await card.locator('p').first().innerText();
      assert(!message.toLowerCase().startsWith(title.toLowerCase()), `the message repeats the title "${title}": ${message}`);
      if (status === 'unknown')
        assert(!/đúng là/.test(message) && message.includes('có dạng'), `an unknown address is not called an existing account: ${message}`);
      await screenshot(page, `phone-kiem-tra-${status}`);
    });
  }

  for (const [name, route, ready] of [
    ['/dang-ky/', 'dang-ky/', (p: Page) => p.locator('[data-account] [data-field="url"]').first().waitFor()],
    [
      '/kiem-tra/?url= (unknown)',
      `kiem-tra/?url=${encodeURIComponent(answers.find(([s]) => s === 'unknown')![1])}`,
      (p: Page) => p.locator('#ket-qua .verdict').waitFor(),
    ],
    [
      '/kiem-tra/?url= (reported)',
      `kiem-tra/?url=${encodeURIComponent(answers.find(([s]) => s === 'reported')![1])}`,
      (p: Page) => p.locator('#ket-qua .verdict').waitFor(),
    ],
    ['/don-vi/', 'don-vi/', (p: Page) => p.locator('#q').waitFor()],
  ] as const) {
    test(`${name} does not jump while its script loads (layout shift < ${MAX_CLS})`, async ({ page, site }) => {
      const cls = await layoutShift(page, `${site}${route}`, ready);
      assert(cls < MAX_CLS, `layout shift ${cls.toFixed(3)}`);
    });
  }

  for (const route of ['bao-cao/', 'bao-cao/khoi/ldld-sa-thay/'])
    test(`/${route} is readable at 360 px: no cut header, nothing wider than the screen; print keeps the full table`, async ({
      page,
      site,
    }) => {
      await page.goto(`${site}${route}`);
      const tables = page.locator('table.report');
      assert((await tables.count()) > 0, 'the report has tables');
      const cut = await page.evaluate(() => {
        const out: string[] = [];
        for (const cell of document.querySelectorAll<HTMLElement>('table.report th, table.report td')) {
          const box = cell.getBoundingClientRect();
          if (box.width === 0 || getComputedStyle(cell).clip === 'rect(0px, 0px, 0px, 0px)') continue;
          const hiddenHeader = cell.closest('thead') && cell.closest('thead')!.getBoundingClientRect().width <= 1;
          if (hiddenHeader) continue;
          if (cell.scrollWidth > cell.clientWidth + 1 || box.right > innerWidth + 0.5 || box.left < -0.5)
            out.push(`${cell.tagName} "${cell.innerText.trim().slice(0, 30)}" ${Math.round(box.left)}–${Math.round(box.right)}`);
        }
        return out;
      });
      assert(cut.length === 0, `cut or off-screen cells: ${cut.slice(0, 5).join('; ')}`);
      assert(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the page does not scroll sideways');
      // Each value says what it is (the card layout labels every cell but the row's name).
      const unlabelled = await page.locator('table.cards td:not([data-label]):not(:first-child)').count();
      assert(unlabelled === 0, `${unlabelled} cells of card tables have no label`);
      // The branch page lists 231 units: its first screen is enough to look at.
      if (route === 'bao-cao/') await screenshot(page, 'phone-bao-cao');
      else await page.screenshot({ path: shotPath('phone-bao-cao-khoi') });
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() =>
        [...document.querySelectorAll('table.cards')].every(
          (t) => getComputedStyle(t).display === 'table' && getComputedStyle(t.querySelector('thead')!).position !== 'absolute',
        ),
      );
      assert(printed, 'in print the tables are tables again, with their headers');
    });

  test('the report shows a print button, and no Ctrl + P hint on a touch screen', async ({ page, site }) => {
    await page.goto(`${site}bao-cao/`);
    assert(await page.locator('#in-bao-cao').isVisible(), 'a print button');
    const touch = await page
      .context()
      .browser()!
      .newContext({ viewport: { width: 360, height: 800 }, hasTouch: true, isMobile: true, locale: 'vi-VN' });
    try {
      const phone = await touch.newPage();
      await phone.goto(`${site}bao-cao/`);
      assert(await phone.evaluate(() => matchMedia('(pointer: coarse)').matches), 'the emulated phone has a coarse pointer');
      assert(await phone.locator('.keys-only').isHidden(), 'no keyboard shortcut on a phone');
      assert(await phone.locator('#in-bao-cao').isVisible(), 'the print button is there on a phone');
    } finally {
      await touch.close();
    }
    const noDissolved = await page.locator('[data-tally="totals"]').innerText();
    assert(!/không tính 0 /.test(noDissolved), 'no "(không tính 0 đơn vị …)"');
  });

  test('addresses wrap after "/" or ".", never inside a name', async ({ page, site }) => {
    await page.goto(`${site}don-vi/ldld-dak-ha/`);
    const urls = page.locator('.url');
    assert((await urls.count()) > 0, 'the unit page shows addresses');
    const checks = await urls.evaluateAll((els) =>
      els.map((el) => ({ wrap: getComputedStyle(el).overflowWrap, breaks: el.querySelectorAll('wbr').length, text: el.textContent ?? '' })),
    );
    for (const c of checks) {
      assert(c.wrap !== 'anywhere', `${c.text}: overflow-wrap is "anywhere"`);
      assert(c.breaks > 0, `${c.text}: no break opportunity after / or .`);
    }
  });

  test('"Mới đăng ký" lists only recent registrations (none in the fixture: left out)', async ({ page, site }) => {
    await page.goto(site);
    // The fixture's newest account is from 2018, its date 2024-06-30.
    assert((await page.locator('#moi').count()) === 0, 'no "Mới đăng ký" section when nothing is recent');
  });

  test('the registration date is written ngày/tháng/năm', async ({ page, site }) => {
    await page.goto(`${site}dang-ky/`);
    const since = page.locator('[data-account] [data-field="since"]').first();
    await since.waitFor();
    assert((await since.getAttribute('type')) === 'text', "a text field, not the browser's date field");
    assert((await since.getAttribute('placeholder')) === 'ngày/tháng/năm', 'the placeholder says the order');
    await since.fill('31/12/2018');
    assert(await since.evaluate((el) => (el as HTMLInputElement).checkValidity()), '31/12/2018 matches the pattern');
    await since.fill('hôm qua');
    assert(!(await since.evaluate((el) => (el as HTMLInputElement).checkValidity())), 'the pattern compiles and refuses words');
    // A date that does not exist is refused in the order the field asks for.
    await since.fill('31/13/2018');
    await since.press('Tab');
    const error = page.locator(`#${await since.getAttribute('id')}-loi`);
    await error.waitFor({ state: 'visible', timeout: 5000 });
    const message = await error.innerText();
    assert(message.includes('ngày/tháng/năm'), `the error says how to write the date: ${message}`);
  });
}

/** A screenshot of the first screen only (screenshot() takes the whole page). */
function shotPath(name: string): string {
  mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, `${name}.png`);
}
