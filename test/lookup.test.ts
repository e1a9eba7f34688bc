import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main as lookupMain } from '../src/cli/lookup.ts';
import { digestKey, groupDigest } from '../src/registry/group-digest.ts';
import { validateRegistry } from '../src/registry/load.ts';
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

  it('does not claim that an unknown address is an existing account', async () => {
    const answer = await ask('https://www.facebook.com/someone.unknown');
    expect(answer.message).toContain('có dạng một địa chỉ Facebook');
    expect(answer.message).not.toMatch(/đúng là|tài khoản Facebook có thật/);
  });

  it.each(['https://www.facebook.com/chu.tich.mot', 'https://www.facebook.com/ldld.dakha.cu', 'https://www.facebook.com/someone.unknown'])(
    'does not start the message of %s with its verdict (the CLI and the site show that above)',
    async (input) => {
      expect((await ask(input)).message).not.toMatch(/^(Chính thức|Không còn chính thức|Cảnh báo|Chưa có trong danh bạ):/);
    },
  );

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
    const inputs = [
      'https://www.facebook.com/congdoankontum',
      'https://www.facebook.com/ldld.dakha.cu',
      'https://www.facebook.com/congdoan.kontum.chinhthuc',
      'https://www.facebook.com/nobody.here',
      'https://www.facebook.com/groups/nhom.an.mot',
    ];
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

  it('has a shard for every prefix, empty ones too, so no look-up meets a 404', async () => {
    const index = await buildLookupIndex(facts);
    expect(index.shards.size).toBe(16 ** index.prefixLength);
    for (let i = 0; i < 16 ** index.prefixLength; i++)
      expect(index.shards.has(i.toString(16).padStart(index.prefixLength, '0'))).toBe(true);
    expect([...index.shards.values()]).toContain('{}');
  });

  it('grows the shard prefix with the registry so shards stay small', () => {
    expect(prefixLengthFor(10)).toBe(1);
    expect(prefixLengthFor(300_000)).toBeGreaterThanOrEqual(3);
    expect(300_000 / 16 ** prefixLengthFor(300_000)).toBeLessThanOrEqual(80);
  });
});

describe('hidden groups of an encrypted registry (known by digest only)', () => {
  const ENCRYPTED = fileURLToPath(new URL('./fixtures/valid/encrypted/', import.meta.url));
  const GROUP = 'https://www.facebook.com/groups/100000000000003';
  const encrypted = validateRegistry(ENCRYPTED, { today: TODAY }).registry!;
  const settings = encrypted.settings.privacy.group_digest!;
  const digestOf = (key: string) => groupDigest(key, settings);
  const encryptedFacts = buildLookupFacts(encrypted, TODAY);

  it('keeps the group out of the facts under its address, and in them under its digest', async () => {
    expect(encryptedFacts.has('group:100000000000003')).toBe(false);
    const digest = await groupDigest('group:100000000000003', settings);
    expect(encryptedFacts.get(digestKey(digest))).toMatchObject([
      { kind: 'account', unit: { id: 'cdcs-vi-du-hai' }, hidden: true, current: true },
    ]);
  });

  it('answers "nhóm ẩn của đơn vị X" for the group address, any form of it, when the digest is computed', async () => {
    for (const input of [GROUP, 'https://m.facebook.com/groups/100000000000003/?ref=share']) {
      const answer = await answerLookup(input, (key) => encryptedFacts.get(key) ?? [], digestOf);
      expect(answer).toMatchObject({ status: 'official', unit: { id: 'cdcs-vi-du-hai' }, role: 'group' });
      expect(answer.message).toContain('nhóm ẩn của đơn vị Công đoàn cơ sở Công ty Ví Dụ Hai');
    }
    // Without the digest the address is unknown: the index holds nothing under it.
    expect((await answerLookup(GROUP, (key) => encryptedFacts.get(key) ?? [])).status).toBe('unknown');
    expect(
      (await answerLookup('https://www.facebook.com/groups/100000000000004', (key) => encryptedFacts.get(key) ?? [], digestOf)).status,
    ).toBe('unknown');
  });

  it('answers the same from the static index, whose shards hold neither the address nor the digest', async () => {
    const index = await buildLookupIndex(encryptedFacts);
    const fetchShard = async (prefix: string) => (index.shards.has(prefix) ? (JSON.parse(index.shards.get(prefix)!) as Shard) : null);
    const answer = await answerLookup(GROUP, (key) => factsFromIndex(key, index.prefixLength, fetchShard), digestOf);
    expect(answer.message).toContain('nhóm ẩn của đơn vị');
    const all = [...index.shards.values()].join('\n');
    const digest = await groupDigest('group:100000000000003', settings);
    for (const secret of ['100000000000003', digest, digest.slice(digest.lastIndexOf('$') + 1)]) expect(all).not.toContain(secret);
  });

  it('npm run lookup answers the same', async () => {
    let out = '';
    const code = await lookupMain(['--registry', ENCRYPTED, '--today', TODAY, '--format', 'json', GROUP], {
      out: (t) => void (out += t),
      err: () => {},
      env: {},
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      status: 'official',
      unit: { id: 'cdcs-vi-du-hai', name: 'Công đoàn cơ sở Công ty Ví Dụ Hai' },
      role: 'group',
    });
  });
});
