import { describe, expect, it } from 'vitest';
import { answerLookup, buildLookupFacts, type LookupAnswer } from '../src/lib/lookup.ts';
import { buildLookupIndex, factsFromIndex, prefixLengthFor, type Shard } from '../src/lib/lookup-index.ts';
import { makeRegistry } from './helpers/registry.ts';

const TODAY = '2026-11-26';
const registry = makeRegistry();
const facts = buildLookupFacts(registry, TODAY);
const ask = (input: string) => answerLookup(input, (key) => facts.get(key) ?? []);

describe('lookup answers', () => {
  it.each([
    ['https://m.facebook.com/congdoankontum/?ref=bookmarks', 'official', 'ldld-kon-tum', 'unit'],
    ['https://www.facebook.com/congdoanvietnam', 'official', null, 'follow'],
    ['facebook.com/ldld.dakha', 'official', 'ldld-dak-ha', 'unit'],
    ['https://www.facebook.com/groups/nhom.an.mot/', 'official', 'cdcs-mot', 'group'],
    ['https://www.facebook.com/ldld.dakha.cu', 'former', 'ldld-dak-ha', 'unit'],
    ['https://www.facebook.com/chu.tich.ba', 'former', 'cdcs-ba', 'chair'],
    ['https://www.facebook.com/congdoan.kontum.chinhthuc?mibextid=abc', 'reported', 'ldld-kon-tum', null],
    ['https://www.facebook.com/someone.unknown', 'unknown', null, null],
    ['https://facebook.com.vn/congdoankontum', 'invalid', null, null],
    ['https://www.facebook.com/share/abc123', 'invalid', null, null],
  ] as const)('answers %s with %s', async (input, status, unit, role) => {
    const answer = await ask(input);
    expect(answer.status).toBe(status);
    expect(answer.unit?.id ?? null).toBe(unit);
    expect(answer.role).toBe(role);
    expect(answer.message).toMatch(/[ạảãáàâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữíìịỉĩ]/i);
  });

  it('says since when an official account is registered', async () => {
    const answer = await ask('https://www.facebook.com/chu.tich.mot');
    expect(answer).toMatchObject({ status: 'official', since: '2018-10-01', until: null });
    expect(answer.message).toContain('01/10/2018');
  });

  it('still says official for an account overdue for re-confirmation, with the last confirmation and a warning', async () => {
    const answer = await ask('https://www.facebook.com/chu.tich.mot');
    expect(answer).toMatchObject({ status: 'official', checked: '2018-10-01', overdue: true });
    expect(answer.message).toContain('Xác nhận lần cuối ngày 01/10/2018.');
    expect(answer.message).toContain('quá hạn');
    const fresh = makeRegistry();
    fresh.byId.get('cdcs-mot')!.accounts![0]!.checked = '2026-06-30';
    const freshFacts = buildLookupFacts(fresh, TODAY);
    const confirmed = await answerLookup('https://www.facebook.com/chu.tich.mot', (key) => freshFacts.get(key) ?? []);
    expect(confirmed).toMatchObject({ status: 'official', checked: '2026-06-30', overdue: false });
    expect(confirmed.message).toContain('Xác nhận lần cuối ngày 30/06/2026.');
    expect(confirmed.message).not.toContain('quá hạn');
  });

  it('gives the end date of a former account, from until or from the dissolution', async () => {
    expect((await ask('https://www.facebook.com/ldld.dakha.cu')).until).toBe('2021-05-01');
    expect((await ask('https://www.facebook.com/chu.tich.ba')).until).toBe('2025-07-01');
  });

  it('lists the real public accounts for a reported impostor, never a hidden group', async () => {
    const answer = await ask('https://www.facebook.com/congdoan.kontum.chinhthuc');
    expect(answer.realAccounts).toEqual([{ role: 'unit', name: 'congdoankontum', url: 'https://www.facebook.com/congdoankontum' }]);
    for (const fact of facts.values()) expect(JSON.stringify(fact)).not.toContain('nhom.an.mot');
  });

  it('answers a post of an official page about the page, saying so', async () => {
    const answer = await ask('https://www.facebook.com/congdoankontum/posts/12345');
    expect(answer).toMatchObject({ status: 'official', subpage: true });
  });
});

describe('the static lookup index', () => {
  it('answers exactly as the in-memory facts do, fetching one shard per look-up', async () => {
    const index = await buildLookupIndex(facts);
    const fetched: string[] = [];
    const fetchShard = async (prefix: string): Promise<Shard | null> => {
      fetched.push(prefix);
      const text = index.shards.get(prefix);
      return text === undefined ? null : (JSON.parse(text) as Shard);
    };
    const inputs = ['https://www.facebook.com/congdoankontum', 'https://www.facebook.com/ldld.dakha.cu', 'https://www.facebook.com/congdoan.kontum.chinhthuc', 'https://www.facebook.com/nobody.here', 'https://www.facebook.com/groups/nhom.an.mot'];
    for (const input of inputs) {
      const before = fetched.length;
      const fromShard: LookupAnswer = await answerLookup(input, (key) => factsFromIndex(key, index.prefixLength, fetchShard));
      expect(fromShard).toEqual(await ask(input));
      expect(fetched.length - before).toBe(1);
    }
  });

  it('is the same index whether keys are hashed by Web Crypto (browser) or by node:crypto (build)', async () => {
    const { hash } = await import('node:crypto');
    const browser = await buildLookupIndex(facts);
    const node = await buildLookupIndex(facts, (key) => hash('sha256', key));
    expect([...node.shards]).toEqual([...browser.shards]);
    expect(node.shards.size).toBeGreaterThan(0);
  });

  it('holds no key in clear and no address but the real pages shown for an impostor', async () => {
    const index = await buildLookupIndex(facts);
    const all = [...index.shards.values()].join('\n');
    for (const needle of ['name:', 'group:', 'id:', 'nhom.an.mot', 'chu.tich', 'ldld.dakha']) expect(all).not.toContain(needle);
    const addresses = all.match(/https?:[^"]+/g) ?? [];
    expect(addresses).toEqual(['https://www.facebook.com/congdoankontum']);
  });

  it('grows the shard prefix with the registry so shards stay small', () => {
    expect(prefixLengthFor(10)).toBe(1);
    expect(prefixLengthFor(300_000)).toBeGreaterThanOrEqual(3);
    expect(300_000 / 16 ** prefixLengthFor(300_000)).toBeLessThanOrEqual(80);
  });
});
