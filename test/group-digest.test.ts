/** The hidden groups' digest (src/registry/group-digest.ts): PBKDF2-HMAC-SHA256 in the PHC string format. */
import { describe, expect, it } from 'vitest';
import { digestKey, digestMatchesSettings, groupDigest, newDigestSalt, parseGroupDigest } from '../src/registry/group-digest.ts';
import { GROUP_DIGEST_PATTERN } from '../src/schema/index.ts';

describe('groupDigest', () => {
  it('is PBKDF2-HMAC-SHA256: the RFC 7914 test vector (P="passwd", S="salt", c=1), first 32 bytes', async () => {
    const digest = await groupDigest('passwd', { salt: 'c2FsdA', iterations: 1 });
    const expected = Buffer.from('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc', 'hex')
      .toString('base64')
      .replace(/=+$/, '');
    expect(digest).toBe(`$pbkdf2-sha256$i=1$c2FsdA$${expected}`);
  });

  it('writes its parameters into the value, which the schema pattern accepts and parseGroupDigest reads back', async () => {
    const settings = { salt: newDigestSalt(), iterations: 10_000 };
    const digest = await groupDigest('group:100000000000003', settings);
    expect(GROUP_DIGEST_PATTERN.test(digest)).toBe(true);
    expect(parseGroupDigest(digest)).toEqual({ iterations: 10_000, salt: settings.salt, hash: digest.slice(digest.lastIndexOf('$') + 1) });
    expect(digestMatchesSettings(digest, settings)).toBe(true);
    expect(digestMatchesSettings(digest, { ...settings, iterations: 10_001 })).toBe(false);
    expect(digestMatchesSettings(digest, { ...settings, salt: newDigestSalt() })).toBe(false);
    expect(digestMatchesSettings(digest, undefined)).toBe(false);
  });

  it('differs by group, by salt and by iterations, and is the same for the same input', async () => {
    const salt = newDigestSalt();
    const a = await groupDigest('group:100000000000003', { salt, iterations: 10_000 });
    expect(await groupDigest('group:100000000000003', { salt, iterations: 10_000 })).toBe(a);
    const others = [
      await groupDigest('group:100000000000004', { salt, iterations: 10_000 }),
      await groupDigest('group:100000000000003', { salt: newDigestSalt(), iterations: 10_000 }),
      await groupDigest('group:100000000000003', { salt, iterations: 10_001 }),
    ];
    for (const other of others) expect(digestKey(other)).not.toBe(digestKey(a));
  });

  it('makes fresh 16-byte salts', () => {
    const salts = new Set(Array.from({ length: 20 }, newDigestSalt));
    expect(salts.size).toBe(20);
    for (const salt of salts) expect(Buffer.from(salt, 'base64')).toHaveLength(16);
  });

  it.each([
    ['no prefix', 'pbkdf2-sha256$i=10000$+r3tEeShHOwtN3xkxMXPUA$zsmWf7Pfh0NWGg6EBp3qzTI/ejkjMQliLGmxpNgf/7w'],
    ['another hash', '$pbkdf2-sha512$i=10000$+r3tEeShHOwtN3xkxMXPUA$zsmWf7Pfh0NWGg6EBp3qzTI/ejkjMQliLGmxpNgf/7w'],
    ['zero iterations', '$pbkdf2-sha256$i=0$+r3tEeShHOwtN3xkxMXPUA$zsmWf7Pfh0NWGg6EBp3qzTI/ejkjMQliLGmxpNgf/7w'],
    ['a short hash', '$pbkdf2-sha256$i=10000$+r3tEeShHOwtN3xkxMXPUA$zsmWf7Pfh0NWGg6EBp3qzTI'],
    ['padding', '$pbkdf2-sha256$i=10000$+r3tEeShHOwtN3xkxMXPUA==$zsmWf7Pfh0NWGg6EBp3qzTI/ejkjMQliLGmxpNgf/7w'],
    ['a line break', '$pbkdf2-sha256$i=10000$+r3tEeShHOwtN3xkxMXPUA$zsmWf7Pfh0NWGg6EBp3qzTI/ejkjMQliLGmxpNgf/7w\n'],
  ])('refuses a value with %s', (_what, value) => {
    expect(parseGroupDigest(value)).toBeUndefined();
  });
});
