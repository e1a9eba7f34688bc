/** Every rule of the "Validation rules" table in docs/registry-format.md, plus the few this product adds. */
export const RULES = [
  'yaml-syntax',
  'yaml-duplicate-key',
  'yaml-alias',
  'file-too-large',
  'file-not-regular',
  'text-normalized',
  'schema',
  'id-format',
  'duplicate-id',
  'root',
  'parent-missing',
  'parent-cycle',
  'level-unknown',
  'level-parent',
  'successor-missing',
  'url-not-facebook',
  'url-not-account',
  'url-role',
  'duplicate-account',
  'fb-id-mismatch',
  'follows-unknown',
  'date-order',
  'contact-format',
  'contacts-plaintext',
  'contacts-encrypted-format',
  'hidden-group-plaintext',
  'group-encrypted-format',
  'reported-unit-missing',
  'reported-official',
] as const;
export type Rule = (typeof RULES)[number];

export type Severity = 'error' | 'warning';

/** A problem is data; it is formatted only at the edge (text, GitHub annotations, JSON, issue comments). */
export interface Problem {
  /** Path relative to the registry folder, with `/` separators. */
  file: string;
  /** 1-based; points at the offending value (at the key for an unknown field). */
  line: number;
  column: number;
  /** Dotted path inside the file, e.g. `accounts.0.url`; empty for the whole file. */
  path: string;
  rule: Rule;
  severity: Severity;
  message: string;
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
