import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../src/cli/gen.ts';
import { validateRegistry } from '../src/registry/load.ts';
import { validateRegistryParallel } from '../src/registry/parallel.ts';
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
    const parallel = await validateRegistryParallel(dir, { today: '2026-11-26' }, 100);
    expect(parallel.problems).toEqual(sync.problems);
    expect(parallel.units).toBe(400);
    expect(parallel.registry!.units).toEqual(sync.registry!.units);
  }, 60_000);
});
