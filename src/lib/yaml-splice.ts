/**
 * Editing YAML text in place: the `yaml` Document API gives every node's source range,
 * and an edit replaces only the characters of the entries it changes, so comments,
 * quoting and spacing everywhere else stay byte for byte and a reviewer sees only the
 * change itself. Re-rendering the document would reformat the whole file.
 */
import { isMap, isScalar, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

/** Replace `text.slice(start, end)` with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping splices, all given as offsets into the original text. */
export function applySplices(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break that ends the line holding `offset` (or the text's end). */
export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i;
}

/** Offset just after the line break that ends the line holding `offset` (or the text's end). */
export function nextLine(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i + 1;
}

/** End of a node's own text: its range end without the line breaks and blanks a block node carries. */
export function contentEnd(text: string, node: Node): number {
  const [start, end] = node.range ?? [0, 0];
  let e = end;
  while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** `# comment` after `offset` on the same line, if the rest of the line is only that (or blank). */
export function trailingComment(text: string, offset: number): { comment?: string; end: number } | undefined {
  const end = lineEnd(text, offset);
  const rest = text.slice(offset, end).replace(/\r$/, '');
  if (/^\s*$/.test(rest)) return { end: offset };
  const match = /^\s+(#.*)$/.exec(rest);
  return match ? { comment: match[1]?.trimEnd(), end: offset + rest.length } : undefined;
}

export function leadingSpaces(line: string): number {
  return /^ */.exec(line)?.[0].length ?? 0;
}

/** Removes up to `n` leading spaces from every line but the first (when `skipFirst`). */
export function dedent(lines: readonly string[], n: number, skipFirst: boolean): string[] {
  return lines.map((line, i) => (skipFirst && i === 0 ? line : line.slice(Math.min(n, leadingSpaces(line)))));
}

/** Keys sorted at every level: data compared regardless of key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A file's text without its byte-order mark, and the line break it uses, to write edits back alike. */
export interface SourceText {
  bom: string;
  text: string;
  eol: string;
}

export function splitSource(raw: string): SourceText {
  const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = raw.slice(bom.length);
  return { bom, text, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** A document to edit: source ranges kept, duplicate keys an error (the validator's reading). */
export function parseForEdit(text: string): Document.Parsed {
  return parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
}

/** The data of a parsed document; aliases refused, as the registry does. */
export function toData(doc: Document.Parsed): unknown {
  return doc.toJS({ maxAliasCount: 0 });
}

/** The `key:` entry of a mapping node, or undefined when `map` is not a mapping or lacks it. */
export function findPair(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap<Node, Node | null>).items.find((p) => isScalar(p.key) && p.key.value === key);
}
