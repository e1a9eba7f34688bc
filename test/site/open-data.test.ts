import { describe, expect, it } from 'vitest';
import { validateRegistry } from '../../src/registry/load.ts';
import { accountsCsv, openUnit, unitsJson } from '../../src/site/open-data.ts';
import { jsonLdText } from '../../src/site/json-ld.ts';
import { FIXTURE_REGISTRY, FIXTURE_TODAY } from './build-site.ts';

const result = validateRegistry(FIXTURE_REGISTRY, { today: FIXTURE_TODAY });
const registry = result.registry!;
const unit = (id: string) => registry.byId.get(id)!;

describe('the fixture registry', () => {
  it('is valid', () => {
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('open data', () => {
  it('keeps a hidden group but never its address, and treats a group without visibility as hidden', () => {
    const hidden = openUnit(unit('cdcs-th-dak-ha'), FIXTURE_TODAY).accounts.find((a) => a.role === 'group')!;
    expect(hidden).toMatchObject({ url: null, visibility: 'hidden', current: true });
    const unstated = openUnit(unit('cdcs-bv-dak-ha'), FIXTURE_TODAY).accounts[0]!;
    expect(unstated).toMatchObject({ url: null, visibility: 'hidden' });
    const open = openUnit(unit('cdcs-xa-dak-ha'), FIXTURE_TODAY).accounts.find((a) => a.role === 'group')!;
    expect(open).toMatchObject({ url: 'https://www.facebook.com/groups/fixture.public.group.hamon', visibility: 'public' });
  });

  it('marks ended accounts and accounts of dissolved units as not current', () => {
    expect(openUnit(unit('ldld-tinh-mau'), FIXTURE_TODAY).accounts.map((a) => a.current)).toEqual([true, false]);
    expect(openUnit(unit('ldld-dak-to'), FIXTURE_TODAY).accounts[0]!.current).toBe(false);
  });

  it('leaves admins, fb_id and reviewers out of units.json', () => {
    const text = unitsJson(registry, FIXTURE_TODAY);
    for (const word of ['admins', 'phone', 'email', 'fb_id', 'reviewers', '0905000001', 'a@example.vn', 'fixture.hidden.group'])
      expect(text).not.toContain(word);
  });

  it('writes accounts.csv with a BOM, CRLF lines and formula cells neutralised', () => {
    const csv = accountsCsv(registry, FIXTURE_TODAY);
    expect(csv.startsWith('\uFEFFma_don_vi,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const row = csv.split('\r\n').find((l) => l.startsWith('cdcs-cong-thuc,'))!;
    expect(row).toBe(
      `cdcs-cong-thuc,"'=HYPERLINK(""https://evil.example/"",""Bấm vào đây"")",cdcs,cd-nganh-giao-duc,chair,'@Chủ tịch <b>thử</b>,https://www.facebook.com/fixture.formula.chair,,2018-10-12,,có`,
    );
    expect(csv).not.toContain('fixture.hidden.group');
  });
});

describe('jsonLdText', () => {
  it('cannot close its script element', () => {
    const text = jsonLdText({ name: '</script><script>alert(1)</script> & <!--' });
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)).toEqual({ name: '</script><script>alert(1)</script> & <!--' });
  });
});
