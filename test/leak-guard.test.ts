/**
 * The build's last line of defence (registry-format.md, "Privacy"): no admin phone or
 * email, no hidden group address and no `admins_age` ciphertext in any built file.
 * `scanBytes`/`scanDist` on a small planted dist folder, then the Astro hook itself,
 * called as Astro calls it, with a fake `dir` URL and logger.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AstroIntegrationLogger } from 'astro';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBuildOutput, leakGuard, LeakError, scanDist, scanDistParallel } from '../src/integrations/leak-guard.ts';
import { encryptAdmins } from '../src/lib/contacts.ts';
import {
  collectSecrets,
  leakMessage,
  mayHoldSecret,
  nationalNumber,
  restrictSecrets,
  scanBytes,
  secretIds,
  secretPrefilter,
  type SecretSet,
} from '../src/lib/leak-scan.ts';
import { validateRegistry } from '../src/registry/load.ts';
import type { Registry } from '../src/registry/model.ts';

const BASE = fileURLToPath(new URL('./fixtures/base/', import.meta.url));
const TODAY = '2026-11-26';

let tmp = '';
let registry: Registry;
let secrets: SecretSet;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'leak-guard-'));
  const result = validateRegistry(BASE, { today: TODAY });
  if (!result.registry) throw new Error('base registry did not load');
  registry = result.registry;
  secrets = collectSecrets(registry);
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);
const kinds = (text: string, set: SecretSet = secrets) => scanBytes(bytes(text), set).map((l) => `${l.kind} ${l.source}`);
const PHONE_1 = 'phone units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml';
const PHONE_2 = 'phone units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml';
const EMAIL_1 = 'email units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml';
const GROUP_2 = 'hidden-group units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml';

let dists = 0;
function dist(files: Record<string, string | Uint8Array>): string {
  const dir = path.join(tmp, `dist-${++dists}`);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function logger() {
  const lines: string[] = [];
  const log = {
    info: (m: string) => lines.push(`info ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
    warn: () => {},
    debug: () => {},
    fork: () => log,
    label: 'leak-guard',
    options: {},
  };
  return { log: log as unknown as AstroIntegrationLogger, lines };
}

/** The guard's own digest (src/integrations/leak-guard.ts), written out to pin its format. */
const digestForTest = (id: string) => createHash('sha256').update(id).digest('base64').slice(0, 22);

describe('collectSecrets', () => {
  it('collects phones (as national numbers), emails and hidden groups, but not public groups or names', () => {
    expect([...secrets.phones.keys()].sort()).toEqual(['905000001', '905000002']);
    expect([...(secrets.emails.get('example.vn')?.keys() ?? [])].sort()).toEqual(['a', 'b']);
    expect([...secrets.groups.keys()]).toEqual(['100000000000003']);
    expect(secrets.armor.size).toBe(0);
  });

  it('reads every written form of a Vietnamese phone as the same national number', () => {
    for (const phone of ['0905123456', '+84905123456', '+84 905 123 456', '84905123456', '0905.123.456', '0084 905 123 456']) {
      expect(nationalNumber(phone), phone).toBe('905123456');
    }
  });
});

