/**
 * Browser test of the unit posters (/don-vi/<id>/ap-phich/, src/site/poster.ts): printed
 * by Chromium to A4 they take exactly one page, even for the longest unit name and more
 * accounts than the poster lists, and the QR code, drawn to a canvas and read back by a
 * real decoder (jsQR), is the address of the unit's page.
 *
 *   node test/browser/poster.ts          builds the fixture site (plus one worst-case unit)
 *
 * Prints one line per test and `N passed, N failed`; exits 1 on failure. Screenshots go
 * to artifacts/screenshots/ap-phich-*.png.
 */
import jsQR from 'jsqr';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { assert, axe, launchChromium, runCase, screenshot, SHOTS } from './harness.ts';
import { BASE_PATH, buildSite, fixtureRegistryCopy, siteOutDir } from '../site/build-site.ts';
import { serveStatic } from './static-server.ts';

/** The longest name the schema allows (300 characters) and 8 accounts, 6 of them listed. */
const WORST_ID = 'cdcs-ten-rat-dai';
const WORST_NAME = `Công đoàn cơ sở ${'Trường Phổ thông Dân tộc Nội trú Liên xã Vùng Cao Biên Giới '.repeat(6)}`.slice(0, 300).trim();

function worstCaseUnit(): string {
  const accounts = Array.from({ length: 8 }, (_, i) =>
    i === 7
      ? '  - role: group\n    url: https://www.facebook.com/groups/fixture.poster.hidden\n    name: Nhóm kín thử\n    visibility: hidden\n    since: 2020-01-08\n'
      : `  - role: chair\n    url: https://www.facebook.com/fixture.poster.${i}\n    name: Chủ tịch Công đoàn cơ sở có tên tài khoản rất dài để thử bố cục số ${i}\n    since: 2020-01-0${i + 1}\n`,
  );
  return `name: ${WORST_NAME}\nlevel: cdcs\nparent: ldld-dak-ha\naccounts:\n${accounts.join('')}`;
}

/** Pages in a PDF: Chromium writes one `/Type /Page` object per sheet. */
function pdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

/** The poster's QR code drawn on a white canvas, as RGBA pixels. */
async function qrPixels(page: Page): Promise<{ data: number[]; width: number; height: number }> {
  return page.evaluate(async () => {
    const svg = document.querySelector('.poster-qr svg')!;
    const size = 400;
    const image = new Image();
    const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = reject;
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    context.drawImage(image, 0, 0, size, size);
    URL.revokeObjectURL(url);
    return { data: Array.from(context.getImageData(0, 0, size, size).data), width: size, height: size };
  });
}

/** Open the unit page, follow its poster link, and check the poster on screen and on paper. */
async function checkPoster(page: Page, site: string, id: string, posterLink: string): Promise<void> {
  await page.goto(`${site}don-vi/${id}/`);
  const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
  assert(canonical?.endsWith(`/don-vi/${id}/`), `unit page canonical: ${canonical}`);
  await page.locator(`a[href="${posterLink}"]`).click();
  await page.locator('.poster-qr svg').waitFor({ timeout: 10_000 });
  await axe(page, `poster ${id}`);
  await screenshot(page, `ap-phich-${id}`);
  const { data, width, height } = await qrPixels(page);
  const decoded = jsQR(Uint8ClampedArray.from(data), width, height);
  assert(decoded?.data === canonical, `QR decodes to ${decoded?.data ?? 'nothing'}, expected ${canonical}`);
  const text = await page.locator('.poster').innerText();
  assert(text.includes('Kiểm tra một trang') && text.includes('Gặp trang giả mạo?'), 'says how to check and how to report');
  assert(!text.includes('fixture.poster.hidden') && !text.includes('fixture.hidden.group'), 'no hidden group address');
  await page.emulateMedia({ media: 'print' });
  assert(await page.locator('header.top').isHidden(), 'the site header is not printed');
  // Printed at the A4 content width (210 mm less 2 × 12 mm of margin): nothing cut off.
  await page.setViewportSize({ width: 703, height: 1000 });
  await page.screenshot({ path: path.join(SHOTS, `ap-phich-${id}-in.png`), fullPage: true });
  const cut = await page.locator('.poster').evaluate((el) => el.scrollHeight - el.clientHeight);
  assert(cut <= 0, `the poster's content is ${cut}px taller than the sheet`);
  const pages = pdfPages(await page.pdf({ format: 'A4', printBackground: true }));
  assert(pages === 1, `printed on ${pages} pages`);
}

