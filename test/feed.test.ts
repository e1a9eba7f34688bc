/**
 * The change feed against RFC 4287's requirements, parsed by a real, strict XML parser
 * (saxes: it throws on anything not well-formed) into a small namespace-aware tree.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { contentUuid, feedEntries, feedXml, MAX_FEED_ENTRIES } from '../src/site/feed.ts';
import { makeRegistry } from './helpers/registry.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const TODAY = '2026-11-26';
const SITE = new URL('https://congdoan.example.vn/danh-ba/');
/** RFC 3339 date-time, as RFC 4287 section 3.3 requires. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface Element {
  uri: string;
  local: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

function parse(xml: string): Element {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Element[] = [];
  let root: Element | undefined;
  parser.on('opentag', (tag) => {
    const el: Element = {
      uri: tag.uri,
      local: tag.local,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value])),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(el);
    root ??= el;
    stack.push(el);
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

const children = (parent: Element, name: string) => parent.children.filter((n) => n.uri === ATOM && n.local === name);

/** The "MUST"s of RFC 4287 for atom:feed and atom:entry that this feed can break. */
function rfc4287Problems(xml: string): string[] {
  const problems: string[] = [];
  const feed = parse(xml);
  if (feed.uri !== ATOM || feed.local !== 'feed') return ['root is not atom:feed'];
  const once = (el: Element, name: string, where: string) => {
    const found = children(el, name);
    if (found.length !== 1) problems.push(`${where}: ${found.length} atom:${name}`);
    return found[0];
  };
  for (const name of ['id', 'title', 'updated']) once(feed, name, 'feed');
  const entries = children(feed, 'entry');
  if (children(feed, 'author').length === 0 && entries.some((e) => children(e, 'author').length === 0))
    problems.push('no feed author and an entry without author');
  for (const author of children(feed, 'author')) if (children(author, 'name').length !== 1) problems.push('author without one name');
  const alternates = children(feed, 'link').filter((l) => (l.attributes.rel ?? 'alternate') === 'alternate');
  if (new Set(alternates.map((l) => `${l.attributes.type}|${l.attributes.hreflang}`)).size !== alternates.length)
    problems.push('two alternate links of one type');
  const checkDate = (el: Element | undefined, where: string) => {
    if (el && !DATE_TIME.test(el.text)) problems.push(`${where}: updated is not an RFC 3339 date-time`);
  };
  checkDate(children(feed, 'updated')[0], 'feed');
  const iri = (el: Element | undefined, where: string) => {
    if (el && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(el.text)) problems.push(`${where}: id is not an IRI`);
  };
  iri(children(feed, 'id')[0], 'feed');
  entries.forEach((entry, i) => {
    const where = `entry ${i}`;
    iri(once(entry, 'id', where), where);
    once(entry, 'title', where);
    checkDate(once(entry, 'updated', where), where);
    const links = children(entry, 'link').filter((l) => (l.attributes.rel ?? 'alternate') === 'alternate');
    if (links.length === 0 && children(entry, 'content').length === 0) problems.push(`${where}: neither an alternate link nor content`);
    for (const link of children(entry, 'link')) if (!link.attributes.href) problems.push(`${where}: link without href`);
  });
  return problems;
}

describe('the RFC 4287 checker', () => {
  const good = feedXml(makeRegistry(), TODAY, SITE);
  it('finds nothing in the feed', () => {
    expect(rfc4287Problems(good)).toEqual([]);
  });
  it.each([
    ['a missing entry id', good.replace(/<entry>\n<id>[^<]*<\/id>/, '<entry>'), 'entry 0: 0 atom:id'],
    [
      'a date without time',
      good.replace(/<updated>[^<]*<\/updated>/, '<updated>2024-01-01</updated>'),
      'feed: updated is not an RFC 3339 date-time',
    ],
    ['no author anywhere', good.replace(/<author>.*<\/author>/, ''), 'no feed author and an entry without author'],
    ['an entry without link', good.replace(/(<entry>[\s\S]*?)<link [^>]*\/>/, '$1'), 'entry 0: neither an alternate link nor content'],
  ])('flags %s', (_name, xml, problem) => {
    expect(rfc4287Problems(xml)).toContain(problem);
  });
  it('rejects XML that is not well-formed', () => {
    expect(() => parse(good.replace('</feed>', ''))).toThrow();
    expect(() => parse(good.replace('<title>', '<title>A & B'))).toThrow();
  });
});

