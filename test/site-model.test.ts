/** Parts of the site model that take shortcuts at scale, checked against the plain way. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../src/cli/gen.ts';
import { validateRegistry } from '../src/registry/load.ts';
import { isCurrent, isHiddenGroup } from '../src/registry/model.ts';
import { collator, buildSiteModel } from '../src/site/model.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'kt-model-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('newestAccounts', () => {
  it('gives the first accounts of a stable sort by date (newest first), then name', () => {
    const dir = path.join(tmp, 'r');
    generateRegistry({ units: 1500, out: dir });
    const today = '2026-11-26';
    const registry = validateRegistry(dir, { today }).registry!;
    const model = buildSiteModel(registry, today);
    const all = registry.units.flatMap((unit) =>
      (unit.accounts ?? []).filter((a) => isCurrent(a, unit, today) && !isHiddenGroup(a)).map((account) => ({ unit, account })),
    );
    all.sort((a, b) =>
      a.account.since < b.account.since ? 1 : a.account.since > b.account.since ? -1 : collator.compare(a.unit.name, b.unit.name),
    );
    expect(all.length).toBeGreaterThan(500);
    for (const count of [0, 1, 8, 50, all.length + 5]) {
      const got = model.newestAccounts(count).map((e) => `${e.unit.id} ${e.account.url}`);
      expect(got).toEqual(all.slice(0, count).map((e) => `${e.unit.id} ${e.account.url}`));
    }
  });
});

describe('unit ids and the folders of the site', () => {
  it('reserves every folder name the site writes under /don-vi/', async () => {
    const { RESERVED_UNIT_IDS } = await import('../src/schema/common.ts');
    const { LISTING_FOLDERS } = await import('../src/integrations/unit-pages.ts');
    const { SHELL_ID } = await import('../src/site/unit-shell.ts');
    const { ID_PATTERN } = await import('../src/schema/common.ts');
    const folders = [...LISTING_FOLDERS].map((f) => f.replace(/^don-vi\//, ''));
    for (const name of [...folders, SHELL_ID]) {
      expect(ID_PATTERN.test(name), name).toBe(true);
      expect(RESERVED_UNIT_IDS.has(name), name).toBe(true);
    }
  });
});
