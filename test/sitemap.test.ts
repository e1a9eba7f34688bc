import { describe, expect, it } from 'vitest';
import { renderSitemaps, sitemapPaths } from '../src/integrations/sitemap.ts';

describe('the sitemap', () => {
  it('lists HTML pages and every unit page, without the 404 page, the shell or endpoints', () => {
    const paths = sitemapPaths(
      ['', 'don-vi/', '404/', 'don-vi/khuon-trang-don-vi/', 'du-lieu/units.json', 'robots.txt', '/kiem-tra/', 'don-vi/b/'],
      ['b', 'a'],
      ['don-vi/cap/x/', 'don-vi/cap/x/2/'],
    );
    expect(paths).toEqual(['', 'don-vi/', 'don-vi/a/', 'don-vi/b/', 'don-vi/cap/x/', 'don-vi/cap/x/2/', 'kiem-tra/']);
  });

  it("leaves out the office's internal report page (noindex, for the provincial office only)", () => {
    expect(sitemapPaths(['bao-cao/', 'bao-cao/noi-bo/', 'bao-cao/noi-bo/du-lieu.json', 'bao-cao/khoi/x/'], [])).toEqual([
      'bao-cao/',
      'bao-cao/khoi/x/',
    ]);
  });

  it('splits at the limit, indexes every file and escapes addresses', () => {
    const files = renderSitemaps(['', 'a/', 'b/', 'c&d/', 'e/'], 'https://x.example/danh-ba/', 2);
    expect([...files.keys()]).toEqual(['sitemap-0.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap-index.xml']);
    expect(files.get('sitemap-0.xml')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/danh-ba/</loc></url><url><loc>https://x.example/danh-ba/a/</loc></url></urlset>\n',
    );
    expect(files.get('sitemap-1.xml')).toContain('<loc>https://x.example/danh-ba/c&amp;d/</loc>');
    const index = files.get('sitemap-index.xml') ?? '';
    expect(index.match(/<sitemap>/g)).toHaveLength(3);
    expect(index).toContain('<loc>https://x.example/danh-ba/sitemap-2.xml</loc>');
  });

  it('writes one empty sitemap for an empty site rather than none', () => {
    const files = renderSitemaps([], 'https://x.example/');
    expect(files.get('sitemap-0.xml')).toContain('<urlset');
    expect(files.size).toBe(2);
  });
});
