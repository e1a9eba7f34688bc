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

/** Rules of the registration form and the registration issue only: they never come from a registry file. */
export const SUBMISSION_RULES = ['required', 'issue-form', 'unit-missing', 'date-format', 'hidden-group-in-issue'] as const;

export type Rule = (typeof RULES)[number] | (typeof SUBMISSION_RULES)[number];

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

/**
 * A problem before it has a position: the checks produce these, `locate` (yaml.ts)
 * places them, only for the files that have problems.
 */
export interface PathProblem extends Pick<Problem, 'rule' | 'severity' | 'message'> {
  path: readonly (string | number)[];
  /** Point at the key rather than the value (unknown fields). */
  at?: 'key' | 'value';
}

/**
 * A problem with a form field (the registration page, the registration issue): the same
 * rule and message, placed by field instead of by line.
 */
export type FieldProblem<Field extends string = string> = Pick<Problem, 'rule' | 'message'> & { field: Field };

export function compareProblems(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
