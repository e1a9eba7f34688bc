import { describe, it, expect } from 'vitest';
import {
  canonicalize,
  canonicalizeCommon,
  canonicalizeFull,
  isGroupKey,
  urlForKey,
  type CanonicalResult,
} from '../src/registry/facebook-url.ts';

const NF = 'url-not-facebook';
const NA = 'url-not-account';
const K = 'name:congdoankontum';
const ID = 'id:100064512345678';
const G = 'group:123456789012345';
const FB = 'https://www.facebook.com/';

/** [input, expected key or refusal rule, subpage (for keys; default false)] */
type Row = [input: string, expected: string, subpage?: boolean];

const rows: Row[] = [
  // Hosts that give keys.
  [FB + 'congdoankontum', K],
  ['https://facebook.com/congdoankontum', K],
  ['https://m.facebook.com/congdoankontum', K],
  ['https://mbasic.facebook.com/congdoankontum', K],
  ['https://web.facebook.com/congdoankontum', K],
  ['https://mobile.facebook.com/congdoankontum', K],
  ['https://touch.facebook.com/congdoankontum', K],
  ['https://vi-vn.facebook.com/congdoankontum', K],
  ['https://en-gb.facebook.com/congdoankontum', K],
  ['https://vi.facebook.com/congdoankontum', K],
  ['https://fb.com/congdoankontum', K],
  ['https://www.fb.com/congdoankontum', K],
  ['https://fb.me/congdoankontum', K],
  ['http://fb.me/CongDoanKonTum', K],
  // Schemes, case, slashes, query, fragment, whitespace around.
  ['http://www.facebook.com/congdoankontum', K],
  ['http://m.facebook.com/congdoankontum/', K],
  ['facebook.com/congdoankontum', K],
  ['www.facebook.com/congdoankontum', K],
  ['m.facebook.com/congdoankontum?ref=bookmarks', K],
  ['//facebook.com/congdoankontum', K],
  ['HTTPS://WWW.FACEBOOK.COM/CongDoanKonTum', K],
  ['https://www.Facebook.com/CONGDOANKONTUM/', K],
  [FB + 'congdoankontum/', K],
  [FB + 'congdoankontum//', K],
  [FB + 'congdoankontum?locale=vi_VN', K],
  [FB + 'congdoankontum#', K],
  [FB + 'congdoankontum/#posts', K],
  ['https://www.facebook.com.:443/congdoankontum', K],
  ['https://www.facebook.com:443/congdoankontum', K],
  ['http://facebook.com:80/congdoankontum', K],
  ['  https://www.facebook.com/congdoankontum \n', K],
  ['\thttps://www.facebook.com/congdoankontum\r\n', K],
  // Tracking parameters never change a key.
  [FB + 'congdoankontum?ref=embed_page', K],
  [FB + 'congdoankontum?mibextid=ZbWKwL', K],
  ['https://m.facebook.com/congdoankontum?refsrc=deprecated&_rdr', K],
  ['https://m.facebook.com/congdoankontum/?_rdc=1&_rdr', K],
  ['https://m.facebook.com/congdoankontum?sfnsn=mo', K],
  [FB + 'congdoankontum?hc_ref=ARQ1abc&fref=nf', K],
  [FB + 'congdoankontum?__tn__=%2Cd%2CP-R&eid=ARB', K],
  [FB + 'congdoankontum?fbclid=IwAR0abcDEF', K],
  [FB + 'congdoankontum?id=999999999&ref=page_internal', K],
  // Periods and capitalisation do not count in usernames (Facebook's username guidelines);
  // percent escapes are decoded.
  [FB + 'congdoan.kontum', K],
  [FB + 'CongDoan.KonTum', K],
  [FB + 'congdoan.kontum.chinhthuc', 'name:congdoankontumchinhthuc'],
  [FB + 'CongDoan.KonTum.ChinhThuc/', 'name:congdoankontumchinhthuc'],
  [FB + 'c.o.n.g.doankontum', K],
  ['https://m.facebook.com/Cong.Doan.Kon.Tum/about', K, true],
  [FB + '1.000.645', NA],
  [FB + 'ldlddakha', 'name:ldlddakha'],
  [FB + 'congdoan%6Bontum', K],
  [FB + 'congdoan%zzkontum', NA],
  [FB + 'congdoan%E0%A4%A', NA],
  // Account ids.
  [FB + 'profile.php?id=100064512345678', ID],
  ['https://m.facebook.com/profile.php?id=100064512345678&mibextid=ZbWKwL', ID],
  [FB + 'profile.php?mibextid=ZbWKwL&id=100064512345678&_rdr', ID],
  ['facebook.com/profile.php?id=100064512345678#', ID],
  [FB + 'profile.php?id=100064512345678&sk=about', ID, true],
  [FB + 'profile.php', NA],
  [FB + 'profile.php?id=', NA],
  [FB + 'profile.php?id=abc', NA],
  [FB + 'profile.php?ID=100064512345678', NA],
  [FB + 'people/Cong-Doan-Kon-Tum/100064512345678/', ID],
  [FB + 'people/C%C3%B4ng-%C4%90o%C3%A0n-Kon-Tum/100064512345678/?mibextid=ZbWKwL', ID],
  [FB + 'people/Cong-Doan-Kon-Tum/', NA],
  [FB + 'people/', NA],
  [FB + 'pages/Cong-Doan-Kon-Tum/100064512345678', ID],
  ['https://m.facebook.com/pages/Cong-Doan-Kon-Tum/100064512345678/photos/', ID, true],
  [FB + 'pages/Cong-Doan-Kon-Tum', NA],
  [FB + 'Cong-Doan-Kon-Tum-100064512345678', ID],
  [FB + 'Cong-Doan-Kon-Tum-100064512345678/', ID],
  [FB + 'C%C3%B4ng-%C4%90o%C3%A0n-Kon-Tum-100064512345678/', ID],
  [FB + 'Công-Đoàn-Kon-Tum-100064512345678', ID],
  [FB + 'Cong-Doan-Kon-Tum-100064512345678/posts/123456', ID, true],
  [FB + 'p/Cong-Doan-Kon-Tum-100064512345678/', ID],
  [FB + 'Cong-Doan-Kon-Tum-1234', NA],
  [FB + 'Cong-Doan-Kon-Tum', NA],
  [FB + '100064512345678', ID],
  [FB + 'pages/category/Nonprofit-Organization/Cong-Doan-Kon-Tum-100064512345678/', ID],
  [FB + 'pages/category/Nonprofit-Organization/Cong-Doan-Kon-Tum-100064512345678/posts/', ID, true],
  [FB + 'pages/category/Nonprofit-Organization/', NA],
  [FB + 'pg/Cong-Doan-Kon-Tum-100064512345678/about/', ID, true],
  [FB + 'pg/CongDoan.KonTum', K],
  // Text pasted from a sentence, and Facebook's old `#!/` addresses.
  [FB + 'congdoankontum.', K],
  [FB + 'congdoankontum,', K],
  [FB + 'congdoankontum).', K],
  [FB + 'congdoankontum/;', K],
  [FB + 'profile.php?id=100064512345678.', ID],
  [FB + 'groups/congdoankontum.', 'group:congdoankontum'],
  [FB + '#!/congdoankontum', K],
  [FB + 'home.php#!/CongDoan.KonTum?fref=ts', K],
  ['https://www.facebook.com/?ref=tn_tnmn#!/profile.php?id=100064512345678', ID],
  [FB + '#!/', NA],
  // Groups, by name and by digits.
  [FB + 'groups/congdoankontum', 'group:congdoankontum'],
  [FB + 'groups/CongDoanKonTum/', 'group:congdoankontum'],
  [FB + 'groups/congdoan.kontum', 'group:congdoan.kontum'],
  [FB + 'groups/123456789012345', G],
  ['https://m.facebook.com/groups/123456789012345?ref=share&mibextid=NSMWBT', G],
  ['https://web.facebook.com/groups/123456789012345/?_rdc=1&_rdr', G],
  [FB + 'groups/123456789012345/posts/987654321098765/', G, true],
  [FB + 'groups/123456789012345/permalink/987654321098765/', G, true],
  [FB + 'groups/congdoankontum/about', 'group:congdoankontum', true],
  [FB + 'groups/congdoankontum/members/', 'group:congdoankontum', true],
  [FB + 'groups/', NA],
  [FB + 'groups', NA],
  [FB + 'groups/feed/', NA],
  [FB + 'groups/discover', NA],
  // Sub-pages of a page give the page's key, marked as a sub-page.
  [FB + 'congdoankontum/posts/pfbid02AbCdEf123', K, true],
  [FB + 'congdoankontum/posts/123456789012345?__tn__=K-R', K, true],
  [FB + 'congdoankontum/photos', K, true],
  [FB + 'congdoankontum/photos/a.123456/789012/?type=3', K, true],
  [FB + 'congdoankontum/videos/123456789012345/', K, true],
  [FB + 'congdoankontum/about', K, true],
  ['https://m.facebook.com/congdoankontum/about/?ref=page_internal', K, true],
  [FB + 'congdoankontum/reels/', K, true],
  [FB + 'congdoankontum/events', K, true],
  [FB + 'pg/congdoankontum/posts/', K, true],
  [FB + 'permalink.php?story_fbid=pfbid0abc&id=100064512345678', ID, true],
  [FB + 'story.php?story_fbid=123&id=100064512345678', ID, true],
  ['https://m.facebook.com/story.php?story_fbid=pfbid02xyz&id=100064512345678&mibextid=Nif5oz', ID, true],
  ['https://m.facebook.com/permalink.php?id=100064512345678&story_fbid=123', ID, true],
  // Facebook addresses that name no account.
  [FB + 'permalink.php?story_fbid=123456', NA],
  ['https://m.facebook.com/story.php?story_fbid=123', NA],
  [FB + 'photo.php?fbid=123456789', NA],
  [FB + 'photo/?fbid=123456789&set=a.1', NA],
  [FB + 'share/1AbCdEfGh/', NA],
  [FB + 'share/p/1AbCdEfGh/?mibextid=WC7FNe', NA],
  [FB + 'share/v/1AbCdEfGh/', NA],
  [FB + 'sharer/sharer.php?u=https%3A%2F%2Fexample.org', NA],
  [FB + 'sharer.php?u=https://congdoan.vn', NA],
  [FB + 'watch', NA],
  [FB + 'watch/?v=123456789', NA],
  [FB + 'reel/123456789012345', NA],
  [FB + 'video.php?v=123456', NA],
  [FB + 'stories/100064512345678/', NA],
  [FB + 'media/set/?set=a.123', NA],
  [FB + 'events/123456789/', NA],
  [FB + 'marketplace/item/123/', NA],
  [FB + 'help', NA],
  [FB + 'help/123456789', NA],
  [FB + 'login', NA],
  [FB + 'login.php?next=https%3A%2F%2Fwww.facebook.com%2Fcongdoankontum', NA],
  [FB + 'login/?next=%2Fcongdoankontum', NA],
  [FB + 'home.php', NA],
  [FB + 'hashtag/congdoan', NA],
  [FB + 'search/top?q=cong%20doan', NA],
  [FB + 'settings', NA],
  [FB + 'notifications', NA],
  [FB + 'messages/t/123', NA],
  [FB + 'privacy/policy/', NA],
  [FB + 'policies', NA],
  [FB + 'legal/terms', NA],
  [FB + 'ads/manager', NA],
  [FB + 'business', NA],
  [FB + 'gaming', NA],
  [FB + 'dialog/feed?app_id=1', NA],
  [FB + 'plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fcongdoankontum', NA],
  [FB + 'l.php?u=https%3A%2F%2Fexample.org', NA],
  [FB + 'friends', NA],
  [FB + 'bookmarks', NA],
  [FB + 'saved', NA],
  [FB + 'fundraisers/123', NA],
  [FB + 'whatever.php', NA],
  [FB + 'cong@doan', NA],
  [FB + 'cong_doan', NA],
  [FB + '...', NA],
  [FB, NA],
  ['https://www.facebook.com', NA],
  ['facebook.com', NA],
  ['https://m.facebook.com/?ref=bookmarks', NA],
  ['https://business.facebook.com/congdoankontum', NA],
  ['https://l.facebook.com/l.php?u=https%3A%2F%2Fevil.example', NA],
  ['https://m.me/congdoankontum', NA],
  ['https://www.messenger.com/t/congdoankontum', NA],
  ['https://fb.watch/abcDEF/', NA],
  // Not Facebook: other hosts, look-alikes, tricks, other schemes, hidden characters.
  ['https://facebook.com.vn/congdoankontum', NF],
  ['https://www.faceb00k.com/congdoankontum', NF],
  ['https://facebook.co/congdoankontum', NF],
  ['https://notfacebook.com/congdoankontum', NF],
  ['https://facebook.com.evil.com/congdoankontum', NF],
  ['https://www.facebook.com.evil.com/congdoankontum', NF],
  ['https://www-facebook.com/congdoankontum', NF],
  ['https://facebook.net/congdoankontum', NF],
  ['https://x.www.facebook.co/congdoankontum', NF],
  ['https://f\u0430cebook.com/congdoankontum', NF],
  ['https://xn--fcebook-8va.com/congdoankontum', NF],
  ['https://xn--www-abc.facebook.com/congdoankontum', NF],
  ['https://www.\uff46\uff41\uff43\uff45\uff42\uff4f\uff4f\uff4b.com/congdoankontum', NF],
  ['https://%66acebook.com/congdoankontum', NF],
  ['https://facebook.com..//congdoankontum', NF],
  ['http://facebook.com@evil.example/', NF],
  ['https://www.facebook.com@evil.example/congdoankontum', NF],
  ['https://user:pass@www.facebook.com/congdoankontum', NF],
  ['https://www.facebook.com\\@evil.example/', NF],
  ['https://www.facebook.com:8080/congdoankontum', NF],
  ['http://facebook.com:443/congdoankontum', NF],
  ['https://157.240.0.35/congdoankontum', NF],
  ['https://evil.example/www.facebook.com/congdoankontum', NF],
  ['https://evil.example/?u=https://www.facebook.com/congdoankontum', NF],
  ['congdoankontum', NF],
  ['javascript:alert(1)', NF],
  ['JavaScript:alert(document.cookie)//https://www.facebook.com/congdoankontum', NF],
  ['data:text/html,<script>alert(1)</script>', NF],
  ['ftp://facebook.com/congdoankontum', NF],
  ['file:///etc/passwd', NF],
  ['mailto:congdoan@facebook.com', NF],
  [FB + 'congdoan kontum', NF],
  ['https://www.facebook .com/congdoankontum', NF],
  [FB + 'congdoan\tkontum', NF],
  [FB + 'congdoan\u0000kontum', NF],
  [FB + 'congdoan\u007fkontum', NF],
  [FB + 'congdoan\u202ekontum', NF],
  ['https://www.face\u200bbook.com/congdoankontum', NF],
  [FB + '\u2066congdoankontum\u2069', NF],
  [FB + 'congdoan\u00a0kontum', NF],
  ['', NF],
  ['   \n\t', NF],
  ['https://', NF],
  ['http://[', NF],
];

