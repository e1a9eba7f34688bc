/**
 * Reading one registry file: its bytes under the size limit (never a symlink where that
 * matters), the text checks (binary, UTF-8, NFC), then YAML and the schema. Problems come
 * back as data; schema problems with a path, placed later only when a file has any.
 */
import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { hash } from 'node:crypto';
import type { z } from 'zod';
import { describeIssue } from '../schema/index.ts';
import type { PathProblem, Problem } from './problems.ts';
import { MAX_FILE_BYTES, parseFast, parsePrecise, prepareText, type PreciseParse } from './yaml.ts';

const READ_BUFFER = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);

export interface SourceText {
  text?: string;
  problems: Problem[];
  /** `contentDigest` of the bytes read, when asked for. */
  digest?: string;
}

/** Reads a file without loading anything over the size limit; `checkLink` refuses a symlink. */
export function readSource(abs: string, file: string, checkLink = false, withDigest = false): SourceText {
  const fileProblem = (rule: Problem['rule'], message: string): SourceText => ({
    problems: [{ file, line: 1, column: 1, path: '', rule, severity: 'error', message }],
  });
  if (checkLink) {
    try {
      if (!lstatSync(abs).isFile()) return fileProblem('file-not-regular', 'Tệp này là một liên kết (symlink) hoặc không phải tệp thường. Hãy thay bằng chính tệp.');
    } catch {
      return fileProblem('file-not-regular', 'Thiếu tệp này. Hãy tạo tệp theo mẫu trong tài liệu định dạng danh bạ.');
    }
  }
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return fileProblem('file-not-regular', 'Không đọc được tệp này. Hãy kiểm tra tệp có tồn tại và là một tệp văn bản bình thường.');
  }
  try {
    const read = readLimited(fd);
    if (read > MAX_FILE_BYTES) {
      const size = fstatSync(fd).size;
      return fileProblem('file-too-large', `Tệp quá lớn (${Math.ceil(size / 1024)} KiB). Mỗi tệp chỉ được tối đa 64 KiB; hãy kiểm tra xem có dán nhầm nội dung khác vào không.`);
    }
    const bytes = READ_BUFFER.subarray(0, read);
    const digest = withDigest ? contentDigest(bytes) : undefined;
    if (bytes.includes(0)) {
      return fileProblem('yaml-syntax', 'Tệp chứa dữ liệu nhị phân, không phải văn bản. Hãy lưu lại tệp dưới dạng văn bản UTF-8.');
    }
    const raw = bytes.toString('utf8');
    if (raw.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD'))) {
      return fileProblem('yaml-syntax', 'Tệp không phải văn bản UTF-8. Hãy lưu lại tệp với bảng mã UTF-8.');
    }
    const prepared = prepareText(raw);
    const problems: Problem[] = [];
    if (prepared.normalizedAt !== undefined) {
      const { line, column } = lineColumn(prepared.text, prepared.normalizedAt);
      problems.push({ file, line, column, path: '', rule: 'text-normalized', severity: 'warning', message: 'Chữ tiếng Việt trong tệp được gõ ở dạng tổ hợp (dấu tách rời chữ). Danh bạ đã tự chuyển sang dạng dựng sẵn (NFC); hãy lưu lại tệp với bảng mã Unicode dựng sẵn.' });
    }
    return { text: prepared.text, problems, digest };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads an open file into the shared buffer, one byte over the size limit: no stat, no
 * allocation per file. Returns how many bytes were read (over the limit: too large).
 */
function readLimited(fd: number): number {
  let read = 0;
  while (read < READ_BUFFER.length) {
    const n = readSync(fd, READ_BUFFER, read, READ_BUFFER.length - read, null);
    if (n === 0) break;
    read += n;
  }
  return read;
}

/** What the validation cache knows a file by (cache.ts): a digest of its bytes. */
function contentDigest(bytes: Uint8Array): string {
  return hash('sha1', bytes, 'base64');
}

/** The digest of a unit file's bytes; undefined when it cannot be read or is over the limit (the parser reports why). */
export function digestUnitFile(abs: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return undefined;
  }
  try {
    const read = readLimited(fd);
    return read > MAX_FILE_BYTES ? undefined : contentDigest(READ_BUFFER.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

export interface Parsed<T> {
  data?: T;
  problems: Problem[];
  pathProblems: PathProblem[];
  precise?: PreciseParse;
}

function issuesToPathProblems(issues: readonly z.core.$ZodIssue[]): PathProblem[] {
  const out: PathProblem[] = [];
  for (const issue of issues) {
    const base = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: [...base, key], rule: 'schema', severity: 'error', at: 'key', message: describeIssue({ ...issue, keys: [key] }) });
      }
    } else {
      out.push({ path: base, rule: 'schema', severity: 'error', message: describeIssue(issue) });
    }
  }
  return out;
}

export function parseWith<S extends z.ZodType>(file: string, text: string, schema: S, expect: 'mapping' | 'sequence'): Parsed<z.output<S>> {
  if (expect === 'mapping') {
    const fast = parseFast(text);
    if (fast !== undefined) {
      const result = schema.safeParse(fast);
      if (result.success) return { data: result.data, problems: [], pathProblems: [] };
    }
  }
  // Anything less than clean: the precise parser decides, with positions.
  const precise = parsePrecise(file, text, expect);
  if (precise.problems.length > 0) return { problems: precise.problems, pathProblems: [], precise };
  if (precise.value === undefined) {
    return {
      problems: [{ file, line: 1, column: 1, path: '', rule: 'yaml-syntax', severity: 'error', message: expect === 'mapping' ? 'Tệp trống. Hãy điền thông tin đơn vị (ít nhất name và level), hoặc xoá tệp.' : 'Tệp trống. Hãy ghi danh sách, hoặc xoá tệp.' }],
      pathProblems: [],
      precise,
    };
  }
  const result = schema.safeParse(precise.value, { reportInput: true });
  if (result.success) return { data: result.data, problems: [], pathProblems: [], precise };
  return { problems: [], pathProblems: issuesToPathProblems(result.error.issues), precise };
}

