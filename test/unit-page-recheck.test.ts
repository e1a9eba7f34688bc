import { describe, expect, it } from 'vitest';
import { buildSiteModel } from '../src/site/model.ts';
import { renderUnitPage } from '../src/site/unit-page.ts';
import { makeRegistry } from './helpers/registry.ts';

describe('the unit page and re-confirmation', () => {
  it('says since when an overdue account was last confirmed, and nothing of the kind for a fresh one', () => {
    const registry = makeRegistry();
    registry.byId.get('cdcs-mot')!.accounts![0]!.checked = '2026-06-30';
    const model = buildSiteModel(registry, '2026-11-26');
    const main = renderUnitPage(model, registry.byId.get('cdcs-mot')!, undefined).main;
    // The chair's account was re-confirmed; the group was not since it registered.
    expect(main).toContain('<br>Xác nhận lần cuối ngày 30/06/2026</p>');
    expect(main).toContain('từ ngày 02/10/2018, <strong>chưa được xác nhận lại</strong></p>');
    expect(main.match(/hưa được xác nhận lại/g)).toHaveLength(1);
    // Confirmed once, then overdue: the page says since when.
    registry.byId.get('cdcs-mot')!.accounts![0]!.checked = '2024-01-15';
    const later = renderUnitPage(buildSiteModel(registry, '2026-11-26'), registry.byId.get('cdcs-mot')!, undefined).main;
    expect(later).toContain('<br><strong>Chưa được xác nhận lại từ ngày 15/01/2024</strong></p>');
    // A dissolved unit's accounts are not current: nothing to confirm.
    expect(renderUnitPage(model, registry.byId.get('cdcs-ba')!, undefined).main).not.toContain('xác nhận lại');
  });
});
