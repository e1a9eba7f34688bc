import { describe, expect, it } from 'vitest';
import { buildSiteModel } from '../src/site/model.ts';
import { unitView } from '../src/site/unit-view.ts';
import { makeRegistry } from './helpers/registry.ts';

describe('the unit page and re-confirmation', () => {
  it('says since when an overdue account was last confirmed, and nothing of the kind for a fresh one', () => {
    const registry = makeRegistry();
    registry.byId.get('cdcs-mot')!.accounts![0]!.checked = '2026-06-30';
    const model = buildSiteModel(registry, '2026-11-26');
    const current = unitView(model, registry.byId.get('cdcs-mot')!, undefined).current;
    // The chair's account was re-confirmed; the group was not since it registered.
    expect(current.map((a) => [a.since, a.confirmation])).toEqual([
      ['01/10/2018', { overdue: false, checked: '30/06/2026' }],
      ['02/10/2018', { overdue: true }],
    ]);
    // Confirmed once, then overdue: the page says since when.
    registry.byId.get('cdcs-mot')!.accounts![0]!.checked = '2024-01-15';
    const later = unitView(buildSiteModel(registry, '2026-11-26'), registry.byId.get('cdcs-mot')!, undefined).current;
    expect(later[0]!.confirmation).toEqual({ overdue: true, since: '15/01/2024' });
    // A dissolved unit's accounts are not current: nothing to confirm.
    expect(unitView(model, registry.byId.get('cdcs-ba')!, undefined).current).toEqual([]);
  });
});