/** Every result must have exactly one of the two shapes, with consistent fields. */
function expectWellFormed(r: CanonicalResult): void {
  if (r.ok) {
    expect(r.key).toMatch(/^(name:[a-z0-9.]+|id:\d+|group:[a-z0-9._-]+)$/);
    expect(r.key).toBe(r.kind + ':' + r.value);
    expect(typeof r.subpage).toBe('boolean');
    if (r.subpage) expect(r.message).toMatch(/\S/);
    else expect(r.message).toBeUndefined();
  } else {
    expect([NF, NA]).toContain(r.rule);
    expect(typeof r.message).toBe('string');
    expect(r.message.trim().length).toBeGreaterThan(20);
  }
}

describe('canonicalize', () => {
  it('has a table of at least 100 addresses', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
  });

  it.each(rows)('reads %j as %s', (input, expected, subpage = false) => {
    const r = canonicalize(input);
    expectWellFormed(r);
    if (expected === NF || expected === NA) {
      expect(r).toMatchObject({ ok: false, rule: expected });
    } else {
      expect(r).toMatchObject({ ok: true, key: expected, subpage });
    }
  });

  it('explains a share link in Vietnamese and says what to paste instead', () => {
    const r = canonicalize(FB + 'share/p/1AbCdEfGh/');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/chia sẻ.*sao chép/s);
  });

  it('tells that a look-alike host is not facebook.com', () => {
    const r = canonicalize('https://facebook.com.vn/congdoankontum');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('không nằm trên facebook.com');
  });

  it('notes that a post belongs to the page whose key it returns', () => {
    const r = canonicalize(FB + 'congdoankontum/posts/pfbid02AbCdEf123');
    expect(r).toMatchObject({ ok: true, key: K, kind: 'name', value: 'congdoankontum', subpage: true });
    if (r.ok) expect(r.message).toMatch(/bài viết/);
  });

  it('never throws and always returns a well-formed result for random strings', () => {
    let seed = 0x1f2e3d4c;
    const rand = (): number => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)] as T;
    const prefixes = ['', '', 'https://', 'http://www.facebook.com/', 'facebook.com/', '//m.facebook.com/', 'https://fb.me/'];
    const tokens = [
      '/',
      '.',
      '-',
      '@',
      ':',
      '?',
      '#',
      '&',
      '=',
      '%',
      '%2F',
      '%E0%A4%A',
      '%zz',
      '\\',
      '[',
      ']',
      'xn--',
      'php',
      'groups/',
      'id=1',
    ];
    const unicode = [
      'đ',
      'Ư',
      'ờ',
      'ｆ',
      '\u0430',
      '\u200b',
      '\u202e',
      '\u00a0',
      '\u3002',
      '\ud83d\ude00',
      '\ud800',
      '\udfff',
      '\u0000',
      '\u001f',
      '\ufeff',
      '\u2028',
    ];
    for (let n = 0; n < 2000; n++) {
      let s = pick(prefixes);
      const len = Math.floor(rand() * 30);
      for (let i = 0; i < len; i++) {
        const c = rand();
        if (c < 0.5) s += String.fromCharCode(0x20 + Math.floor(rand() * 95));
        else if (c < 0.75) s += pick(tokens);
        else if (c < 0.95) s += pick(unicode);
        else s += String.fromCharCode(Math.floor(rand() * 0x10000));
      }
      let r: CanonicalResult | undefined;
      expect(() => {
        r = canonicalize(s);
      }, JSON.stringify(s)).not.toThrow();
      expectWellFormed(r as CanonicalResult);
    }
  });

  it('refuses anything that is not a string without throwing', () => {
    for (const v of [undefined, null, 42, {}, []]) {
      expect(canonicalize(v as unknown as string)).toMatchObject({ ok: false, rule: NF });
    }
  });
});

