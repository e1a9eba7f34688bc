import { describe, expect, it } from 'vitest';
import { answerLookup, buildLookupFacts } from '../src/lib/lookup.ts';
import { buildLookupIndex, factsFromIndex, type Shard } from '../src/lib/lookup-index.ts';
import type { Registry } from '../src/registry/model.ts';
import { makeRegistry } from './helpers/registry.ts';

const TODAY = '2026-11-26';

/** Đắk Hà's page carries a numeric id and was renamed from "ldld.dakha.xua"; Kon Tum's page has a proof. */
function registryWithIds(requireProof = false): Registry {
  const registry = makeRegistry();
  const dakHa = registry.byId.get('ldld-dak-ha')!;
  dakHa.accounts![1] = { ...dakHa.accounts![1]!, fb_id: '100064512345678', former_urls: ['https://www.facebook.com/ldld.dakha.xua'] };
  const konTum = registry.byId.get('ldld-kon-tum')!;
  konTum.accounts![0] = { ...konTum.accounts![0]!, proof: { method: 'intro', checked: '2026-01-15' } };
  return { ...registry, settings: { ...registry.settings, require_proof: requireProof } };
}

function askerFor(registry: Registry) {
  const facts = buildLookupFacts(registry, TODAY);
  return (input: string) => answerLookup(input, (key) => facts.get(key) ?? []);
}

describe('numeric page ids in the checker', () => {
  const ask = askerFor(registryWithIds());
  it.each([
    'https://www.facebook.com/profile.php?id=100064512345678',
    'https://www.facebook.com/LDLD-Dak-Ha-100064512345678/',
    'https://www.facebook.com/people/LDLD-Dak-Ha/100064512345678/',
  ])('answers %s like the username', async (input) => {
    const byName = await ask('https://www.facebook.com/ldld.dakha');
    const byId = await ask(input);
    expect(byName.status).toBe('official');
    expect({ ...byId, input: '', key: '' }).toEqual({ ...byName, input: '', key: '' });
  });

  it('answers the same from the static index as in memory', async () => {
    const facts = buildLookupFacts(registryWithIds(), TODAY);
    const index = await buildLookupIndex(facts);
    const fetchShard = async (prefix: string) => JSON.parse(index.shards.get(prefix) ?? 'null') as Shard | null;
    const fromIndex = await answerLookup('https://www.facebook.com/profile.php?id=100064512345678', (key) =>
      factsFromIndex(key, index.prefixLength, fetchShard),
    );
    expect(fromIndex.status).toBe('official');
    expect(fromIndex.unit?.id).toBe('ldld-dak-ha');
    const renamed = await answerLookup('https://www.facebook.com/ldld.dakha.xua', (key) =>
      factsFromIndex(key, index.prefixLength, fetchShard),
    );
    expect(renamed.status).toBe('former');
    expect(renamed.realAccounts).toEqual([{ role: 'unit', name: 'LĐLĐ Đắk Hà', url: 'https://www.facebook.com/ldld.dakha' }]);
  });
});

describe('renamed pages', () => {
  const ask = askerFor(registryWithIds());
  it('answers an old address with former, the new name and a link to the current address', async () => {
    const answer = await ask('https://m.facebook.com/ldld.dakha.xua/');
    expect(answer.status).toBe('former');
    expect(answer.unit?.id).toBe('ldld-dak-ha');
    expect(answer.message).toContain('đã đổi tên thành "LĐLĐ Đắk Hà"');
    expect(answer.realAccounts.map((a) => a.url)).toEqual(['https://www.facebook.com/ldld.dakha']);
  });
});

describe('proof of control', () => {
  it('says when control was verified', async () => {
    const answer = await askerFor(registryWithIds())('https://www.facebook.com/congdoankontum');
    expect(answer.status).toBe('official');
    expect(answer.message).toContain('Đã xác minh quyền quản trị ngày 15/01/2026');
  });

  it('without require_proof, an account without proof is still official', async () => {
    const answer = await askerFor(registryWithIds())('https://www.facebook.com/ldld.dakha');
    expect(answer.status).toBe('official');
    expect(answer.message).not.toContain('xác minh quyền quản trị');
  });

  it('with require_proof, an account without proof is unknown and waiting for verification', async () => {
    const ask = askerFor(registryWithIds(true));
    const pending = await ask('https://www.facebook.com/ldld.dakha');
    expect(pending.status).toBe('unknown');
    expect(pending.unit?.id).toBe('ldld-dak-ha');
    expect(pending.message).toContain('đang chờ xác minh');
    expect((await ask('https://www.facebook.com/congdoankontum')).status).toBe('official');
  });
});

describe('npm run lookup on a renamed page', () => {
  it('prints the current address of an old one', async () => {
    const { formatAnswerText } = await import('../src/cli/lookup.ts');
    const answer = await askerFor(registryWithIds())('https://www.facebook.com/ldld.dakha.xua');
    expect(formatAnswerText(answer)).toContain('Địa chỉ hiện tại: LĐLĐ Đắk Hà — https://www.facebook.com/ldld.dakha');
  });
});

describe('npm run lookup with a numeric id', () => {
  it('answers profile.php?id=<fb_id> like the username, on a registry on disk', async () => {
    const { main } = await import('../src/cli/lookup.ts');
    const registry = new URL('./fixtures/base', import.meta.url).pathname;
    const run = async (address: string) => {
      let out = '';
      const code = await main(['--registry', registry, '--format', 'json', '--today', TODAY, address], {
        out: (t) => void (out += t),
        err: () => {},
        env: {},
      });
      return { code, answer: JSON.parse(out) as { status: string; unit: { id: string } | null; message: string } };
    };
    const byName = await run('https://www.facebook.com/ldld.vidu.mot');
    const byId = await run('https://www.facebook.com/profile.php?id=100000000000001');
    expect(byName.code).toBe(0);
    expect(byId.answer.status).toBe('official');
    expect(byId.answer.unit?.id).toBe(byName.answer.unit?.id);
    expect(byId.answer.message).toBe(byName.answer.message);
  });
});
