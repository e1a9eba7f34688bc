/** In-place YAML edits: the pieces the contacts commands build their splices from. */
import { describe, expect, it } from 'vitest';
import {
  applySplices,
  canonicalJson,
  contentEnd,
  dedent,
  findPair,
  lineEnd,
  lineStart,
  nextLine,
  parseForEdit,
  splitSource,
  trailingComment,
} from '../src/lib/yaml-splice.ts';

describe('yaml-splice', () => {
  it('applies splices given in any order as offsets into the original text', () => {
    const text = 'name: A # giữ\nlevel: cdcs\n';
    const at = (s: string) => text.indexOf(s);
    const out = applySplices(text, [
      { start: at('cdcs'), end: at('cdcs') + 4, text: 'huyen' },
      { start: at('A'), end: at('A') + 1, text: 'Bê' },
    ]);
    expect(out).toBe('name: Bê # giữ\nlevel: huyen\n');
  });

  it('finds line bounds, the end of a block value and a trailing comment', () => {
    const text = 'a:\n  - x\n  - y\n\nb: 1   # cuối\nc: 2 d\n';
    const doc = parseForEdit(text);
    const list = findPair(doc.contents, 'a')!.value!;
    expect(text.slice(list.range![0], contentEnd(text, list))).toBe('- x\n  - y');
    const one = findPair(doc.contents, 'b')!.value!;
    const end = contentEnd(text, one);
    expect(trailingComment(text, end)).toEqual({ comment: '# cuối', end: lineEnd(text, end) });
    expect(trailingComment(text, text.indexOf(' d'))).toBeUndefined();
    expect(lineStart(text, text.indexOf('y'))).toBe(text.indexOf('  - y'));
    expect(nextLine(text, 0)).toBe(3);
    expect(findPair(doc.contents, 'e')).toBeUndefined();
  });

  it('keeps a BOM and the line break style apart from the text', () => {
    expect(splitSource('\uFEFFa: 1\r\nb: 2\r\n')).toEqual({ bom: '\uFEFF', text: 'a: 1\r\nb: 2\r\n', eol: '\r\n' });
    expect(splitSource('a: 1\n')).toEqual({ bom: '', text: 'a: 1\n', eol: '\n' });
  });

  it('de-indents without cutting text and compares data regardless of key order', () => {
    expect(dedent(['  - a', '    b', ' c'], 2, false)).toEqual(['- a', '  b', 'c']);
    expect(dedent(['[a,', '   b]'], 2, true)).toEqual(['[a,', ' b]']);
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3] } })).toBe(canonicalJson({ a: { c: [3], d: 2 }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
