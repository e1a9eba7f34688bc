/**
 * A reader for the plain shape nearly every registry file has: block mappings and block
 * sequences, one `key: value` a line, plain or simply quoted one-line values, comment
 * lines, and `[]` for an empty list. It reads such a file several times faster than
 * js-yaml (which costs ~35 µs a unit file, the largest share of validating 135,000 of
 * them), and gives up — `undefined` — on
 * anything else: flow collections, multi-line or block scalars, comments after a value,
 * escapes, tabs, anchors, documents markers, typed values other than plain integers and
 * dates (`true`, `null`, `1.5`, `0x1F`…), duplicate keys. The caller then uses js-yaml,
 * and, for a file with a problem, the precise parser (yaml.ts).
 *
 * Whatever it returns, js-yaml (core schema) returns the same for that text: a test
 * compares the two on every generated unit file, every fixture and thousands of
 * mutated files.
 */

type Value = string | number | Value[] | { [key: string]: Value };

// Characters js-yaml refuses or reads specially anywhere: C0/C1 controls (but \n), DEL,
// line separators, surrogates (a valid pair is fine in YAML, but rare here: js-yaml decides).
const AWKWARD = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// A plain value may not start with an indicator, nor hold ": " or " #", nor end with ":".
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
const KEYWORD = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const MAX_DEPTH = 16;

interface Line {
  indent: number;
  /** The line without its indentation. */
  text: string;
}

/** Spaces only: YAML indents and separates with U+0020, not with other white space. */
const leadingSpaces = (text: string): number => {
  let n = 0;
  while (text.charCodeAt(n) === 0x20) n++;
  return n;
};
const trimSpaces = (text: string): string => {
  const start = leadingSpaces(text);
  let end = text.length;
  while (end > start && text.charCodeAt(end - 1) === 0x20) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
};

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

function scalar(raw: string): Value {
  const value = trimSpaces(raw);
  if (value === '') return giveUp();
  const first = value.charCodeAt(0);
  if (first === 0x22 /* " */) {
    const inner = value.slice(1, -1);
    return value.length >= 2 && value.endsWith('"') && !inner.includes('"') && !inner.includes('\\') ? inner : giveUp();
  }
  if (first === 0x27 /* ' */) {
    const inner = value.slice(1, -1);
    return value.length >= 2 && value.endsWith("'") && !inner.includes("'") ? inner : giveUp();
  }
  if (value === '[]') return []; // "none yet", as the shipped files say it
  if (INDICATOR.test(value) || value.includes(': ') || value.includes(' #') || value.endsWith(':')) return giveUp();
  if (DECIMAL.test(value)) return Number(value);
  // Anything else that could be a number, a boolean or null under the core schema.
  if ((first >= 0x30 && first <= 0x39) || first === 0x2b /* + */ || first === 0x2e /* . */ || first === 0x7e /* ~ */) {
    return DATE.test(value) ? value : giveUp();
  }
  if (value.length <= 5 && KEYWORD.test(value)) return giveUp();
  return value;
}

/** `key: value`, `key:` → [key, rest]; anything else → undefined. */
function keyOf(text: string): [key: string, rest: string] | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const key = text.slice(0, colon);
  if (!KEY.test(key) || key === '__proto__') return undefined;
  const rest = text.slice(colon + 1);
  if (rest !== '' && rest.charCodeAt(0) !== 0x20) return undefined;
  return [key, trimSpaces(rest)];
}

class Reader {
  private i = 0;
  private readonly lines: Line[];
  constructor(lines: Line[]) {
    this.lines = lines;
  }

  private peek(): Line | undefined {
    return this.lines[this.i];
  }

  /** A mapping whose keys stand at `indent`; `first` is a key line already taken off (a sequence item's). */
  mapping(indent: number, depth: number, first?: string): Value {
    if (depth > MAX_DEPTH) giveUp();
    const out: { [key: string]: Value } = {};
    if (first !== undefined) this.entry(out, first, indent, depth);
    for (let line = this.peek(); line && line.indent === indent && !line.text.startsWith('- ') && line.text !== '-'; line = this.peek()) {
      this.i++;
      this.entry(out, line.text, indent, depth);
    }
    const next = this.peek();
    if (next && next.indent > indent) giveUp(); // a continuation line, or odd indentation
    return out;
  }

  private entry(out: { [key: string]: Value }, text: string, indent: number, depth: number): void {
    const [key, rest] = keyOf(text) ?? giveUp();
    if (Object.hasOwn(out, key)) giveUp();
    out[key] = rest === '' ? this.nested(indent, depth) : scalar(rest);
  }

  /** The block under `key:`: deeper lines, a mapping or a sequence. */
  private nested(indent: number, depth: number): Value {
    const line = this.peek();
    if (!line || line.indent <= indent) return giveUp(); // null, or a sequence at the key's own indentation
    return line.text.startsWith('- ') ? this.sequence(line.indent, depth + 1) : this.mapping(line.indent, depth + 1);
  }

  private sequence(indent: number, depth: number): Value {
    if (depth > MAX_DEPTH) giveUp();
    const out: Value[] = [];
    for (let line = this.peek(); line && line.indent === indent && line.text.startsWith('- '); line = this.peek()) {
      this.i++;
      const item = line.text.slice(2);
      const spaces = leadingSpaces(item);
      const itemIndent = indent + 2 + spaces;
      const text = item.slice(spaces);
      out.push(keyOf(text) ? this.mapping(itemIndent, depth + 1, text) : scalar(text));
    }
    const next = this.peek();
    if (next && next.indent > indent) giveUp();
    return out;
  }

  done(): boolean {
    return this.i === this.lines.length;
  }
}

/** The file's mapping, or undefined when the text is not in the plain shape (see above). */
export function readPlainYaml(text: string): Record<string, unknown> | undefined {
  const plain = text.includes('\r') ? text.replaceAll('\r\n', '\n') : text;
  if (AWKWARD.test(plain)) return undefined;
  const lines: Line[] = [];
  for (const line of plain.split('\n')) {
    const indent = leadingSpaces(line);
    const body = line.slice(indent);
    if (body === '' || body.startsWith('#')) continue;
    if (line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) return undefined;
    lines.push({ indent, text: body });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const reader = new Reader(lines);
    const value = reader.mapping(0, 0);
    return reader.done() ? (value as Record<string, unknown>) : undefined;
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}
