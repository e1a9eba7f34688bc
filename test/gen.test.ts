import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../src/cli/gen.ts';
import { validateRegistry } from '../src/registry/load.ts';
import { validateRegistryParallel, validateRegistryProblems } from '../src/registry/parallel.ts';
import { buildReport } from '../src/lib/report.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gen-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run gen', () => {
  it('writes a valid registry with a realistic mix of complete, partial, missing, late and former', () => {
    const dir = path.join(tmp, 'a');
    const made = generateRegistry({ units: 600, out: dir });
    const result = validateRegistry(dir, { today: '2026-11-26' });
    expect(result.problems).toEqual([]);
    expect(result.units).toBe(600);
    expect(result.accounts).toBe(made.accounts);
    const report = buildReport(result.registry!, '2026-11-26');
    expect(report.totals.complete).toBeGreaterThan(300);
    expect(report.totals.partial).toBeGreaterThan(10);
    expect(report.totals.missing).toBeGreaterThan(10);
    expect(report.totals.late).toBeGreaterThan(10);
    const hidden = result.registry!.units.flatMap((u) => u.accounts ?? []).filter((a) => a.visibility === 'hidden');
    expect(hidden.length).toBeGreaterThan(50);
  });

  it('is deterministic for a given size and seed', () => {
    generateRegistry({ units: 50, out: path.join(tmp, 'b'), seed: 7 });
    generateRegistry({ units: 50, out: path.join(tmp, 'c'), seed: 7 });
    const a = validateRegistry(path.join(tmp, 'b'), { today: '2026-11-26' }).registry!;
    const b = validateRegistry(path.join(tmp, 'c'), { today: '2026-11-26' }).registry!;
    expect(a.units.map(({ file: _f, ...u }) => u)).toEqual(b.units.map(({ file: _f, ...u }) => u));
  });
});

describe('parallel validation', () => {
  it('finds exactly what the single-threaded validation finds', async () => {
    const dir = path.join(tmp, 'p');
    generateRegistry({ units: 400, out: dir });
    const sync = validateRegistry(dir, { today: '2026-11-26' });
    const parallel = await validateRegistryParallel(dir, { today: '2026-11-26', minFilesPerThread: 100 });
    expect(parallel.problems).toEqual(sync.problems);
    expect(parallel.units).toBe(400);
    expect(parallel.registry!.units).toEqual(sync.registry!.units);
    // Results crossing threads in many small batches: the same registry.
    const batched = await validateRegistryParallel(dir, { today: '2026-11-26', minFilesPerThread: 100, batch: 7 });
    expect(batched.problems).toEqual(sync.problems);
    expect(batched.registry!.units).toEqual(sync.registry!.units);
    // Problems only, from the rules' view of the units: the same problems.
    const problemsOnly = await validateRegistryProblems(dir, { today: '2026-11-26', minFilesPerThread: 100 });
    expect(problemsOnly.problems).toEqual(sync.problems);
    expect(problemsOnly.registry).toBeUndefined();
  }, 60_000);

  it('finds the same problems with problems only on a registry with errors', async () => {
    const dir = path.join(tmp, 'q');
    generateRegistry({ units: 300, out: dir });
    const district = path.join(dir, 'units', 'huyen', readdirSync(path.join(dir, 'units', 'huyen'))[0]!);
    writeFileSync(district, readFileSync(district, 'utf8').replace(/^level: .*/m, 'level: khong-co'));
    const withAccounts = readdirSync(path.join(dir, 'units'), { recursive: true, encoding: 'utf8' })
      .map((f) => path.join(dir, 'units', f))
      .filter((f) => f.endsWith('.yaml') && readFileSync(f, 'utf8').includes('facebook.com/chu.tich'))
      .sort()
      .slice(0, 3);
    const [a, b, c] = withAccounts as [string, string, string];
    // The same address in two units (a duplicate found from the workers' keys) and a look-alike host.
    const urlOf = (file: string) => /url: (https:\/\/www\.facebook\.com\/chu\.tich\S+)/.exec(readFileSync(file, 'utf8'))![1]!;
    writeFileSync(a, readFileSync(a, 'utf8').replace(urlOf(a), urlOf(b)));
    writeFileSync(c, readFileSync(c, 'utf8').replace('https://www.facebook.com/', 'https://facebook.com.vn/'));
    const sync = validateRegistry(dir, { today: '2026-11-26' });
    expect(new Set(sync.problems.map((p) => p.rule))).toEqual(new Set(['level-unknown', 'url-not-facebook', 'duplicate-account']));
    const problemsOnly = await validateRegistryProblems(dir, { today: '2026-11-26', minFilesPerThread: 100 });
    expect(problemsOnly.problems).toEqual(sync.problems);
  }, 60_000);

  it('reads ended accounts, dissolved units and successors the same with problems only', async () => {
    const dir = path.join(tmp, 'r');
    generateRegistry({ units: 300, out: dir });
    const chairs = readdirSync(path.join(dir, 'units'), { recursive: true, encoding: 'utf8' })
      .map((f) => path.join(dir, 'units', f))
      .filter(
        (f) =>
          f.endsWith('.yaml') &&
          /url: https:\/\/www\.facebook\.com\/chu\.tich\S+\n {4}name: .*\n {4}since: \S+\n(?! {4}until)/.test(readFileSync(f, 'utf8')),
      )
      .sort();
    const [a, b, c, d] = chairs as [string, string, string, string];
    const idOf = (file: string) => path.basename(file, '.yaml');
    const urlOf = (file: string) => /url: (https:\/\/www\.facebook\.com\/chu\.tich\S+)/.exec(readFileSync(file, 'utf8'))![1]!;
    const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));
    // b: a's address, but no longer official (until in the past): not a duplicate.
    edit(b, (t) => t.replace(urlOf(b), urlOf(a)).replace(/(\n {4}since: \S+\n)/, '$1    until: 2026-01-01\n'));
    // c: a's address, but the unit was dissolved and handed over to a: not a duplicate either.
    edit(c, (t) => t.replace(urlOf(c), urlOf(a)) + `dissolved: 2025-06-30\nsuccessor: ${idOf(a)}\n`);
    // d: a's address while both are current, a successor that does not exist, dissolved in the future.
    edit(d, (t) => t.replace(urlOf(d), urlOf(a)) + 'dissolved: 2027-01-01\nsuccessor: khong-co\n');
    const sync = validateRegistry(dir, { today: '2026-11-26' });
    expect(sync.problems.map((p) => `${p.file} ${p.rule}`).sort()).toEqual(
      [`duplicate-account`, `date-order`, `successor-missing`]
        .map((rule) => `${path.relative(dir, d).split(path.sep).join('/')} ${rule}`)
        .sort(),
    );
    const problemsOnly = await validateRegistryProblems(dir, { today: '2026-11-26', minFilesPerThread: 50 });
    expect(problemsOnly.problems).toEqual(sync.problems);
  }, 60_000);
});