describe('the common-shape shortcut', () => {
  // Every first segment canonicalizeFull treats specially, and names around them.
  const words = [
    'people',
    'pages',
    'groups',
    'p',
    'pg',
    'share',
    'sharer',
    'sharer.php',
    'photo',
    'photos',
    'posts',
    'reel',
    'watch',
    'events',
    'login',
    'home.php',
    'profile.php',
    'permalink.php',
    'story.php',
    'search',
    'me',
    'feed',
    'discover',
    'create',
    'joins',
    'x.php',
    'v18.0',
    'tr',
    'about',
    'public',
    'places',
    'a',
    '4',
    '1.2',
    '100064512345678',
    'congdoankontum',
    'cong.doan',
    'Cong.Doan',
    '.a',
    'a.',
    '..a',
    'a..b',
    'doanvien.110807',
    '.',
    '..',
    '...',
  ];
  const shapes = (word: string) => [
    `https://www.facebook.com/${word}`,
    `https://www.facebook.com/${word}/`,
    `https://www.facebook.com/groups/${word}`,
    `https://www.facebook.com/groups/${word}/`,
  ];

  it('gives exactly what the URL parser path gives, wherever it answers', () => {
    let answered = 0;
    for (const input of [...words.flatMap(shapes), ...rows.map(([input]) => input)]) {
      const fast = canonicalizeCommon(input);
      if (fast === undefined) continue;
      answered++;
      expect(fast, input).toEqual(canonicalizeFull(input));
    }
    expect(answered).toBeGreaterThan(40);
  });

  it('leaves every special first segment, "." and ".." to the URL parser', () => {
    for (const word of [
      'people',
      'pages',
      'groups',
      'p',
      'pg',
      'share',
      'photo',
      'events',
      'home.php',
      'x.php',
      'v18.0',
      'tr',
      'public',
      '1.2',
      '.',
      '..',
    ]) {
      expect(canonicalizeCommon(`https://www.facebook.com/${word}`), word).toBeUndefined();
    }
    for (const word of ['feed', 'discover', 'create', 'joins', 'search', '..']) {
      expect(canonicalizeCommon(`https://www.facebook.com/groups/${word}`), word).toBeUndefined();
    }
    for (const other of [
      'https://facebook.com/congdoankontum',
      'http://www.facebook.com/congdoankontum',
      'https://www.facebook.com/CongDoan',
      'https://www.facebook.com/a/b',
      ' https://www.facebook.com/a',
    ]) {
      expect(canonicalizeCommon(other), other).toBeUndefined();
    }
  });
});

