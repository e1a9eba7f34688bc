import { describe, expect, it } from 'vitest';
import { proofCode, proofCodeForKey, textShowsProofCode } from '../src/lib/proof-code.ts';
import { main as proofMain } from '../src/cli/proof.ts';

const CODE = /^CĐ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe('proof codes', () => {
  it('is CĐ- and two groups of four Crockford base32 symbols', async () => {
    expect(await proofCodeForKey('name:ldld.dakha', 'ldld-dak-ha', '2026-11-26')).toMatch(CODE);
  });

  it('is the same for every spelling of one account', async () => {
    const a = await proofCode('https://www.facebook.com/LDLD.DakHa/?ref=bookmarks', 'ldld-dak-ha', '2026-11-26');
    const b = await proofCode('m.facebook.com/ldld.dakha', 'ldld-dak-ha', '2026-11-26');
    expect(a.ok && b.ok && a.code === b.code).toBe(true);
  });

  it('changes with the account, the unit and the date', async () => {
    const base = await proofCodeForKey('name:ldld.dakha', 'ldld-dak-ha', '2026-11-26');
    const others = await Promise.all([
      proofCodeForKey('name:ldld.dakha2', 'ldld-dak-ha', '2026-11-26'),
      proofCodeForKey('name:ldld.dakha', 'ldld-sa-thay', '2026-11-26'),
      proofCodeForKey('name:ldld.dakha', 'ldld-dak-ha', '2026-11-27'),
    ]);
    for (const other of others) expect(other).not.toBe(base);
  });

  it('does not confuse parts that would join to the same text', async () => {
    expect(await proofCodeForKey('name:ab', 'c', '2026-01-01')).not.toBe(await proofCodeForKey('name:a', 'bc', '2026-01-01'));
  });

  it('refuses an address that is not an account, in Vietnamese', async () => {
    const result = await proofCode('https://example.com/x', 'ldld-dak-ha', '2026-11-26');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/facebook/i);
  });

  it('finds the code in text retyped loosely', async () => {
    const code = await proofCodeForKey('name:ldld.dakha', 'ldld-dak-ha', '2026-11-26');
    expect(textShowsProofCode(`Mã xác minh công đoàn: ${code.toLowerCase().replace('đ', 'd')}`, code)).toBe(true);
    expect(textShowsProofCode('Mã xác minh công đoàn: CĐ-0000-0000', code === 'CĐ-0000-0000' ? 'CĐ-1111-1111' : code)).toBe(false);
  });
});

describe('npm run proof', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} } };
  };

  it('prints the code for a unit, an address and a date', async () => {
    const run = io();
    expect(
      await proofMain(['--unit', 'ldld-dak-ha', '--url', 'https://www.facebook.com/ldld.dakha', '--since', '2026-11-26'], run.io),
    ).toBe(0);
    const expected = await proofCode('facebook.com/ldld.dakha', 'ldld-dak-ha', '2026-11-26');
    expect(expected.ok && run.out.join('').startsWith(`${expected.code}\n`)).toBe(true);
  });

  it('exits 1 with a Vietnamese message for an address that is not Facebook', async () => {
    const run = io();
    expect(await proofMain(['--unit', 'ldld-dak-ha', '--url', 'https://example.com/x', '--since', '2026-11-26'], run.io)).toBe(1);
    expect(run.err.join('')).toMatch(/facebook/i);
  });
});

describe('the synchronous proof code', () => {
  it('equals the Web Crypto one', async () => {
    const { hash } = await import('node:crypto');
    const { proofCodeForKeySync } = await import('../src/lib/proof-code.ts');
    expect(proofCodeForKeySync('name:ldlddakha', 'ldld-dak-ha', '2026-11-26', (t) => hash('sha256', t, 'buffer'))).toBe(
      await proofCodeForKey('name:ldlddakha', 'ldld-dak-ha', '2026-11-26'),
    );
  });
});
