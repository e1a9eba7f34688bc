/**
 * /kiem-tra/ and hidden groups known by digest only (docs/privacy.md), in Chromium: the
 * fixture site with one more unit whose hidden group has `url_age` + `url_digest` and no
 * address. The page must compute the same PBKDF2 digest in the browser and answer
 * "nhóm ẩn của đơn vị X", loading the digest settings and code only for group addresses,
 * and the built site must hold the address nowhere.
 *
 *   node test/browser/hidden-groups.ts
 *
 * Prints one line per test and `N passed, N failed`; exits 1 on failure.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { Page } from 'playwright-core';
import { encryptGroupAddress } from '../../src/lib/group-url.ts';
import { assert, launchChromium, runCase } from './harness.ts';
import { BASE_PATH, buildSite, fixtureRegistryCopy, siteOutDir } from '../site/build-site.ts';
import { serveStatic } from './static-server.ts';

const GROUP_ID = '300000000000007';
const GROUP = `https://www.facebook.com/groups/${GROUP_ID}`;
const UNIT = 'Công đoàn cơ sở Trường Mầm non Nhóm Kín';
const DIGEST = { salt: 'c2FsdC1mb3ItdGhlLWJyb3dzZXItdGVzdA', iterations: 300_000 };

/** The fixture registry plus one unit whose hidden group is encrypted (accepted in plaintext mode too). */
async function registryWithEncryptedGroup(): Promise<string> {
  const dir = fixtureRegistryCopy();
  const settings = path.join(dir, 'registry.yaml');
  writeFileSync(
    settings,
    `${readFileSync(settings, 'utf8').trimEnd()}\n  group_digest:\n    salt: ${DIGEST.salt}\n    iterations: ${DIGEST.iterations}\n`,
  );
  const recipient = await identityToRecipient(await generateX25519Identity());
  const sealed = await encryptGroupAddress(GROUP, [recipient], DIGEST);
  const armor = sealed.url_age
    .trimEnd()
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
  writeFileSync(
    path.join(dir, 'units/dak-ha/cdcs-mn-nhom-kin.yaml'),
    [
      `name: ${UNIT}`,
      'level: cdcs',
      'parent: ldld-dak-ha',
      'accounts:',
      '  - role: group',
      '    url_age: |',
      armor,
      `    url_digest: ${sealed.url_digest}`,
      '    name: Đoàn viên Mầm non Nhóm Kín',
      '    visibility: hidden',
      '    since: 2018-10-09',
      '',
    ].join('\n'),
  );
  return dir;
}

async function check(page: Page, site: string, url: string): Promise<{ status: string | null; text: string; requests: string[] }> {
  const requests: string[] = [];
  // The page's own address carries ?url= (the check is shareable); what matters is what the page then asks for.
  page.on('request', (r) => {
    if (!r.isNavigationRequest()) requests.push(r.url());
  });
  await page.goto(`${site}kiem-tra/?url=${encodeURIComponent(url)}`);
  const card = page.locator('#ket-qua .verdict');
  await card.waitFor({ timeout: 15_000 });
  return { status: await card.getAttribute('data-status'), text: await card.innerText(), requests };
}

async function main(): Promise<number> {
  const registryDir = await registryWithEncryptedGroup();
  const siteDir = siteOutDir('browser-hidden-');
  let passed = 0;
  let failed = 0;
  try {
    process.stdout.write(`building the fixture site with an encrypted hidden group into ${siteDir} …\n`);
    const build = await buildSite({ registryDir, outDir: siteDir });
    if (build.code !== 0) {
      process.stdout.write(`${build.output}\nbuild failed\n0 passed, 1 failed\n`);
      return 1;
    }
    const server = await serveStatic(siteDir, BASE_PATH);
    const site = `${server.origin}${BASE_PATH}`;
    const browser = await launchChromium();
    const cases: [string, (page: Page) => Promise<void>][] = [
      [
        'a pasted hidden group address is answered "nhóm ẩn của đơn vị X", by its digest computed in the page',
        async (page) => {
          const answer = await check(page, site, `https://m.facebook.com/groups/${GROUP_ID}/?ref=share`);
          assert(answer.status === 'official', `expected official, got ${answer.status}: ${answer.text}`);
          assert(answer.text.includes(`nhóm ẩn của đơn vị ${UNIT}`), answer.text);
          assert(
            answer.requests.some((r) => r.endsWith('/kiem-tra/chi-muc/nhom-an.json')),
            'the digest settings were fetched',
          );
          assert(!answer.requests.some((r) => r.includes(GROUP_ID)), 'no request of the page carries the group id');
        },
      ],
      [
        'an address that is not a group loads neither the digest settings nor the digest code',
        async (page) => {
          const answer = await check(page, site, 'https://www.facebook.com/fixture.ldld.dakha');
          assert(answer.status === 'official', `expected official, got ${answer.status}`);
          assert(!answer.requests.some((r) => r.endsWith('nhom-an.json')), 'no digest settings for a page');
          const group = await browser.newPage();
          try {
            const groupAnswer = await check(group, site, GROUP);
            const extra = groupAnswer.requests.filter((r) => r.endsWith('.js') && !answer.requests.includes(r));
            assert(extra.length > 0, 'a group address loads the digest code as its own chunk');
          } finally {
            await group.close();
          }
        },
      ],
      [
        'another group is still unknown',
        async (page) => {
          const answer = await check(page, site, 'https://www.facebook.com/groups/300000000000008');
          assert(answer.status === 'unknown', `expected unknown, got ${answer.status}`);
        },
      ],
      [
        'the built site holds neither the address nor the digest nor the ciphertext',
        async () => {
          const registry = readFileSync(path.join(registryDir, 'units/dak-ha/cdcs-mn-nhom-kin.yaml'), 'utf8');
          const digest = /url_digest: (\S+)/.exec(registry)![1]!;
          const armorLine = registry.split('\n')[7]!.trim();
          const leaks: string[] = [];
          for (const rel of readdirSync(siteDir, { recursive: true, encoding: 'utf8' })) {
            let text: string;
            try {
              text = readFileSync(path.join(siteDir, rel), 'latin1');
            } catch {
              continue; // a folder
            }
            for (const secret of [GROUP_ID, digest.slice(digest.lastIndexOf('$') + 1), armorLine])
              if (text.includes(secret)) leaks.push(`${rel}: ${secret.slice(0, 12)}…`);
          }
          assert(leaks.length === 0, leaks.join('\n'));
        },
      ],
    ];
    try {
      for (const [name, fn] of cases) {
        const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' });
        const ok = await runCase(
          name,
          async () => {
            const page = await context.newPage();
            page.setDefaultTimeout(15_000);
            await fn(page);
          },
          () => context.close(),
        );
        if (ok) passed++;
        else failed++;
      }
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(registryDir, { recursive: true, force: true });
    rmSync(siteDir, { recursive: true, force: true });
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