describe('scanBytes', () => {
  it.each([
    ['plain', '<p>Gọi 0905000001</p>', PHONE_1],
    ['spaced', '<p>Gọi 0905 000 001 nhé</p>', PHONE_1],
    ['dotted', 'ĐT: 0905.000.001.', PHONE_1],
    ['grouped otherwise', '(090) 500-0001', PHONE_1],
    ['+84 in a tel: link', '<a href="tel:+84905000001">gọi</a>', PHONE_1],
    ['84 without +', 'so 84 905 000 002', PHONE_2],
    ['non-breaking spaces (entity and UTF-8)', '0905&nbsp;000&nbsp;001 / 0905\u00a0000\u00a0002', `${PHONE_1}|${PHONE_2}`],
    ['in JSON', '{"phone":"+84 905 000 002"}', PHONE_2],
    ['followed by other numbers', '0905 000 001 2019', PHONE_1],
    ['after a Vietnamese letter', 'SĐ0905000001', PHONE_1],
  ])('finds a phone written %s', (_name, text, expected) => {
    expect(kinds(text)).toEqual(expected.split('|'));
  });

  it.each([
    ['as written', 'a@example.vn', EMAIL_1],
    ['in another case, in mailto:', '<a href="mailto:A@Example.VN">', EMAIL_1],
    ['after an attribute sign', 'data-x=a@example.vn', EMAIL_1],
    ['percent-encoded', 'mailto:a%40example.vn', EMAIL_1],
    ['as an HTML entity', 'a&#64;example.vn and a&#x40;example.vn', `${EMAIL_1}|${EMAIL_1}`],
    ['at the end of a sentence', 'Liên hệ a@example.vn.', EMAIL_1],
  ])('finds an email written %s', (_name, text, expected) => {
    expect(kinds(text)).toEqual(expected.split('|'));
  });

  it.each([
    ['as a URL', 'https://www.facebook.com/groups/100000000000003/'],
    ['with an escaped slash (JSON)', '"https:\\/\\/www.facebook.com\\/groups\\/100000000000003"'],
    ['percent-encoded', 'u=https%3A%2F%2Fwww.facebook.com%2Fgroups%2F100000000000003'],
    ['as its canonical key', '{"key":"group:100000000000003"}'],
  ])('finds a hidden group %s', (_name, text) => {
    expect(kinds(text)).toEqual([GROUP_2]);
  });

  it('finds nothing in ordinary site content', () => {
    const page = [
      '<a href="https://www.facebook.com/groups/cdcs.vidu.mot/">nhóm công khai</a>',
      'https://www.facebook.com/profile.php?id=100000000000002',
      'https://www.facebook.com/groups/1000000000000031 (another group)',
      '100000000905000001 (a longer number that contains a phone)',
      '{"8271d48e565ede905000001a":[],"905000002f3c":[]} (hex keys of the verification index)',
      '<time datetime="2018-10-02">02/10/2018</time> 1200 đoàn viên, 45 đoàn viên',
      'xa@example.vn lienhe@congdoan.example.vn',
      '-----BEGIN AGE ENCRYPTED FILE----- (how-to text)',
      'Quản Trị Viên Một',
    ].join('\n');
    expect(kinds(page)).toEqual([]);
  });

  it('finds secrets in binary data, and gives the line of each', () => {
    const png = new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      0x00,
      0xff,
      ...bytes('tEXt\ncomment 0905000001'),
      0x00,
      0xfe,
    ]);
    // The PNG signature holds two line feeds, then "tEXt\n": the phone is on line 4.
    expect(scanBytes(png, secrets).map((l) => [l.kind, l.line])).toEqual([['phone', 4]]);
  });

  it('masks every secret in its message', () => {
    const [leak] = scanBytes(bytes('\n\n0905000001 a@example.vn groups/100000000000003'), secrets, 1);
    const message = leakMessage('don-vi/x/index.html', leak!);
    expect(message).toBe(
      'don-vi/x/index.html:3: lộ số điện thoại của người quản trị (090•••01), lấy từ units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml (accounts.0.admins.0.phone).',
    );
    for (const l of scanBytes(bytes('a@example.vn b@example.vn groups/100000000000003'), secrets)) {
      expect(leakMessage('f', l)).not.toMatch(/[ab]@example\.vn|100000000000003/);
    }
  });

  it('finds admins_age ciphertext by any of its lines, but not another age file', async () => {
    const recipient = await identityToRecipient(await generateX25519Identity());
    const armored = await encryptAdmins([{ name: 'Nguyễn Văn A', phone: '0905123456' }], recipient);
    const other = await encryptAdmins([{ name: 'Nguyễn Văn A', phone: '0905123456' }], recipient);
    const encrypted = structuredClone(registry);
    const account = encrypted.units.find((u) => u.id === 'cdcs-vi-du-mot')!.accounts![0]!;
    delete account.admins;
    account.admins_age = armored;
    const set = collectSecrets(encrypted);
    expect(set.armor.size).toBeGreaterThanOrEqual(3);
    const lines = armored.trim().split('\n');
    expect(kinds(`<pre>${lines[2]}</pre>`, set)).toEqual(['admins-age units/ldld-vi-du-mot/cdcs-vi-du-mot.yaml']);
    expect(kinds(JSON.stringify({ admins_age: armored }), set).length).toBeGreaterThanOrEqual(3);
    expect(kinds(other, set)).toEqual([]);
  });

  it('in an encrypted registry knows a hidden group by its url_age only: its ciphertext fails the build, its digest does not', async () => {
    // The build has no key, so the clear address cannot be searched; nothing derived from url_age but the digest may be published.
    const encrypted = validateRegistry(fileURLToPath(new URL('./fixtures/valid/encrypted/', import.meta.url)), {
      today: '2026-11-26',
    }).registry!;
    const group = encrypted.byId.get('cdcs-vi-du-hai')!.accounts![1]!;
    const set = collectSecrets(encrypted);
    expect(set.groups.size).toBe(0);
    const lines = group.url_age!.trim().split('\n');
    expect(kinds(`<pre>${lines[3]}</pre>`, set)).toEqual(['url-age units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml']);
    expect(kinds(`{"d":"${group.url_digest!}"}`, set)).toEqual([]);
  });

  it('in a plaintext registry still finds a hidden group address in any form', () => {
    expect(kinds('<a href="https://www.facebook.com/groups/100000000000003/">', secrets)).toEqual([
      'hidden-group units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml',
    ]);
  });
});

