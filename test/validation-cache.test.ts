import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { generateRegistry } from '../src/cli/gen.ts';
import { cacheHead, readValidationCache, settingsDigest, validationCacheFile } from '../src/registry/cache.ts';
import { validateRegistry } from '../src/registry/load.ts';
import { validateRegistryParallel } from '../src/registry/parallel.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'validation-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TODAY = '2026-11-26';
const dir = path.join(tmp, 'registry');
const cacheFile = validationCacheFile(path.join(tmp, 'cache'), dir);
const cached = (today = TODAY) => validateRegistryParallel(dir, { today, minFilesPerThread: 50, cacheFile });

const unitFiles = () =>
  readdirSync(path.join(dir, 'units'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, 'units', f));
const nameOf = (file: string) => /^name: (.*)$/m.exec(readFileSync(file, 'utf8'))![1]!;
const unitNamed = (result: Awaited<ReturnType<typeof cached>>, file: string) =>
  result.registry!.units.find((u) => u.id === path.basename(file, '.yaml'))!.name;

/** Rewrites the name the cache holds for a file's content: only a cache hit can show it. */
function poison(file: string, name: string) {
  const text = readFileSync(cacheFile, 'utf8');
  const original = nameOf(file);
  expect(text).toContain(JSON.stringify(original));
  writeFileSync(cacheFile, text.replace(JSON.stringify(original), JSON.stringify(name)));
}

beforeEach(() => {
  generateRegistry({ units: 300, out: dir });
  rmSync(path.join(tmp, 'cache'), { recursive: true, force: true });
});

