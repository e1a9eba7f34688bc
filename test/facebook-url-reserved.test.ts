/**
 * Facebook's own paths are never page names (docs/facebook-urls.md): every first path
 * segment that Facebook keeps for itself is refused, however the rest of the address
 * looks, and the refusal says what to paste instead. The words below are the ones the
 * sources named in src/registry/facebook-url.ts list; each is tried bare, with a page-like
 * tail and through the fast path.
 */
import { describe, expect, it } from 'vitest';
import { canonicalize, canonicalizeCommon, canonicalizeFull } from '../src/registry/facebook-url.ts';

const FB = 'https://www.facebook.com/';

/** The segments, grouped by the message they must get (a word of it, in Vietnamese). */
const GROUPS: Record<string, { hint: RegExp; words: string[] }> = {
  share: { hint: /chia sẻ/, words: ['share', 'share.php', 'sharer', 'sharer.php'] },
  post: {
    hint: /Sao chép liên kết/,
    words: [
      'photo',
      'photo.php',
      'photos.php',
      'album.php',
      'video',
      'video.php',
      'watch',
      'watchparty',
      'reel',
      'reels',
      'stories',
      'media',
      'live',
      'notes',
    ],
  },
  tool: {
    hint: /kỹ thuật/,
    words: [
      'dialog',
      'plugins',
      'tr',
      'fbml',
      'ajax',
      'rsrc.php',
      'l.php',
      'p.php',
      'r.php',
      'flx',
      'connect',
      'developers',
      'apps',
      'v18.0',
      'v2.8',
    ],
  },
  info: {
    hint: /trợ giúp|chính sách/,
    words: ['about', 'help', 'legal', 'policies', 'privacy', 'careers', 'security', 'safetycheck', 'badges', 'lite', 'mobile'],
  },
  search: { hint: /tìm kiếm/, words: ['search', 'public', 'directory', 'places', 'hashtag'] },
  feature: {
    hint: /chức năng/,
    words: [
      'events',
      'marketplace',
      'login',
      'logout',
      'signup',
      'recover',
      'checkpoint',
      'settings',
      'notifications',
      'messages',
      'friends',
      'bookmarks',
      'saved',
      'memories',
      'onthisday',
      'questions',
      'latest',
      'games',
      'gaming',
      'fundraisers',
      'jobs',
      'ads',
      'business',
      'me',
    ],
  },
  home: { hint: /chưa chỉ tới/, words: ['home', 'home.php'] },
};

describe('Facebook’s reserved first path segments', () => {
  for (const [group, { hint, words }] of Object.entries(GROUPS)) {
    it.each(words)(`refuses /%s (${group}) with a message that says what to paste`, (word) => {
      for (const input of [
        FB + word,
        FB + word + '/',
        'https://m.facebook.com/' + word.toUpperCase() + '/congdoankontum',
        FB + word + '/congdoankontum/posts/1?ref=x',
      ]) {
        const r = canonicalize(input);
        expect(r, input).toMatchObject({ ok: false, rule: 'url-not-account' });
        if (!r.ok) expect(r.message, input).toMatch(hint);
      }
      expect(canonicalizeCommon(FB + word), word).toBeUndefined();
    });
  }

  // The cases that issue 12 found answered as page names.
  it.each([
    ['https://www.facebook.com/v18.0/dialog/oauth?client_id=123&redirect_uri=https%3A%2F%2Fexample.org%2F', /kỹ thuật/],
    ['https://www.facebook.com/tr?id=1234567890&ev=PageView&noscript=1', /kỹ thuật/],
    ['https://www.facebook.com/about/privacy', /chính sách/],
    ['https://www.facebook.com/public/Cong-Doan-Kon-Tum', /tìm kiếm/],
    ['https://www.facebook.com/places/Things-to-do-in-Kon-Tum/108000000000000/', /tìm kiếm/],
    ['https://www.facebook.com/directory/pages/', /tìm kiếm/],
    ['https://www.facebook.com/hashtag/congdoan', /tìm kiếm/],
    ['https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fcongdoankontum', /kỹ thuật/],
    ['https://www.facebook.com/dialog/share?app_id=1&href=https%3A%2F%2Fexample.org', /kỹ thuật/],
    ['https://www.facebook.com/latest/inbox/all', /chức năng/],
    ['https://www.facebook.com/memories/?source=bookmark', /chức năng/],
    ['https://www.facebook.com/notes/congdoankontum/bai-viet/123456789012345/', /Sao chép liên kết/],
    ['https://www.facebook.com/questions/123456', /chức năng/],
    ['https://www.facebook.com/photo/?fbid=123456789012345&set=a.100064512345678', /Sao chép liên kết/],
    ['https://www.facebook.com/reel/1195289147628387', /Sao chép liên kết/],
    ['https://www.facebook.com/watch/?v=647537299265662', /Sao chép liên kết/],
    ['https://www.facebook.com/', /chưa chỉ tới/],
  ])('refuses %s', (input, hint) => {
    const r = canonicalize(input);
    expect(r).toMatchObject({ ok: false, rule: 'url-not-account' });
    if (!r.ok) expect(r.message).toMatch(hint);
  });

  it('tells how to get the page’s address from a post on a phone, for posts without the page’s id', () => {
    for (const input of [
      FB + 'story.php?story_fbid=123456789',
      FB + 'permalink.php?story_fbid=pfbid0abc',
      FB + 'photo/?fbid=123&set=a.1',
      FB + 'reel/123456789012345',
    ]) {
      const r = canonicalize(input);
      expect(r.ok, input).toBe(false);
      // Open the page from its name above the post, then copy the page's link.
      if (!r.ok) expect(r.message, input).toMatch(/điện thoại: chạm vào tên trang ở phía trên bài viết.*Sao chép liên kết/s);
    }
  });

  it('answers for the page when the post link carries the page’s id', () => {
    const r = canonicalize('https://m.facebook.com/story.php?story_fbid=pfbid02abc&id=100064512345678&mibextid=Nif5oz');
    expect(r).toMatchObject({ ok: true, key: 'id:100064512345678', subpage: true });
    if (r.ok) expect(r.message).toMatch(/bài viết/);
  });

  it('still reads pages whose names merely start like a reserved word', () => {
    for (const [input, key] of [
      [FB + 'aboutkontum', 'name:aboutkontum'],
      [FB + 'helpdesk.kontum', 'name:helpdeskkontum'],
      [FB + 'publicunion', 'name:publicunion'],
      [FB + 'trkontum', 'name:trkontum'],
      [FB + 'v18kontum', 'name:v18kontum'],
      [FB + 'eventskontum', 'name:eventskontum'],
    ] as const) {
      expect(canonicalize(input), input).toMatchObject({ ok: true, key });
      expect(canonicalizeCommon(input), input).toEqual(canonicalizeFull(input));
    }
  });
});
