/**
 * The canonicaliser against addresses that other projects wrote for their own tests
 * (test/fixtures/facebook-urls/corpus.yaml names each project, file, commit and
 * licence). Every address must get the answer the fixture gives, which follows
 * docs/facebook-urls.md where the source project disagrees (its `note` says so).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { canonicalize } from '../src/registry/facebook-url.ts';

interface CorpusCase {
  url: string;
  expect: string;
  sub?: boolean;
  replaced?: boolean;
  note?: string;
}
interface CorpusSource {
  project: string;
  licence: string;
  file: string;
  commit: string;
  what: string;
  cases: CorpusCase[];
}

const corpus = parse(readFileSync(new URL('./fixtures/facebook-urls/corpus.yaml', import.meta.url), 'utf8')) as { sources: CorpusSource[] };
const sources = corpus.sources;
const cases = sources.flatMap((s) => s.cases.map((c) => ({ ...c, project: s.project })));

/** The answer as the corpus writes it: a key, or `invalid`. */
function answer(url: string): { expect: string; sub: boolean } {
  const r = canonicalize(url);
  return r.ok ? { expect: r.key, sub: r.subpage } : { expect: 'invalid', sub: false };
}

describe('the corpus of other projects’ Facebook addresses', () => {
  it('holds at least 100 addresses from permissively licensed projects, each group fully described', () => {
    const counts = sources.map((s) => `${s.project} (${s.licence}): ${s.cases.length}`);
    console.log(`Facebook address corpus: ${cases.length} addresses from ${sources.length} projects\n  ${counts.join('\n  ')}`);
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const s of sources) {
      expect(s.licence, s.project).toMatch(/^(MIT|Apache-2\.0|Unlicense)/);
      expect(s.commit, s.project).toMatch(/^[0-9a-f]{40}$/);
      expect(s.file.length, s.project).toBeGreaterThan(0);
      expect(s.cases.length, s.project).toBeGreaterThan(0);
    }
  });

  it('has well-formed expectations: a canonical key or invalid, sub only with a key', () => {
    for (const c of cases) {
      expect(c.expect, c.url).toMatch(/^(invalid|name:[a-z0-9]+|id:\d+|group:[a-z0-9._-]+)$/);
      if (c.sub) expect(c.expect, c.url).not.toBe('invalid');
    }
  });

  it.each(cases.map((c) => [c.project, c.url, c] as const))('%s: %s', (_project, url, c) => {
    expect(answer(url)).toEqual({ expect: c.expect, sub: c.sub ?? false });
  });

  it('prints how many addresses each project contributes and how many are answered as expected', () => {
    const lines = sources.map((s) => {
      const right = s.cases.filter((c) => {
        const a = answer(c.url);
        return a.expect === c.expect && a.sub === (c.sub ?? false);
      }).length;
      return `${s.project}: ${right}/${s.cases.length}`;
    });
    console.log(`Answered as expected:\n  ${lines.join('\n  ')}`);
    expect(lines.every((l) => /: (\d+)\/\1$/.test(l))).toBe(true);
  });
});