describe('the validation cache', () => {
  it('gives what a validation without it gives, cold and warm', async () => {
    const plain = validateRegistry(dir, { today: TODAY });
    const cold = await cached();
    const warm = await cached();
    for (const result of [cold, warm]) {
      expect(result.problems).toEqual(plain.problems);
      expect(result.registry!.units).toEqual(plain.registry!.units);
    }
    expect(readValidationCache(cacheFile, cacheHead(dir, settingsDigest(dir), TODAY))?.size).toBe(300);
  }, 60_000);

  it('uses what it knows for unchanged files and parses a changed file again', async () => {
    await cached();
    const [a, b] = unitFiles() as [string, string];
    poison(a, 'Tên lấy từ bộ nhớ đệm');
    writeFileSync(b, readFileSync(b, 'utf8').replace(/^name: .*$/m, 'name: Tên mới của đơn vị'));
    const warm = await cached();
    expect(unitNamed(warm, a)).toBe('Tên lấy từ bộ nhớ đệm');
    expect(unitNamed(warm, b)).toBe('Tên mới của đơn vị');
  }, 60_000);

  it('reports a problem in a changed file, with its position, and forgets it once fixed', async () => {
    await cached();
    const [a] = unitFiles() as [string];
    const good = readFileSync(a, 'utf8');
    writeFileSync(a, good.replace(/^level: .*$/m, 'level: khong-co'));
    const broken = await cached();
    const plain = validateRegistry(dir, { today: TODAY });
    expect(broken.ok).toBe(false);
    expect(broken.problems).toEqual(plain.problems);
    const levelLine = good.split('\n').findIndex((line) => line.startsWith('level:')) + 1;
    expect(levelLine).toBeGreaterThan(0);
    expect(broken.problems.map((p) => [p.rule, p.line])).toContainEqual(['level-unknown', levelLine]);
    writeFileSync(a, good);
    expect((await cached()).problems).toEqual([]);
  }, 60_000);

  it('never keeps a file with a warning: the warning comes back on every run', async () => {
    const [a] = unitFiles() as [string];
    writeFileSync(a, readFileSync(a, 'utf8').normalize('NFD'));
    for (let run = 0; run < 2; run++) {
      const result = await cached();
      expect(result.problems.map((p) => p.rule)).toEqual(['text-normalized']);
    }
    expect(readValidationCache(cacheFile, cacheHead(dir, settingsDigest(dir), TODAY))?.size).toBe(299);
  }, 60_000);

  it('is not trusted after registry.yaml changes or when today goes back, and holds when today moves on', async () => {
    await cached();
    const [a] = unitFiles() as [string];
    poison(a, 'Tên lấy từ bộ nhớ đệm');
    expect(unitNamed(await cached('2026-11-25'), a)).toBe(nameOf(a));
    // That run rewrote the cache for 2026-11-25; a later day may use it.
    poison(a, 'Tên lấy từ bộ nhớ đệm');
    expect(unitNamed(await cached('2026-12-01'), a)).toBe('Tên lấy từ bộ nhớ đệm');
    writeFileSync(path.join(dir, 'registry.yaml'), `${readFileSync(path.join(dir, 'registry.yaml'), 'utf8')}# đổi cài đặt\n`);
    expect(unitNamed(await cached(), a)).toBe(nameOf(a));
  }, 60_000);

  it('ignores a cache written by other code or for another folder', async () => {
    await cached();
    const head = cacheHead(dir, settingsDigest(dir), TODAY);
    expect(readValidationCache(cacheFile, head)).toBeDefined();
    expect(readValidationCache(cacheFile, { ...head, code: 'other' })).toBeUndefined();
    expect(readValidationCache(cacheFile, { ...head, dir: path.join(tmp, 'other') })).toBeUndefined();
  }, 60_000);

  it('survives a damaged cache file and writes a good one', async () => {
    await cached();
    writeFileSync(cacheFile, readFileSync(cacheFile, 'utf8').slice(0, 5000));
    const plain = validateRegistry(dir, { today: TODAY });
    expect((await cached()).registry!.units).toEqual(plain.registry!.units);
    expect(readValidationCache(cacheFile, cacheHead(dir, settingsDigest(dir), TODAY))?.size).toBe(300);
  }, 60_000);

  it('is rewritten only when more than 1 % of the files are new to it', async () => {
    await cached();
    const before = readFileSync(cacheFile, 'utf8');
    const rename = (file: string) =>
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^name: .*$/m, `name: Đổi tên ${path.basename(file)}`));
    const [a, ...rest] = unitFiles() as [string, ...string[]];
    rename(a);
    expect(unitNamed(await cached(), a)).toBe(`Đổi tên ${path.basename(a)}`);
    expect(readFileSync(cacheFile, 'utf8')).toBe(before);
    for (const file of rest.slice(0, 3)) rename(file);
    const result = await cached();
    for (const file of [a, ...rest.slice(0, 3)]) expect(unitNamed(result, file)).toBe(`Đổi tên ${path.basename(file)}`);
    expect(readFileSync(cacheFile, 'utf8')).not.toBe(before);
    expect(readValidationCache(cacheFile, cacheHead(dir, settingsDigest(dir), TODAY))?.size).toBe(300);
  }, 60_000);

  it('drops files that were removed', async () => {
    await cached();
    for (const file of unitFiles()
      .filter((f) => f.includes(`${path.sep}cdcs-`))
      .slice(0, 10))
      rmSync(file);
    const result = await cached();
    expect(result.units).toBe(290);
    expect(readValidationCache(cacheFile, cacheHead(dir, settingsDigest(dir), TODAY))?.size).toBe(290);
  }, 60_000);

  it('finds a hidden group registered twice by digest when one of the two files comes from the cache', async () => {
    // An encrypted hidden group as test/fixtures/valid/encrypted writes it, with that registry's digest settings.
    const fixture = readFileSync(
      path.join(import.meta.dirname, 'fixtures/valid/encrypted/units/ldld-vi-du-hai/cdcs-vi-du-hai.yaml'),
      'utf8',
    );
    const group = fixture.slice(fixture.indexOf('  - role: group'), fixture.indexOf('    admins_age:', fixture.indexOf('  - role: group')));
    const settings = readFileSync(path.join(import.meta.dirname, 'fixtures/valid/encrypted/registry.yaml'), 'utf8');
    writeFileSync(
      path.join(dir, 'registry.yaml'),
      `${readFileSync(path.join(dir, 'registry.yaml'), 'utf8').trimEnd()}\n${settings.slice(settings.indexOf('  group_digest:'))}`,
    );
    const withGroup = (file: string) => {
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, `${text.includes('accounts:') ? text.trimEnd() : `${text.trimEnd()}\naccounts:`}\n${group}`);
    };
    const [a, b] = unitFiles().filter((f) => f.includes(`${path.sep}cdcs-`)) as [string, string];
    withGroup(a);
    expect((await cached()).problems).toEqual([]);
    withGroup(b);
    const warm = await cached();
    const plain = validateRegistry(dir, { today: TODAY });
    expect(warm.problems).toEqual(plain.problems);
    expect(warm.problems.map((p) => [p.rule, p.path.endsWith('url_digest')])).toEqual([['duplicate-account', true]]);
  }, 60_000);
});
