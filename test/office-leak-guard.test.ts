/**
 * The leak guard's one allowance (docs/office-report.md): armored ciphertext may be in
 * the office's bundle, bao-cao/noi-bo/du-lieu.json, and nowhere else; phones, emails
 * and hidden groups are still refused in that file too. Incremental and threaded
 * scans keep the same rule.
 */
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptRegistry } from '../src/cli/contacts.ts';
import { ARMOR_ALLOWED, checkBuildOutput, LeakError, scanDistParallel } from '../src/integrations/leak-guard.ts';
import { collectSecrets } from '../src/lib/leak-scan.ts';
import { buildReport } from '../src/lib/report.ts';
import { validateRegistry } from '../src/registry/load.ts';
import type { Registry } from '../src/registry/model.ts';
import { OFFICE_BUNDLE_FILE, officeBundleJson } from '../src/site/office-bundle.ts';

const BASE = fileURLToPath(new URL('./fixtures/base/', import.meta.url));
const TODAY = '2026-11-26';

let tmp = '';
let registry: Registry;
let bundle = '';
let armored = '';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'office-leak-'));
  const dir = path.join(tmp, 'registry');
  cpSync(BASE, dir, { recursive: true });
  await encryptRegistry({ dir, today: TODAY, recipient: await identityToRecipient(await generateX25519Identity()) });
  registry = validateRegistry(dir, { today: TODAY }).registry!;
  bundle = officeBundleJson(registry, buildReport(registry, TODAY), TODAY);
  armored = registry.byId.get('cdcs-vi-du-mot')!.accounts![0]!.admins_age!;
  // Contacts and hidden addresses in clear beside the ciphertext (in memory only), so
  // that the guard looks for phones, emails and the hidden group too.
  const plain = validateRegistry(BASE, { today: TODAY }).registry!;
  for (const unit of registry.units) {
    (unit.accounts ?? []).forEach((account, i) => {
      const source = plain.byId.get(unit.id)?.accounts?.[i];
      if (source?.admins) account.admins = source.admins;
      if (source) account.url = source.url;
    });
  }
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

let dists = 0;
function dist(files: Record<string, string | Uint8Array>): string {
  const dir = path.join(tmp, `dist-${++dists}`);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function leaksIn(files: Record<string, string | Uint8Array>): Promise<string[]> {
  try {
    await checkBuildOutput(dist(files), registry);
    return [];
  } catch (error) {
    if (!(error instanceof LeakError)) throw error;
    return [...new Set(error.leaks.map((l) => `${l.file} ${l.kind}`))];
  }
}

describe('ciphertext in the build output', () => {
  it('is allowed in the office bundle, which does hold it', async () => {
    expect(ARMOR_ALLOWED).toEqual([OFFICE_BUNDLE_FILE]);
    expect(bundle).toContain(JSON.stringify(armored).slice(1, 60));
    expect(await leaksIn({ 'index.html': '<p>ok</p>', [OFFICE_BUNDLE_FILE]: bundle })).toEqual([]);
  });

  it('still fails the build anywhere else: the office page, another JSON file, a compressed copy of the bundle', async () => {
    expect(await leaksIn({ [OFFICE_BUNDLE_FILE]: bundle, 'bao-cao/noi-bo/index.html': `<pre>${armored}</pre>` })).toEqual([
      'bao-cao/noi-bo/index.html admins-age',
    ]);
    // The bundle may hold url_age ciphertext too (issue 13, section 1): only the file and the admins_age finding are pinned.
    for (const file of ['du-lieu/units.json', 'bao-cao/du-lieu.json', `${OFFICE_BUNDLE_FILE}.gz`]) {
      const found = await leaksIn({ [file]: file.endsWith('.gz') ? gzipSync(bundle) : bundle });
      const name = file.endsWith('.gz') ? `${file} (giải nén)` : file;
      expect(found, file).toContain(`${name} admins-age`);
      expect(
        found.every((f) => f.startsWith(`${name} `)),
        file,
      ).toBe(true);
    }
  });

  it('never allows a phone, an email or a hidden group in the bundle, even after many ciphertext lines', async () => {
    const padded = `${JSON.stringify(Array.from({ length: 60 }, () => armored))}`;
    expect(await leaksIn({ [OFFICE_BUNDLE_FILE]: `${padded}{"x":"0905 000 001"}` })).toEqual([`${OFFICE_BUNDLE_FILE} phone`]);
    expect(await leaksIn({ [OFFICE_BUNDLE_FILE]: `${bundle}\nb@example.vn` })).toEqual([`${OFFICE_BUNDLE_FILE} email`]);
    expect(await leaksIn({ [OFFICE_BUNDLE_FILE]: `${bundle}\nhttps://www.facebook.com/groups/100000000000003` })).toEqual([
      `${OFFICE_BUNDLE_FILE} hidden-group`,
    ]);
  });

  it('keeps the rule in incremental scans (unchanged files read again for new values)', async () => {
    const dir = dist({ [OFFICE_BUNDLE_FILE]: bundle, 'a.html': '<p>ok</p>' });
    const clean = await checkBuildOutput(dir, registry);
    // As if the earlier scan knew no ciphertext: the old bundle is read again for it.
    const previous = { ...clean, secrets: clean.secrets.slice(0, 3) };
    await expect(checkBuildOutput(dir, registry, undefined, previous)).resolves.toBeDefined();
    writeFileSync(path.join(dir, 'a.html'), `<pre>${armored}</pre>`);
    const error = await checkBuildOutput(dir, registry, undefined, clean).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeakError);
    expect((error as LeakError).leaks.map((l) => `${l.file} ${l.kind}`)).toContain('a.html admins-age');
  });

  it('keeps the rule on worker threads', async () => {
    const files: Record<string, string> = { [OFFICE_BUNDLE_FILE]: bundle };
    for (let i = 0; i < 8; i++) files[`don-vi/u${i}/index.html`] = '<p>ok</p>';
    files['don-vi/u7/index.html'] = `<pre>${armored}</pre>`;
    const leaks = await scanDistParallel(dist(files), collectSecrets(registry), { armorAllowed: ARMOR_ALLOWED }, 2);
    expect([...new Set(leaks.map((l) => l.file))]).toEqual(['don-vi/u7/index.html']);
  });
});
