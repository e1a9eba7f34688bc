import { describe, expect, it } from 'vitest';
import { breakableUrlHtml, urlPieces } from '../src/site/break-url.ts';
import { esc } from '../src/site/html.ts';

describe('urlPieces', () => {
  it('breaks after slashes and dots, never inside a name', () => {
    expect(urlPieces('facebook.com/congdoankontum')).toEqual(['facebook.', 'com/', 'congdoankontum']);
    expect(urlPieces('facebook.com/profile.php?id=100')).toEqual(['facebook.', 'com/', 'profile.', 'php?', 'id=', '100']);
  });

  it('keeps a group name in one piece with "groups/", so the leak guard still sees it', () => {
    expect(urlPieces('facebook.com/groups/doan.vien.kt/')).toEqual(['facebook.', 'com/', 'groups/doan.vien.kt/']);
  });

  it('loses no character', () => {
    for (const text of ['', '/', 'a.b.', 'https://www.facebook.com/x/']) expect(urlPieces(text).join('')).toBe(text);
  });
});

describe('breakableUrlHtml', () => {
  it('escapes each piece and puts <wbr> between them', () => {
    expect(breakableUrlHtml('a.com/<b>', esc)).toBe('a.<wbr>com/<wbr>&lt;b&gt;');
  });
});