describe('urlForKey', () => {
  it('gives the public address of each kind of key', () => {
    expect(urlForKey('name:congdoankontum')).toBe('https://www.facebook.com/congdoankontum');
    expect(urlForKey('id:100064512345678')).toBe('https://www.facebook.com/profile.php?id=100064512345678');
    expect(urlForKey('group:congdoankontum')).toBe('https://www.facebook.com/groups/congdoankontum/');
  });

  it.each([
    'name:congdoankontum',
    'name:congdoankontumchinhthuc',
    'name:ldlddakha',
    'id:100064512345678',
    'id:4',
    'group:congdoankontum',
    'group:123456789012345',
    'group:cong_doan-kt',
  ])('round-trips %s through canonicalize', (key) => {
    const r = canonicalize(urlForKey(key));
    expect(r).toMatchObject({ ok: true, key, subpage: false });
  });

  it('refuses strings that are not canonical keys', () => {
    for (const bad of [
      '',
      'congdoankontum',
      'name:',
      'name:CongDoan',
      'name:congdoan.kontum',
      'name:cong doan',
      'name:12345',
      'id:abc',
      'group:',
      'page:x',
      'name5',
    ]) {
      expect(() => urlForKey(bad), bad).toThrow(TypeError);
    }
  });
});

describe('isGroupKey', () => {
  it('is true only for group keys', () => {
    expect(isGroupKey('group:congdoankontum')).toBe(true);
    expect(isGroupKey('group:123456789012345')).toBe(true);
    expect(isGroupKey('name:congdoankontum')).toBe(false);
    expect(isGroupKey('id:100064512345678')).toBe(false);
    expect(isGroupKey('name:groups')).toBe(false);
  });
});