describe('scanDist', () => {
  it('reports the planted file, and only it, naming the file and line', () => {
    const dir = dist({
      'index.html': '<!doctype html><title>Danh bạ</title><p>Xin chào</p>',
      'don-vi/cdcs-vi-du-mot/index.html': '<!doctype html>\n<ul>\n<li>Quản trị: 0905 000 001</li>\n</ul>',
      '_astro/app.js': 'const a="https://www.facebook.com/groups/cdcs.vidu.mot/";',
      'favicon.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]),
    });
    const leaks = scanDist(dir, secrets);
    expect(leaks.map((l) => `${l.file}:${l.line} ${l.kind}`)).toEqual(['don-vi/cdcs-vi-du-mot/index.html:3 phone']);
  });

  it('scans JSON, CSV, binary and gzip-compressed files, without following links', () => {
    const outside = path.join(tmp, 'outside.html');
    writeFileSync(outside, '0905000001');
    const dir = dist({
      'du-lieu/units.json': '{"units":[{"email":"b@example.vn"}]}',
      'du-lieu/accounts.csv': '\uFEFFma,url\r\nx,https://www.facebook.com/groups/100000000000003\r\n',
      'fonts/x.woff2': new Uint8Array([0x77, 0x4f, 0x46, 0x32, 0, ...bytes('+84905000002'), 0]),
      'sitemap.xml.gz': gzipSync(bytes('<loc>https://x/?g=groups/100000000000003</loc>')),
    });
    symlinkSync(outside, path.join(dir, 'linked.html'));
    const leaks = scanDist(dir, secrets).map((l) => `${l.file} ${l.kind}`);
    expect(leaks).toEqual([
      'du-lieu/accounts.csv hidden-group',
      'du-lieu/units.json email',
      'fonts/x.woff2 phone',
      'sitemap.xml.gz (giải nén) hidden-group',
    ]);
  });
});