describe('the change feed', () => {
  const registry = makeRegistry();
  const entries = feedEntries(registry, TODAY);

  it('covers new and ended accounts, dissolved units, reported impostors and deadlines ahead', () => {
    const kinds = (list = entries) => new Set(list.map((e) => e.kind));
    expect(kinds()).toEqual(new Set(['account-new', 'account-ended', 'unit-dissolved', 'reported']));
    expect(kinds(feedEntries(registry, '2018-10-15'))).toContain('deadline');
    expect(entries.find((e) => e.kind === 'unit-dissolved')).toMatchObject({ date: '2025-07-01', path: '/don-vi/cdcs-ba/' });
    expect(entries.find((e) => e.kind === 'account-ended')).toMatchObject({ date: '2021-05-01' });
    expect(entries.find((e) => e.kind === 'reported')!.summary).toContain('congdoan.kontum.chinhthuc');
  });

  it('is newest first, has unique ids and keeps at most the newest 200', () => {
    const dates = entries.map((e) => e.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const big = makeRegistry();
    const unit = big.byId.get('cdcs-hai')!;
    unit.accounts = Array.from({ length: 50 }, (_, i) => ({
      role: 'chair' as const,
      url: `https://www.facebook.com/ct.${i}`,
      name: `CT ${i}`,
      since: `2019-01-${String((i % 28) + 1).padStart(2, '0')}`,
      until: '2019-02-01',
    }));
    for (const other of ['cdcs-mot', 'ldld-sa-thay', 'ldld-dak-ha', 'ldld-kon-tum', 'cdcs-ba'])
      big.byId.get(other)!.accounts = [...unit.accounts];
    const all = feedEntries(big, TODAY, Infinity);
    expect(all.length).toBeGreaterThan(MAX_FEED_ENTRIES);
    expect(feedEntries(big, TODAY)).toEqual(all.slice(0, MAX_FEED_ENTRIES));
  });

  it('is reproducible: ids and dates come from the data, not from the clock', () => {
    expect(feedXml(makeRegistry(), TODAY, SITE)).toBe(feedXml(makeRegistry(), TODAY, SITE));
    expect(contentUuid('x')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const xml = feedXml(registry, TODAY, SITE);
    // The newest change of the fixture is the dissolution on 2025-07-01.
    expect(xml).toContain('<updated>2025-07-01T00:00:00+07:00</updated>\n<author>');
    expect(xml).toContain('href="https://congdoan.example.vn/don-vi/cdcs-ba/"');
  });

  it('never names a hidden group or carries an admin contact', () => {
    const withAdmins = makeRegistry();
    withAdmins.byId.get('cdcs-mot')!.accounts![0]!.admins = [{ name: 'Nguyễn Văn Quản Trị', phone: '0905000099', email: 'qt@example.vn' }];
    const xml = feedXml(withAdmins, TODAY, SITE);
    for (const secret of ['nhom.an.mot', 'Nhóm Một', 'Nguyễn Văn Quản Trị', '0905000099', 'qt@example.vn'])
      expect(xml).not.toContain(secret);
    expect(xml).toContain('nhóm kín, địa chỉ không công bố');
  });

  it('escapes registry text', () => {
    const hostile = makeRegistry();
    hostile.byId.get('cdcs-hai')!.name = 'A & B <script>"x"</script>';
    const xml = feedXml(hostile, TODAY, SITE);
    expect(rfc4287Problems(xml)).toEqual([]);
    expect(xml).toContain('A &amp; B &lt;script&gt;&quot;x&quot;&lt;/script&gt;');
  });
});
