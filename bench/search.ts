/**
 * Directory search as a phone would do it: Chromium with 4× CPU throttling on the built
 * site, typing a query into /don-vi/; measures the time from the last keystroke to the
 * first result and the bytes the query downloaded. Used by bench/run.ts.
 */
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/browser/harness.ts';
import { serveStatic } from '../test/browser/static-server.ts';

export interface SearchMeasure {
  query: string;
  firstResultMs: number;
  downloadedKb: number;
  /** The same bytes gzipped, as GitHub Pages serves them. */
  gzippedKb: number;
  results: number;
}

export async function measureSearch(distDir: string, queries: readonly string[]): Promise<SearchMeasure[]> {
  const server = await serveStatic(distDir, '/');
  const browser = await launchChromium();
  const out: SearchMeasure[] = [];
  try {
    for (const query of queries) {
      const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
      const cdp = await page.context().newCDPSession(page);
      await page.goto(`${server.origin}/don-vi/`);
      await page.locator('#q').waitFor();
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      let bytes = 0;
      let gzipped = 0;
      page.on('response', async (response) => {
        if (!response.url().includes('/chi-muc/')) return;
        try {
          const body = await response.body();
          bytes += body.length;
          gzipped += gzipSync(body).length;
        } catch {
          /* body gone */
        }
      });
      await page.locator('#q').pressSequentially(query.slice(0, -1), { delay: 30 });
      // Timed inside the page: from the last keystroke's input event to the first change of
      // the results (a result, or the status line saying nothing matched).
      await page.evaluate(() => {
        const w = window as unknown as { lastInput?: number; firstResult?: number };
        document.getElementById('q')!.addEventListener('input', () => (w.lastInput = performance.now()));
        new MutationObserver(() => {
          const done =
            document.querySelector('#tim-kiem-ket-qua li') !== null ||
            /Không tìm thấy/.test(document.getElementById('tim-kiem-trang-thai')?.textContent ?? '');
          if (done && w.lastInput !== undefined && w.firstResult === undefined) w.firstResult = performance.now();
        }).observe(document.getElementById('tim-kiem')!, { childList: true, subtree: true, characterData: true });
      });
      await page.locator('#q').press(query.slice(-1));
      await page.waitForFunction(() => (window as unknown as { firstResult?: number }).firstResult !== undefined, undefined, {
        timeout: 20_000,
      });
      const firstResultMs = Math.round(
        await page.evaluate(() => {
          const w = window as unknown as { lastInput: number; firstResult: number };
          return w.firstResult - w.lastInput;
        }),
      );
      const results = await page.locator('#tim-kiem-ket-qua li').count();
      out.push({ query, firstResultMs, downloadedKb: bytes / 1024, gzippedKb: gzipped / 1024, results });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}