describe('scanDistParallel', () => {
  it('finds what scanDist finds, in the same order, with the same digests and counts, on worker threads', async () => {
    const files: Record<string, string | Uint8Array> = {
      'index.html': '<p>ok</p>',
      'sitemap.xml.gz': gzipSync(bytes('<p>0905 000 001</p>')),
    };
    for (let i = 0; i < 40; i++)
      files[`don-vi/u${String(i).padStart(2, '0')}/index.html`] =
        i % 7 === 3 ? `<p>ok</p>\n<p>a@example.vn, 0905.000.001</p>` : `<p>Đơn vị ${i}</p>`;
    const dir = dist(files);
    const run = async (parallel: boolean) => {
      const digests: Record<string, string> = {};
      const stats = { scanned: 0, skipped: 0 };
      const loneOut: string[] = [];
      const leaks = parallel
        ? await scanDistParallel(dir, secrets, { digests, stats, loneOut }, 5)
        : scanDist(dir, secrets, { digests, stats, loneOut });
      return { leaks, digests, stats, loneOut };
    };
    const one = await run(false);
    const two = await run(true);
    expect(one.leaks.map((l) => `${l.file}:${l.line} ${l.kind}`)).toEqual([
      'don-vi/u03/index.html:2 email',
      'don-vi/u03/index.html:2 phone',
      'don-vi/u10/index.html:2 email',
      'don-vi/u10/index.html:2 phone',
      'don-vi/u17/index.html:2 email',
      'don-vi/u17/index.html:2 phone',
      'don-vi/u24/index.html:2 email',
      'don-vi/u24/index.html:2 phone',
      'don-vi/u31/index.html:2 email',
      'don-vi/u31/index.html:2 phone',
      'don-vi/u38/index.html:2 email',
      'don-vi/u38/index.html:2 phone',
      'sitemap.xml.gz (giải nén):1 phone',
    ]);
    expect(two).toEqual(one);
    expect(Object.keys(two.digests)).toHaveLength(42);
    // Incremental: old files only for values the earlier scan did not know (the phones).
    expect(one.loneOut).toHaveLength(40);
    for (const rel of [...Object.keys(files), ...one.loneOut])
      utimesSync(path.join(dir, rel), new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
    writeFileSync(path.join(dir, 'don-vi', 'u05', 'index.html'), '<p>b@example.vn</p>');
    const kept = restrictSecrets(secrets, (id) => id.startsWith('phone:'));
    const again = async (parallel: boolean) => {
      const digests: Record<string, string> = {};
      const stats = { scanned: 0, skipped: 0 };
      const options = {
        since: Date.now() - 1000,
        files: one.digests,
        kept,
        digests,
        stats,
        lone: new Set(one.loneOut),
        loneOut: [] as string[],
      };
      const leaks = parallel ? await scanDistParallel(dir, secrets, options, 5) : scanDist(dir, secrets, options);
      return { leaks: leaks.map((l) => `${l.file} ${l.kind}`), digests, stats, loneOut: options.loneOut };
    };
    const incremental = await again(false);
    expect(incremental.leaks).toEqual([
      'don-vi/u03/index.html phone',
      'don-vi/u05/index.html email',
      'don-vi/u10/index.html phone',
      'don-vi/u17/index.html phone',
      'don-vi/u24/index.html phone',
      'don-vi/u31/index.html phone',
      'don-vi/u38/index.html phone',
      'sitemap.xml.gz (giải nén) phone',
    ]);
    expect(await again(true)).toEqual(incremental);
  });
});

describe('the leak-guard integration', () => {
  function hook() {
    const integration = leakGuard({ registry: () => registry });
    const done = integration.hooks['astro:build:done'];
    if (!done) throw new Error('no astro:build:done hook');
    return (dir: string, log: AstroIntegrationLogger) =>
      done({ dir: pathToFileURL(`${dir}/`), logger: log, pages: [], assets: new Map() } as Parameters<typeof done>[0]);
  }

  it('fails the build on a planted contact, with a Vietnamese message that names the file and masks the value', async () => {
    const dir = dist({ 'index.html': '<p>ok</p>', 'don-vi/x/index.html': '<p>Email: a@example.vn</p>' });
    const { log, lines } = logger();
    let error: unknown;
    try {
      await hook()(dir, log);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LeakError);
    const message = (error as LeakError).message;
    expect(message).toContain('Trang web vừa xây dựng chứa dữ liệu không được công bố (1 chỗ)');
    expect(message).toContain('don-vi/x/index.html:1: lộ email của người quản trị (a•••@e•••.vn)');
    expect(message).not.toContain('a@example.vn');
    expect(lines).toEqual([`error ${message}`]);
  });

  it('lets a clean build through and says what it checked', async () => {
    const dir = dist({ 'index.html': '<p>Danh bạ: https://www.facebook.com/congdoankontum</p>' });
    const { log, lines } = logger();
    await hook()(dir, log);
    expect(lines).toEqual([
      expect.stringMatching(/^info no contact data, hidden group or ciphertext in the output \(5 values checked, \d+ ms\)$/),
    ]);
  });
});

describe('incremental scans (the output folder kept between builds)', () => {
  const OLD = new Date('2020-01-01T00:00:00Z');
  const leakyPage = '<p>Quản trị: 0905 000 001</p>';

  it('reads every file written since the last clean scan, and skips older ones', async () => {
    const dir = dist({ 'index.html': '<p>ok</p>', 'don-vi/a/index.html': leakyPage });
    utimesSync(path.join(dir, 'don-vi', 'a', 'index.html'), OLD, OLD);
    const clean = await checkBuildOutput(dir, registry, undefined, {
      since: Date.now() - 60_000,
      secrets: secretIds(secrets).map(digestForTest),
      files: {},
      lone: [],
    });
    expect(clean.secrets).toHaveLength(secrets.size);
    writeFileSync(path.join(dir, 'don-vi', 'b.html'), leakyPage);
    await expect(checkBuildOutput(dir, registry, undefined, clean)).rejects.toThrow(/don-vi\/b\.html:1: lộ số điện thoại/);
  });

  it('reads older files again, for the new values only, when the registry has values the last scan did not know', async () => {
    const dir = dist({ 'don-vi/a/index.html': leakyPage, 'don-vi/c/index.html': '<p>a@example.vn</p>' });
    for (const page of ['a', 'c']) utimesSync(path.join(dir, 'don-vi', page, 'index.html'), OLD, OLD);
    const known = secretIds(secrets)
      .filter((id) => !id.startsWith('phone:'))
      .map(digestForTest);
    let error: unknown;
    try {
      await checkBuildOutput(dir, registry, undefined, { since: Date.now(), secrets: known, files: {}, lone: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LeakError);
    // The phones are new: found in the old file. The email was known: the old file is not read for it.
    expect((error as LeakError).leaks.map((l) => `${l.file} ${l.kind}`)).toEqual(['don-vi/a/index.html phone']);
  });

  it('looks for new values inside old compressed files too', async () => {
    const dir = dist({ 'index.html': '<p>ok</p>', 'sitemap.xml.gz': gzipSync(bytes(leakyPage)) });
    utimesSync(path.join(dir, 'sitemap.xml.gz'), OLD, OLD);
    const known = secretIds(secrets)
      .filter((id) => !id.startsWith('phone:'))
      .map(digestForTest);
    await expect(checkBuildOutput(dir, registry, undefined, { since: Date.now(), secrets: known, files: {}, lone: [] })).rejects.toThrow(
      /sitemap\.xml\.gz \(giải nén\):1: lộ số điện thoại/,
    );
  });

  it('does not list a unit folder that held only its index.html and has not changed, but still sees what is added', async () => {
    const dir = dist({ 'index.html': '<p>ok</p>', 'don-vi/a/index.html': '<p>a</p>', 'don-vi/b/index.html': '<p>b</p>' });
    const clean = await checkBuildOutput(dir, registry);
    expect(clean.lone.sort()).toEqual(['don-vi/a', 'don-vi/b']);
    for (const rel of ['don-vi/a/index.html', 'don-vi/b/index.html', 'don-vi/a', 'don-vi/b']) utimesSync(path.join(dir, rel), OLD, OLD);
    const stats = { scanned: 0, skipped: 0, listed: 0 };
    const known = new Set(clean.secrets);
    const options = {
      since: clean.since,
      files: clean.files,
      lone: new Set(clean.lone),
      kept: restrictSecrets(secrets, (id) => !known.has(digestForTest(id))),
      stats,
    };
    expect(scanDist(dir, secrets, options)).toEqual([]);
    expect(stats.listed).toBe(2); // the root and don-vi: not a/ nor b/
    // A page rewritten in place with a leak: read through the shortcut.
    writeFileSync(path.join(dir, 'don-vi', 'a', 'index.html'), leakyPage);
    // A file added next to an index.html: the folder changed, so it is listed again.
    writeFileSync(path.join(dir, 'don-vi', 'b', 'lien-he.html'), '<p>b@example.vn</p>');
    expect(scanDist(dir, secrets, options).map((l) => `${l.file} ${l.kind}`)).toEqual([
      'don-vi/a/index.html phone',
      'don-vi/b/lien-he.html email',
    ]);
  });

  it('remembers a clean scan in the cache folder, forgets it when a build starts, and never after a leak', async () => {
    const cacheDir = path.join(tmp, `cache-${++dists}`);
    const out = dist({ 'index.html': '<p>ok</p>' });
    const integration = leakGuard({ registry: () => registry });
    const hooks = integration.hooks as Record<string, (options: unknown) => unknown>;
    const { log, lines } = logger();
    const config = { cacheDir: pathToFileURL(`${cacheDir}/`), outDir: pathToFileURL(`${out}/`) };
    const build = async () => {
      hooks['astro:config:done']!({ config, logger: log });
      hooks['astro:build:start']!({ logger: log });
      await hooks['astro:build:done']!({ dir: pathToFileURL(`${out}/`), logger: log, pages: [], assets: new Map() });
    };
    await build();
    expect(readdirSync(path.join(cacheDir, 'danh-ba'))).toHaveLength(1);
    utimesSync(path.join(out, 'index.html'), OLD, OLD);
    await build();
    expect(lines.at(-1)).toMatch(/0 files scanned, 1 unchanged since the last clean scan/);
    // Written again with the same content (Astro rewrites its pages on every build): not scanned again.
    writeFileSync(path.join(out, 'index.html'), '<p>ok</p>');
    await build();
    expect(lines.at(-1)).toMatch(/0 files scanned, 1 unchanged since the last clean scan/);
    writeFileSync(path.join(out, 'index.html'), '<p>đổi</p>');
    await build();
    expect(lines.at(-1)).toMatch(/1 files scanned, 0 unchanged since the last clean scan/);

    writeFileSync(path.join(out, 'moi.html'), leakyPage);
    await expect(build()).rejects.toBeInstanceOf(LeakError);
    expect(readdirSync(path.join(cacheDir, 'danh-ba'))).toHaveLength(0);
    // The leaky file is old by the next build, but with no clean scan on record it is read again.
    utimesSync(path.join(out, 'moi.html'), OLD, OLD);
    await expect(build()).rejects.toBeInstanceOf(LeakError);
  });
});

describe('secretPrefilter', () => {
  const filter = () => {
    const f = secretPrefilter(secrets);
    if (!f) throw new Error('no prefilter for the base registry');
    return f;
  };
  const texts = [
    '<p>Gọi 0905000001</p>',
    '<p>Gọi 0905 000 001 nhé</p>',
    'ĐT: 0905.000.001.',
    '(090) 500-0001',
    '<a href="tel:+84905000001">gọi</a>',
    'so 84 905 000 002',
    '0905&nbsp;000&nbsp;001 / 0905\u00a0000\u00a0002',
    '{"phone":"+84 905 000 002"}',
    '0905 000 001 2019',
    'a@example.vn',
    '<a href="mailto:A@Example.VN">',
    'data-x=a@example.vn',
    'mailto:a%40example.vn',
    'a&#64;example.vn',
    'Liên hệ a@example.vn.',
    'https://www.facebook.com/groups/100000000000003/',
    '"https:\\/\\/www.facebook.com\\/groups\\/100000000000003"',
    'u=https%3A%2F%2Fwww.facebook.com%2Fgroups%2F100000000000003',
    '{"key":"group:100000000000003"}',
  ];

  it('lets through every text in which scanBytes finds a secret', () => {
    for (const text of texts) {
      expect(kinds(text).length, text).toBeGreaterThan(0);
      expect(mayHoldSecret(Buffer.from(text).toString('latin1'), filter()), text).toBe(true);
    }
  });

  it('lets through phones however they are spaced (random forms)', () => {
    const seps = [' ', '.', '-', '(', ')', '/', '\t', '\u00a0', '&nbsp;', '&#160;'];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 500; i++) {
      const digits = ['0905000001', '+84905000002', '84905000001', '0084905000002'][random(4)]!;
      let text = 'x ';
      for (const d of digits)
        text += d + (random(3) === 0 ? Array.from({ length: 1 + random(3) }, () => seps[random(seps.length)]).join('') : '');
      if (kinds(text).length > 0) expect(mayHoldSecret(Buffer.from(text).toString('latin1'), filter()), text).toBe(true);
    }
  });

  it('rejects ordinary pages, so old files are not scanned again', () => {
    const page =
      '<a href="https://www.facebook.com/groups/cdcs.vidu.mot/">nhóm</a> 100000000905000 2018-10-02 xa@example.org {"@context":"https://schema.org"}';
    expect(kinds(page)).toEqual([]);
    expect(mayHoldSecret(Buffer.from(page).toString('latin1'), filter())).toBe(false);
  });

  it('agrees on latin1 and windows-1252 text, including bytes 0x80-0x9F', () => {
    const all = new Uint8Array(256 * 3);
    for (let i = 0; i < all.length; i++) all[i] = i % 256;
    for (const text of [...texts, 'x']) {
      const mixed = Buffer.concat([Buffer.from(all), Buffer.from(text), Buffer.from(all)]);
      expect(mayHoldSecret(mixed.toString('latin1'), filter())).toBe(
        mayHoldSecret(new TextDecoder('windows-1252').decode(mixed), filter()),
      );
    }
  });

  it('is not made for many secrets or non-ASCII emails', () => {
    const many = structuredClone(registry);
    const unit = many.units.find((u) => u.accounts?.[0]?.admins?.length)!;
    unit.accounts![0]!.admins = Array.from({ length: 70 }, (_, i) => ({
      name: 'A',
      position: 'B',
      phone: `0912${String(i).padStart(6, '0')}`,
    }));
    expect(secretPrefilter(collectSecrets(many))).toBeUndefined();
    const idn = structuredClone(registry);
    idn.units.find((u) => u.accounts?.[0]?.admins?.length)!.accounts![0]!.admins![0]!.email = 'a@congđoàn.vn';
    expect(secretPrefilter(collectSecrets(idn))).toBeUndefined();
  });
});
