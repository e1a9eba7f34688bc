import { describe, expect, it } from 'vitest';
import { buildReport, reportToCsv, reportToMarkdown } from '../src/lib/report.ts';
import { makeRegistry } from './helpers/registry.ts';

const TODAY = '2026-11-26';

describe('the progress report', () => {
  const report = buildReport(makeRegistry(), TODAY);
  const unit = (id: string) => report.units.find((u) => u.id === id)!;

  it('counts a unit complete when it has a current account for every role its level requires', () => {
    expect(unit('ldld-kon-tum')).toMatchObject({ status: 'complete', missing: [] });
    expect(unit('ldld-dak-ha')).toMatchObject({ status: 'complete', missing: [] });
    expect(unit('cdcs-mot')).toMatchObject({ status: 'complete', missing: [] });
  });

  it('says what a partial or missing unit still lacks', () => {
    expect(unit('cdcs-hai')).toMatchObject({ status: 'partial', missing: ['group'] });
    expect(unit('ldld-sa-thay')).toMatchObject({ status: 'missing', missing: ['unit'] });
  });

  it('leaves dissolved units out of what is expected', () => {
    expect(unit('cdcs-ba').status).toBe('dissolved');
    expect(report.totals).toMatchObject({ units: 6, dissolved: 1, expected: 5, complete: 3, partial: 1, missing: 1 });
  });

  it('flags a registration after the deadline as late, and an account missing pages to follow', () => {
    expect(unit('cdcs-hai')).toMatchObject({ late: true, notConnected: 1 });
    expect(unit('cdcs-mot')).toMatchObject({ late: false, notConnected: 0 });
    // The province's own page is one of the pages to follow: it is not asked to follow itself.
    expect(unit('ldld-kon-tum').notConnected).toBe(0);
  });

  it('tallies by level and by branch, the root first', () => {
    expect(report.byLevel.map((t) => [t.id, t.expected, t.complete])).toEqual([
      ['tinh', 1, 1],
      ['huyen', 2, 1],
      ['cdcs', 2, 1],
    ]);
    expect(report.byBranch[0]!.id).toBe('ldld-kon-tum');
    expect(report.byBranch.find((b) => b.id === 'ldld-dak-ha')).toMatchObject({ expected: 3, complete: 2, partial: 1, late: 1 });
    const sum = report.byBranch.reduce((n, b) => n + b.expected, 0);
    expect(sum).toBe(report.totals.expected);
  });

  it('writes Markdown in Vietnamese with the directive and the units that lack something', () => {
    const md = reportToMarkdown(report);
    expect(md).toContain('Công văn số 118/LĐLĐ ngày 11/09/2018');
    expect(md).toContain('| Công đoàn cơ sở Công ty Hai | cdcs-hai | cdcs | Nhóm đoàn viên |');
    expect(md).not.toContain('cdcs-mot |');
  });

  it('counts accounts overdue for re-confirmation per unit and per branch, as findOverdue does', () => {
    expect(unit('cdcs-mot').overdue).toBe(2);
    expect(unit('cdcs-ba').overdue).toBe(0);
    expect(unit('ldld-dak-ha').overdue).toBe(1);
    expect(report.byBranch.find((b) => b.id === 'ldld-dak-ha')!.overdue).toBe(4);
    expect(report.totals.overdue).toBe(5);
    expect(reportToMarkdown(report)).toContain('- Tài khoản quá hạn xác nhận lại: 5');
    expect(
      reportToCsv(report)
        .split('\r\n')
        .find((row) => row.startsWith('cdcs-mot,')),
    ).toMatch(/,2$/);
  });

  it('writes one CSV row per unit with a header', () => {
    const rows = reportToCsv(report).trimEnd().split('\r\n');
    expect(rows).toHaveLength(7);
    expect(rows[0]).toBe(
      'ma_don_vi,ten_don_vi,cap,don_vi_cap_tren,khoi,tinh_trang,con_thieu,muon,tai_khoan_chua_ket_noi_du,so_tai_khoan,tai_khoan_qua_han_xac_nhan',
    );
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    const registry = makeRegistry();
    registry.units[2]!.name = '=HYPERLINK("http://evil.example","x")';
    const csv = reportToCsv(buildReport(registry, TODAY));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });
});
