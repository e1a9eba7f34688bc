/**
 * `npm run lighthouse`: Lighthouse 12 (mobile, its default throttling) on the pages a
 * member meets first, printed as a table. Issue 16's targets: performance ≥ 95,
 * accessibility, best practices and SEO 100, CLS < 0.05 on each page. Exits 1 when a
 * target is missed. Not part of `npm test` (a run takes a few minutes).
 *
 *   npm run lighthouse                         builds the fixture site (test/site/fixture-registry) first
 *   SITE_DIR=dist npm run lighthouse           a site already built with BASE_PATH=/danh-ba/
 *   npm run lighthouse -- --json out.json      also writes every score
 *
 * Chrome: CHROME_PATH, else CHROMIUM_PATH, else Debian's /usr/bin/chromium. Lighthouse
 * itself is installed on first use into a cache (bench/lighthouse-install.ts).
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BASE_PATH, buildSite, fixtureRegistryCopy, siteOutDir } from '../test/site/build-site.ts';
import { serveStatic } from '../test/browser/static-server.ts';
import { CHROMIUM } from '../test/browser/harness.ts';
import { launchDebugChromium } from './chromium-debug.ts';
import { loadLighthouse } from './lighthouse-install.ts';

const UNKNOWN = 'https://www.facebook.com/someone.not.in.registry';
export const LIGHTHOUSE_PAGES = [
  ['/', ''],
  ['trang đơn vị', 'don-vi/cdcs-th-dak-ha/'],
  ['/don-vi/', 'don-vi/'],
  ['/kiem-tra/', 'kiem-tra/'],
  ['/kiem-tra/?url=(chưa có)', `kiem-tra/?url=${encodeURIComponent(UNKNOWN)}`],
  ['/bao-cao/', 'bao-cao/'],
  ['/dang-ky/', 'dang-ky/'],
] as const;

const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 } as const;
const MAX_CLS = 0.05;

const { values } = parseArgs({ options: { json: { type: 'string' } } });

interface Row {
  page: string;
  scores: Record<keyof typeof TARGETS, number>;
  cls: number;
  failed: string[];
}

async function main(): Promise<number> {
  let siteDir = process.env.SITE_DIR ? path.resolve(process.env.SITE_DIR) : '';
  const cleanup: string[] = [];
  if (!siteDir) {
    const registryDir = fixtureRegistryCopy();
    siteDir = siteOutDir('lighthouse-');
    cleanup.push(registryDir, siteDir);
    process.stdout.write(`building the fixture site into ${siteDir} …\n`);
    const build = await buildSite({ registryDir, outDir: siteDir });
    if (build.code !== 0) {
      process.stdout.write(`${build.output}\nbuild failed\n`);
      return 2;
    }
  }
  const lighthouse = await loadLighthouse();
  const server = await serveStatic(siteDir, BASE_PATH);
  const chrome = await launchDebugChromium(process.env.CHROME_PATH ?? CHROMIUM);
  const rows: Row[] = [];
  try {
    for (const [page, route] of LIGHTHOUSE_PAGES) {
      const result = await lighthouse(`${server.origin}${BASE_PATH}${route}`, { port: chrome.port, output: 'json', logLevel: 'error' });
      if (!result) throw new Error(`Lighthouse returned nothing for ${page}`);
      const { categories, audits } = result.lhr;
      const scores = Object.fromEntries(
        Object.keys(TARGETS).map((id) => [id, Math.round((categories[id]?.score ?? 0) * 100)]),
      ) as Row['scores'];
      const cls = audits['cumulative-layout-shift']?.numericValue ?? Number.NaN;
      const failed = [
        ...Object.entries(TARGETS)
          .filter(([id, min]) => scores[id as keyof typeof TARGETS] < min)
          .map(([id]) => id),
        ...(cls < MAX_CLS ? [] : ['CLS']),
        // What cost points, so a miss says where to look.
        ...Object.values(audits)
          .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary')
          .map((a) => `(${a.id})`),
      ];
      rows.push({ page, scores, cls, failed });
      process.stdout.write(`  ${page}: done\n`);
    }
  } finally {
    await chrome.close();
    await server.close();
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  }
  const header = ['page', 'performance', 'accessibility', 'best practices', 'SEO', 'CLS', 'missed'];
  const lines = rows.map((r) => [r.page, ...Object.values(r.scores).map(String), r.cls.toFixed(3), r.failed.join(' ') || '–']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`\n${[format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n')}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
  const missed = rows.some((r) => r.failed.some((f) => !f.startsWith('(')));
  process.stdout.write(missed ? '\nsome targets missed\n' : '\nevery target met\n');
  return missed ? 1 : 0;
}

process.exitCode = await main();
