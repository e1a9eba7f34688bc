/**
 * The built site, checked file by file: builds the fixture registry ONCE (astro build in
 * a child process, under BASE_PATH=/danh-ba/), then reads dist like a crawler would.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type Tally } from '../../src/lib/report.ts';
import { canonicalize } from '../../src/registry/facebook-url.ts';
import { validateRegistry } from '../../src/registry/load.ts';
import { isHiddenGroup, type Registry } from '../../src/registry/model.ts';
import { BASE_PATH, buildSite, EXTRA_PARENT, FIXTURE_TODAY, fixtureRegistryCopy, siteOutDir, type BuildResult } from './build-site.ts';

const BUILD_TIMEOUT = 240_000;
let registryDir = '';
let outDir = '';
let build: BuildResult;
let registry: Registry;
let files: string[] = [];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}
const read = (rel: string) => readFileSync(path.join(outDir, rel), 'utf8');
const unitPage = (id: string) => `don-vi/${id}/index.html`;

beforeAll(async () => {
  registryDir = fixtureRegistryCopy();
  outDir = siteOutDir('dist-');
  build = await buildSite({ registryDir, outDir });
  const result = validateRegistry(registryDir, { today: FIXTURE_TODAY });
  if (!result.registry) throw new Error('fixture registry did not load');
  registry = result.registry;
  files = build.code === 0 ? walk(outDir) : [];
}, BUILD_TIMEOUT);

afterAll(() => {
  for (const folder of [outDir, `${outDir}.cache`]) rmSync(folder, { recursive: true, force: true });
  rmSync(registryDir, { recursive: true, force: true });
});

describe('the built fixture site', () => {
  it('builds', () => {
    expect(build.code, build.output).toBe(0);
  });

  it('has a page for every unit, dissolved ones too', () => {
    const missing = registry.units.filter((u) => !existsSync(path.join(outDir, unitPage(u.id))));
    expect(missing.map((u) => u.id)).toEqual([]);
    expect(read(unitPage('ldld-dak-to'))).toContain('chấm dứt hoạt động');
    expect(read(unitPage('ldld-dak-to'))).toContain('/danh-ba/don-vi/ldld-ngoc-hoi/');
  });

  it('has every route of the interface', () => {
    for (const route of [
      'index.html',
      'don-vi/index.html',
      'kiem-tra/index.html',
      'bao-cao/index.html',
      'bao-cao/bao-cao.csv',
      'huong-dan/index.html',
      'huong-dan/nhan-biet-gia-mao/index.html',
      'dang-ky/index.html',
      'du-lieu/index.html',
      'du-lieu/units.json',
      'du-lieu/accounts.csv',
      'du-lieu/unit.schema.json',
      'du-lieu/registry.schema.json',
      '404.html',
      'sitemap-index.xml',
      'favicon.svg',
    ]) {
      expect(existsSync(path.join(outDir, route)), route).toBe(true);
    }
  });

  it('publishes the change feed and links it from /du-lieu/ and from every page’s head, unit pages too', () => {
    const feed = read('du-lieu/thay-doi.xml');
    expect(feed).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(feed.match(/<entry>/g)?.length ?? 0).toBeGreaterThan(0);
    const head = `<link rel="alternate" type="application/atom+xml" href="${BASE_PATH}du-lieu/thay-doi.xml"`;
    for (const page of [
      'index.html',
      'du-lieu/index.html',
      unitPage('ldld-dak-to'),
      unitPage(registry.units[registry.units.length - 1]!.id),
    ])
      expect(read(page), page).toContain(head);
    expect(read('du-lieu/index.html')).toContain(`href="${BASE_PATH}du-lieu/thay-doi.xml"`);
  });

  it('writes a poster for every unit still active, linked from its page, and none for a dissolved one', () => {
    const active = registry.units.filter((u) => !(u.dissolved !== undefined && u.dissolved <= FIXTURE_TODAY));
    expect(active.length).toBeLessThan(registry.units.length);
    for (const unit of registry.units) {
      const poster = `don-vi/${unit.id}/ap-phich/index.html`;
      expect(existsSync(path.join(outDir, poster)), poster).toBe(active.includes(unit));
      if (!active.includes(unit)) continue;
      expect(read(unitPage(unit.id))).toContain(`href="${BASE_PATH}don-vi/${unit.id}/ap-phich/"`);
    }
    const poster = read(`don-vi/${active[0]!.id}/ap-phich/index.html`);
    expect(poster).toContain(`<link rel="stylesheet" href="${BASE_PATH}ap-phich.css">`);
    expect(poster).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+" role="img"/);
    expect(poster).not.toContain('<script type="module"');
    expect(existsSync(path.join(outDir, 'ap-phich.css'))).toBe(true);
    // The shared poster page of large registries is built too, and neither is in the sitemap.
    expect(read('ap-phich/index.html')).toContain('<meta name="robots" content="noindex">');
    expect(read('sitemap-0.xml')).not.toContain('/ap-phich/<');
  });

  it('never publishes an admin name, phone or email, nor a hidden group address', () => {
    const secrets = new Set<string>();
    for (const unit of registry.units) {
      for (const account of unit.accounts ?? []) {
        for (const admin of account.admins ?? []) {
          secrets.add(admin.name);
          if (admin.phone) secrets.add(admin.phone);
          if (admin.email) secrets.add(admin.email);
        }
        if (isHiddenGroup(account) && account.url !== undefined) {
          secrets.add(account.url);
          const key = canonicalize(account.url);
          if (key.ok) secrets.add(key.value);
        }
      }
    }
    expect(secrets.size).toBeGreaterThanOrEqual(10);
    const leaks: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${path.relative(outDir, file)}: ${secret}`);
    }
    expect(leaks).toEqual([]);
    // The scan is not vacuous: public addresses are there.
    expect(read(unitPage('cdcs-xa-dak-ha'))).toContain('fixture.public.group.hamon');
    expect(read(unitPage('cdcs-th-dak-ha'))).toContain('nhóm kín');
  });

  it('gives every unit page valid JSON-LD whose sameAs lists public current accounts only', () => {
    for (const unit of registry.units) {
      const html = read(unitPage(unit.id));
      const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
      expect(blocks, unit.id).toHaveLength(1);
      const data = JSON.parse(blocks[0]![1]!) as { '@type': string; name: string; sameAs?: string[] };
      expect(data['@type']).toBe('Organization');
      expect(data.name).toBe(unit.name);
      for (const url of data.sameAs ?? []) expect(url).not.toMatch(/hidden|novisibility|\.cu$|dakto/);
    }
    const formula = read(unitPage('cdcs-cong-thuc'));
    expect(formula).not.toMatch(/<script type="application\/ld\+json">[^<]*<b>/);
    expect(JSON.parse(/"sameAs":(\[[^\]]*\])/.exec(read(unitPage('cdcs-th-dak-ha')))![1]!)).toEqual([
      'https://www.facebook.com/profile.php?id=100000000000201',
    ]);
  });

  it('ships no JavaScript on unit pages', () => {
    for (const unit of registry.units) {
      const scripts = read(unitPage(unit.id)).match(/<script\b[^>]*>/g) ?? [];
      expect(
        scripts.filter((s) => s !== '<script type="application/ld+json">'),
        unit.id,
      ).toEqual([]);
    }
  });

  it('keeps each unit page with its CSS under 20 KB', () => {
    let largest = { id: '', bytes: 0 };
    for (const unit of registry.units) {
      const html = read(unitPage(unit.id));
      const css = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map(
        (m) => statSync(path.join(outDir, m[1]!.slice(BASE_PATH.length))).size,
      );
      const bytes = Buffer.byteLength(html) + css.reduce((a, b) => a + b, 0);
      if (bytes > largest.bytes) largest = { id: unit.id, bytes };
    }
    expect(largest.bytes, largest.id).toBeLessThanOrEqual(20 * 1024);
  });

  it('links a big parent to its paginated listing instead of listing every child', () => {
    const html = read(unitPage(EXTRA_PARENT));
    expect(html).toContain(`/danh-ba/don-vi/nhanh/${EXTRA_PARENT}/`);
    expect(existsSync(path.join(outDir, `don-vi/nhanh/${EXTRA_PARENT}/2/index.html`))).toBe(true);
  });

  it('keeps every internal link under the base path', () => {
    const bad: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.html'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\s(?:href|src|action)="(\/[^"]*)"/g)) {
        if (!m[1]!.startsWith(BASE_PATH)) bad.push(`${path.relative(outDir, file)}: ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('shows the same numbers on /bao-cao/ as buildReport', () => {
    const report = buildReport(registry, FIXTURE_TODAY);
    const html = read('bao-cao/index.html');
    const num = (text: string) => Number(text.replace(/\./g, ''));
    const rowOf = (tally: string): Record<string, number> => {
      const row = new RegExp(`data-tally="${tally}"[^>]*>([\\s\\S]*?)(?:</tr>|</ul>)`).exec(html);
      expect(row, tally).not.toBeNull();
      return Object.fromEntries([...row![1]!.matchAll(/data-k="(\w+)">([\d.]+)</g)].map((m) => [m[1]!, num(m[2]!)]));
    };
    const fields = (t: Tally) => ({
      expected: t.expected,
      complete: t.complete,
      partial: t.partial,
      missing: t.missing,
      late: t.late,
      notConnected: t.notConnected,
      overdue: t.overdue,
    });
    for (const level of report.byLevel) expect(rowOf(`level:${level.id}`), level.id).toEqual(fields(level));
    for (const branch of report.byBranch) expect(rowOf(`branch:${branch.id}`), branch.id).toEqual(fields(branch));
    expect(rowOf('totals')).toEqual({ ...fields(report.totals), dissolved: report.totals.dissolved });
    // The fixture has more lacking units than one page shows: each branch row links to the
    // branch's page, which lists them (next test).
    for (const branch of report.byBranch) expect(html).toContain(`href="${BASE_PATH}bao-cao/khoi/${branch.id}/"`);
    expect(html).toContain('bao-cao/bao-cao.csv');
  });

  it('gives every branch a report page with its numbers and its lacking units', () => {
    const report = buildReport(registry, FIXTURE_TODAY);
    for (const branch of report.byBranch) {
      const html = read(`bao-cao/khoi/${branch.id}/index.html`);
      const row = new RegExp(`data-tally="branch:${branch.id}"[^>]*>([\\s\\S]*?)</tr>`).exec(html);
      expect(row, branch.id).not.toBeNull();
      const values = Object.fromEntries(
        [...row![1]!.matchAll(/data-k="(\w+)">([\d.]+)</g)].map((m) => [m[1]!, Number(m[2]!.replace(/\./g, ''))]),
      );
      expect(values).toEqual({
        expected: branch.expected,
        complete: branch.complete,
        partial: branch.partial,
        missing: branch.missing,
        late: branch.late,
        notConnected: branch.notConnected,
        overdue: branch.overdue,
      });
      // Lacking units in report order, at most 200 on the page; the rest are in the CSV.
      const lacking = report.units
        .filter((x) => x.branch === branch.id && (x.status === 'missing' || x.status === 'partial'))
        .map((u) => u.id);
      const listed = [...html.matchAll(/data-unit="([^"]+)"/g)].map((m) => m[1]);
      expect(listed.length).toBe(Math.min(lacking.length, 200));
      expect(listed).toEqual(lacking.slice(0, listed.length));
      if (lacking.length > listed.length) expect(html).toContain(`${BASE_PATH}bao-cao/bao-cao.csv`);
    }
  });

  it('publishes units.json with public fields and no hidden group address', () => {
    const data = JSON.parse(read('du-lieu/units.json')) as {
      units: Array<{ id: string; accounts: Array<{ role: string; url: string | null; visibility: string | null }> }>;
    };
    expect(data.units).toHaveLength(registry.units.length);
    const groups = data.units.flatMap((u) => u.accounts).filter((a) => a.role === 'group');
    expect(groups.filter((g) => g.visibility === 'hidden').length).toBeGreaterThanOrEqual(2);
    for (const g of groups) if (g.visibility === 'hidden') expect(g.url).toBeNull();
    expect(read('du-lieu/units.json')).not.toMatch(/admins|phone|email|fb_id/);
  });

  it('neutralises spreadsheet formulas in accounts.csv and the report CSV', () => {
    const csv = read('du-lieu/accounts.csv');
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example/"",""Bấm vào đây"")"`);
    expect(csv).toContain("'@Chủ tịch");
    expect(csv).toContain("'-Công đoàn Giáo dục");
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(read('bao-cao/bao-cao.csv')).toContain(`"'=HYPERLINK(`);
  });

  it('emits the JSON Schemas', () => {
    expect(JSON.parse(read('du-lieu/unit.schema.json'))).toHaveProperty('properties.accounts');
    expect(JSON.parse(read('du-lieu/registry.schema.json'))).toHaveProperty('properties.levels');
  });

  it('emits a verification index whose shards match the prefix length of the page', () => {
    const prefixLength = Number(/data-prefix-length="(\d+)"/.exec(read('kiem-tra/index.html'))![1]);
    const shards = readdirSync(path.join(outDir, 'kiem-tra/chi-muc')).filter((f) => f !== 'nhom-an.json');
    // Every prefix, so that an unknown address never fetches a missing file.
    expect(shards.length).toBe(16 ** prefixLength);
    for (const shard of shards) expect(shard).toMatch(new RegExp(`^[0-9a-f]{${prefixLength}}\\.json$`));
  });

  it('publishes how /kiem-tra/ computes the digest of a hidden group: the salt and iterations of the registry, nothing else', () => {
    expect(JSON.parse(read('kiem-tra/chi-muc/nhom-an.json'))).toEqual(registry.settings.privacy.group_digest ?? null);
  });

  it('emits a search index where one query downloads at most 300 KB', () => {
    const dir = path.join(outDir, 'don-vi/chi-muc');
    const manifestBytes = statSync(path.join(dir, 'danh-muc.json')).size;
    const largest = Math.max(
      ...readdirSync(dir)
        .filter((f) => f !== 'danh-muc.json')
        .map((f) => statSync(path.join(dir, f)).size),
    );
    expect(manifestBytes + largest).toBeLessThanOrEqual(300 * 1024);
    const manifest = JSON.parse(read('don-vi/chi-muc/danh-muc.json')) as { n: number; s: Record<string, number> };
    expect(manifest.n).toBe(registry.units.length);
    expect(manifest.s.da).toBeGreaterThan(0);
  });

  it('has canonical URLs and Open Graph tags on the site address', () => {
    const html = read('index.html');
    expect(html).toContain('<link rel="canonical" href="https://danh-ba.example/danh-ba/">');
    expect(html).toContain('<meta property="og:title"');
    expect(html).toContain('<html lang="vi">');
    expect(read('sitemap-index.xml')).toContain('https://danh-ba.example/danh-ba/sitemap-0.xml');
  });

  it('lists every unit page and the main pages in the sitemap, not the 404 page or the shell', () => {
    const locs = [...read('sitemap-0.xml').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    for (const unit of registry.units) expect(locs).toContain(`https://danh-ba.example/danh-ba/don-vi/${unit.id}/`);
    for (const page of ['', 'kiem-tra/', 'bao-cao/', 'huong-dan/nhan-biet-gia-mao/'])
      expect(locs).toContain(`https://danh-ba.example/danh-ba/${page}`);
    expect(locs.filter((l) => /404|khuon-trang|\.json$|\.csv$/.test(l ?? ''))).toEqual([]);
  });
});

describe('unit pages written from the layout shell', () => {
  it(
    'are byte for byte the pages Astro renders itself (UNIT_PAGES=astro)',
    async () => {
      const out = siteOutDir('dist-astro-');
      try {
        const result = await buildSite({ registryDir, outDir: out, env: { UNIT_PAGES: 'astro' } });
        expect(result.code, result.output).toBe(0);
        for (const unit of registry.units) {
          expect(readFileSync(path.join(out, unitPage(unit.id)), 'utf8'), unit.id).toBe(read(unitPage(unit.id)));
          const poster = `don-vi/${unit.id}/ap-phich/index.html`;
          expect(existsSync(path.join(out, poster)), poster).toBe(existsSync(path.join(outDir, poster)));
          if (existsSync(path.join(out, poster))) expect(readFileSync(path.join(out, poster), 'utf8'), poster).toBe(read(poster));
        }
        const shards = readdirSync(path.join(out, 'kiem-tra', 'chi-muc')).sort();
        expect(readdirSync(path.join(outDir, 'kiem-tra', 'chi-muc')).sort()).toEqual(shards);
        for (const shard of shards)
          expect(read(`kiem-tra/chi-muc/${shard}`)).toBe(readFileSync(path.join(out, 'kiem-tra', 'chi-muc', shard), 'utf8'));
        const searchShards = readdirSync(path.join(out, 'don-vi', 'chi-muc')).sort();
        expect(searchShards.length).toBeGreaterThan(1);
        expect(readdirSync(path.join(outDir, 'don-vi', 'chi-muc')).sort()).toEqual(searchShards);
        for (const shard of searchShards)
          expect(read(`don-vi/chi-muc/${shard}`)).toBe(readFileSync(path.join(out, 'don-vi', 'chi-muc', shard), 'utf8'));
        expect(existsSync(path.join(outDir, 'don-vi', 'khuon-trang-don-vi'))).toBe(false);
        expect(read('sitemap-0.xml')).toBe(readFileSync(path.join(out, 'sitemap-0.xml'), 'utf8'));
      } finally {
        for (const folder of [out, `${out}.cache`]) rmSync(folder, { recursive: true, force: true });
      }
    },
    BUILD_TIMEOUT,
  );
});

describe('a rebuild into the kept output folder', () => {
  it(
    'rewrites only what changed and ends with exactly the files of a fresh build',
    async () => {
      const dir = fixtureRegistryCopy();
      const out = siteOutDir('dist-kept-');
      const fresh = siteOutDir('dist-fresh-');
      const OLD = new Date('2020-01-01T00:00:00Z');
      const tree = (root: string) =>
        new Map(walk(root).map((f) => [path.relative(root, f).split(path.sep).join('/'), readFileSync(f, 'utf8')]));
      try {
        const first = await buildSite({ registryDir: dir, outDir: out });
        expect(first.code, first.output).toBe(0);
        const before = new Set(tree(out).keys());
        for (const file of walk(out)) utimesSync(file, OLD, OLD);
        // One unit renamed; 130 units removed, so the branch listing loses its second page.
        const renamed = path.join(dir, 'units', 'sa-thay', 'cdcs-sa-thay-005.yaml');
        writeFileSync(renamed, readFileSync(renamed, 'utf8').replace(/^name: .*$/m, 'name: Công đoàn cơ sở Trường Đổi Tên Sa Thầy'));
        for (let i = 101; i <= 230; i++) rmSync(path.join(dir, 'units', 'sa-thay', `cdcs-sa-thay-${i}.yaml`));
        const second = await buildSite({ registryDir: dir, outDir: out });
        expect(second.code, second.output).toBe(0);
        expect(second.output).toMatch(
          /unit pages \(\d+ rendered\), \d+ lookup shards and \d+ search shards in [\d.]+ s: \d+ written, \d+ unchanged, \d+ old files removed/,
        );
        // Only the pages whose view changed were rendered again: the renamed unit and those that name it.
        const rendered = Number(/unit pages \((\d+) rendered\)/.exec(second.output)![1]);
        expect(rendered).toBeGreaterThan(0);
        expect(rendered).toBeLessThan(10);
        const third = await buildSite({ registryDir: dir, outDir: fresh });
        expect(third.code, third.output).toBe(0);

        const kept = tree(out);
        const expected = tree(fresh);
        expect([...kept.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [file, text] of expected) expect(kept.get(file), file).toBe(text);
        expect(existsSync(path.join(out, 'don-vi', 'cdcs-sa-thay-230'))).toBe(false);
        // Pages Astro itself no longer renders (a listing's last page) are gone too.
        const gone = [...before].filter((file) => !kept.has(file) && !file.startsWith('don-vi/cdcs-sa-thay-'));
        expect(gone.length, gone.join(' ')).toBeGreaterThan(0);
        expect(kept.get('don-vi/cdcs-sa-thay-005/index.html')).toContain('Trường Đổi Tên');
        expect(statSync(path.join(out, unitPage('cdcs-sa-thay-005'))).mtimeMs).not.toBe(OLD.getTime());
        // A unit far from the change: its page was left as it was.
        expect(statSync(path.join(out, unitPage('cdcs-cong-ty-dien'))).mtimeMs).toBe(OLD.getTime());

        // Astro rendering every page itself into the same folder: the same files again.
        const astro = await buildSite({ registryDir: dir, outDir: out, env: { UNIT_PAGES: 'astro' } });
        expect(astro.code, astro.output).toBe(0);
        const again = tree(out);
        expect([...again.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [file, text] of expected) expect(again.get(file), file).toBe(text);
      } finally {
        for (const folder of [dir, out, fresh, `${out}.cache`, `${fresh}.cache`]) rmSync(folder, { recursive: true, force: true });
      }
    },
    4 * BUILD_TIMEOUT,
  );
});

describe('an invalid registry', () => {
  it(
    'fails the build with a non-zero exit and the validator message',
    async () => {
      const dir = fixtureRegistryCopy(0);
      const out = siteOutDir('dist-bad-');
      try {
        const file = path.join(dir, 'units', 'tinh', 'ldld-sa-thay.yaml');
        writeFileSync(file, readFileSync(file, 'utf8').replace('parent: ldld-tinh-mau', 'parent: khong-co-don-vi-nay'));
        const result = await buildSite({ registryDir: dir, outDir: out });
        expect(result.code).not.toBe(0);
        expect(result.output).toContain('parent-missing');
        expect(result.output).toContain('units/tinh/ldld-sa-thay.yaml');
        expect(existsSync(path.join(out, 'index.html'))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        for (const folder of [out, `${out}.cache`]) rmSync(folder, { recursive: true, force: true });
      }
    },
    BUILD_TIMEOUT,
  );
});