async function main(): Promise<number> {
  const registryDir = fixtureRegistryCopy(0);
  writeFileSync(path.join(registryDir, 'units', 'dak-ha', `${WORST_ID}.yaml`), worstCaseUnit());
  const siteDir = siteOutDir('browser-poster-');
  const sharedDir = siteOutDir('browser-poster-shared-');
  let passed = 0;
  let failed = 0;
  const count = (ok: boolean) => (ok ? passed++ : failed++);
  try {
    process.stdout.write(`building the fixture site twice (a poster page per unit; the shared poster page) …\n`);
    const builds = [
      await buildSite({ registryDir, outDir: siteDir }),
      await buildSite({ registryDir, outDir: sharedDir, env: { POSTER_UNIT_LIMIT: '0' } }),
    ];
    const broken = builds.find((b) => b.code !== 0);
    if (broken) {
      process.stdout.write(`${broken.output}\nbuild failed\n0 passed, 1 failed\n`);
      return 1;
    }
    const server = await serveStatic(siteDir, BASE_PATH);
    const shared = await serveStatic(sharedDir, BASE_PATH);
    const site = `${server.origin}${BASE_PATH}`;
    const sharedSite = `${shared.origin}${BASE_PATH}`;
    const browser = await launchChromium();
    const withPage = async (fn: (page: Page) => Promise<void>) => {
      const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' });
      try {
        await fn(await context.newPage());
      } finally {
        await context.close();
      }
    };
    try {
      for (const id of ['ldld-dak-ha', 'cdcs-th-dak-ha', WORST_ID]) {
        count(
          await runCase(`the poster of ${id} prints on one A4 page and its QR code opens the unit page`, () =>
            withPage(async (page) => {
              await checkPoster(page, site, id, `${BASE_PATH}don-vi/${id}/ap-phich/`);
              if (id === WORST_ID)
                assert(
                  (await page.locator('.poster').innerText()).includes('Và 2 tài khoản khác'),
                  'says how many accounts are not listed',
                );
              if (id === 'cdcs-th-dak-ha')
                assert((await page.locator('.poster').innerText()).includes('Nhóm kín'), 'says the unit has a hidden group');
            }),
          ),
        );
      }
      for (const id of ['ldld-dak-ha', WORST_ID]) {
        count(
          await runCase(`a large registry's shared poster page draws ${id}'s poster: one A4 page, QR to the unit page`, () =>
            withPage(async (page) => {
              // The link carries no id: the shared page takes it from the unit page it came from.
              await checkPoster(page, sharedSite, id, `${BASE_PATH}ap-phich/`);
              assert(!existsSync(path.join(sharedDir, 'don-vi', id, 'ap-phich')), 'no poster page of its own');
            }),
          ),
        );
      }
      count(
        await runCase('the shared poster page opened directly asks for the unit id (keyboard only)', () =>
          withPage(async (page) => {
            await page.goto(`${sharedSite}ap-phich/`);
            await page.locator('#ap-phich-ma').focus();
            await page.keyboard.type('cdcs-th-dak-ha');
            await page.keyboard.press('Enter');
            await page.locator('.poster-qr svg').waitFor({ timeout: 10_000 });
            assert(new URL(page.url()).searchParams.get('id') === 'cdcs-th-dak-ha', 'the id is in the address (shareable)');
            assert((await page.locator('.poster h1').innerText()).includes('Tiểu học Đắk Hà'), 'the poster names the unit');
            await axe(page, 'shared poster page');
          }),
        ),
      );
      count(
        await runCase('the shared poster page says what is wrong with an unknown id', () =>
          withPage(async (page) => {
            await page.goto(`${sharedSite}ap-phich/?id=khong-co-don-vi-nay`);
            await page.getByText('Không có đơn vị nào mã').waitFor();
          }),
        ),
      );
      count(
        await runCase('the shared poster page prints nothing for a dissolved unit', () =>
          withPage(async (page) => {
            await page.goto(`${sharedSite}ap-phich/?id=ldld-dak-to`);
            await page.getByText('đã chấm dứt hoạt động từ ngày').waitFor();
            assert((await page.locator('.poster').count()) === 0, 'no poster');
          }),
        ),
      );
      count(
        await runCase('the page counter counts pages (a long page prints on several)', () =>
          withPage(async (page) => {
            await page.setContent(`<p>${'Dòng chữ thử. '.repeat(4000)}</p>`);
            const pages = pdfPages(await page.pdf({ format: 'A4' }));
            assert(pages > 1, `a long page printed on ${pages} page(s)`);
          }),
        ),
      );
    } finally {
      await browser.close();
      await server.close();
      await shared.close();
    }
  } finally {
    for (const dir of [siteDir, sharedDir, registryDir]) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
