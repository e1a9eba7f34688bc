import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { buildSiteModel } from '../src/site/model.ts';
import { posterInput, renderPoster, POSTER_MAX_ACCOUNTS } from '../src/site/poster.ts';
import { hasPoster, POSTER_UNIT_LIMIT, posterHref, postersBuilt } from '../src/site/poster-route.ts';
import { qrSvg } from '../src/site/qr-svg.ts';
import { unitView } from '../src/site/unit-view.ts';
import { makeRegistry } from './helpers/registry.ts';

const TODAY = '2026-11-26';
const SITE = new URL('https://congdoan.example.vn/');

/** The SVG's strokes back to pixels (RGBA, `scale` pixels a module), for a real decoder: M x y.5, h w, m dx 0. */
function svgToPixels(svg: string, scale = 4): { data: Uint8ClampedArray; width: number } {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  const d = /<path d="([^"]*)"/.exec(svg)![1]!;
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of d.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (command === 'M') [x, y] = [Number(a), Math.floor(Number(b))];
    else if (command === 'm') x += Number(a);
    else {
      for (let py = y * scale; py < (y + 1) * scale; py++) {
        for (let px = x * scale; px < (x + Number(a)) * scale; px++) {
          const i = (py * width + px) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
      x += Number(a);
    }
  }
  return { data, width };
}

describe('the QR code', () => {
  it.each([
    'https://congdoan.example.vn/don-vi/cdcs-mot/',
    'http://localhost:4321/danh-ba/don-vi/cong-doan-co-so-truong-tieu-hoc-va-trung-hoc-co-so-so-1234/',
  ])('decodes back to %s', (url) => {
    const svg = qrSvg(url, 'Mã QR');
    const { data, width } = svgToPixels(svg);
    expect(jsQR(data, width, width)?.data).toBe(url);
  });

  it('escapes its label', () => {
    expect(qrSvg('x', 'A "B" <c>')).toContain('aria-label="A &quot;B&quot; &lt;c&gt;"');
  });
});

describe('the poster', () => {
  const registry = makeRegistry();
  const model = buildSiteModel(registry, TODAY);

  it('shows the unit, its official accounts, the QR code to its page, how to check and how to report', () => {
    const input = posterInput(model, registry.byId.get('ldld-dak-ha')!, SITE);
    expect(input.unitUrl).toBe('https://congdoan.example.vn/don-vi/ldld-dak-ha/');
    const { main, title } = renderPoster(input);
    expect(title).toBe('Áp phích: Liên đoàn Lao động huyện Đắk Hà');
    expect(main).toContain('<h1>Liên đoàn Lao động huyện Đắk Hà</h1>');
    // Addresses may wrap after "/" or ".", never inside a name.
    expect(main).toContain('facebook.<wbr>com/<wbr>ldld.<wbr>dakha');
    const text = main.replaceAll('<wbr>', '');
    expect(text).toContain('facebook.com/ldld.dakha');
    // The former account is not on the poster.
    expect(text).not.toContain('ldld.dakha.cu');
    expect(text).toContain('https://congdoan.example.vn/kiem-tra/');
    expect(main).toContain('Gặp trang giả mạo?');
    expect(main).toContain('Báo ngay cho Liên đoàn Lao động tỉnh Kon Tum');
    const svg = /<svg[\s\S]*?<\/svg>/.exec(main)![0];
    const { data, width } = svgToPixels(svg);
    expect(jsQR(data, width, width)?.data).toBe(input.unitUrl);
  });

  it('never shows a hidden group’s name or address', () => {
    const { main } = renderPoster(posterInput(model, registry.byId.get('cdcs-mot')!, SITE));
    expect(main).not.toContain('nhom.an.mot');
    expect(main).not.toContain('Nhóm Một');
    expect(main).toContain('Nhóm kín: địa chỉ không công bố.');
  });

  it('lists at most a few accounts, and says how many more there are', () => {
    const big = makeRegistry();
    big.byId.get('cdcs-hai')!.accounts = Array.from({ length: 9 }, (_, i) => ({
      role: 'chair' as const,
      url: `https://www.facebook.com/ct.${i}`,
      name: `CT ${i}`,
      since: '2020-01-01',
    }));
    const input = posterInput(buildSiteModel(big, TODAY), big.byId.get('cdcs-hai')!, SITE);
    expect(input.accounts).toHaveLength(POSTER_MAX_ACCOUNTS);
    expect(renderPoster(input).main).toContain(`Và ${9 - POSTER_MAX_ACCOUNTS} tài khoản khác`);
  });

  it('exists for units still active, up to the unit limit, and the unit page links to it', () => {
    expect(hasPoster(model, registry.byId.get('cdcs-mot')!)).toBe(true);
    expect(hasPoster(model, registry.byId.get('cdcs-ba')!)).toBe(false);
    expect(unitView(model, registry.byId.get('cdcs-mot')!, SITE).poster).toBe('/don-vi/cdcs-mot/ap-phich/');
    expect(unitView(model, registry.byId.get('cdcs-ba')!, SITE).poster).toBeUndefined();
    const huge = { registry: { ...registry, units: { length: POSTER_UNIT_LIMIT + 1 } as typeof registry.units }, today: TODAY };
    expect(postersBuilt(huge)).toBe(false);
    // A larger registry links its units to the shared poster page instead.
    expect(posterHref(huge, registry.byId.get('cdcs-mot')!)).toBe('/ap-phich/');
    expect(posterHref(huge, registry.byId.get('cdcs-ba')!)).toBeUndefined();
    expect(posterHref(model, registry.byId.get('cdcs-mot')!)).toBe('/don-vi/cdcs-mot/ap-phich/');
    expect(postersBuilt({ registry: { ...registry, units: { length: POSTER_UNIT_LIMIT } as typeof registry.units } })).toBe(true);
  });
});
