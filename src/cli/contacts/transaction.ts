/**
 * Writing the files an `npm run contacts` command changes, all of them or none:
 * 1. the whole new state is validated in a private copy of the registry before any real
 *    file changes (src/registry/validate-copy.ts);
 * 2. each new text goes to a temp file beside its target, and only when every temp file
 *    is written are they renamed into place, one by one;
 * 3. the real registry is validated again.
 * A file changed by someone else meanwhile, a failure while writing or renaming, or an
 * invalid result puts back every file already replaced and removes the temp files.
 */
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { ContactsError } from '../../lib/contacts.ts';
import { writeFileAtomic, writeTempBeside } from '../../registry/atomic-write.ts';
import { validateRegistry, type ValidationResult } from '../../registry/load.ts';
import type { Problem } from '../../registry/problems.ts';
import { validateWithChanges } from '../../registry/validate-copy.ts';
import { refuse } from './refuse.ts';

/** One file to replace: its text when the command read it, and its new text. */
export interface PlannedFile {
  /** Relative to the registry folder, `/`-separated. */
  file: string;
  abs: string;
  before: string;
  after: string;
}

export interface CommitOptions {
  today?: string;
  /** What the command does, for its messages: "sửa", "đổi khoá". */
  action: string;
  /** File renaming, replaceable so that tests can make it fail midway. */
  rename?: (from: string, to: string) => void;
}

/** The first errors of a validation, one per line, for a refusal message. */
export function problemLines(problems: readonly Problem[], limit = 20): string {
  const errors = problems.filter((p) => p.severity === 'error');
  const lines = errors.slice(0, limit).map((p) => `${p.file}:${p.line}:${p.column} ${p.rule} ${p.message}`);
  if (errors.length > limit) lines.push(`… và ${errors.length - limit} lỗi khác (npm run validate để xem đủ).`);
  return lines.join('\n');
}

/** Replaces every planned file or none (see the module comment); returns the final validation. */
export function commitFiles(dir: string, planned: readonly PlannedFile[], options: CommitOptions): ValidationResult {
  const { today, action } = options;
  const rename = options.rename ?? renameSync;
  const staged = validateWithChanges(
    dir,
    planned.map((p) => ({ file: p.file, text: p.after })),
    { today },
  );
  if (!staged.ok) refuse(`Sau khi ${action}, danh bạ sẽ không hợp lệ nên chưa tệp nào bị thay đổi:\n${problemLines(staged.problems)}`);

  const temps: string[] = [];
  const replaced: PlannedFile[] = [];
  const restore = () => {
    for (const p of [...replaced].reverse()) writeFileAtomic(p.abs, p.before, { fsync: true });
  };
  try {
    for (const p of planned) {
      if (readFileSync(p.abs, 'utf8') !== p.before)
        refuse(`${p.file} vừa bị thay đổi trong lúc chạy lệnh. Chưa tệp nào bị thay đổi; hãy chạy lại.`);
      temps.push(writeTempBeside(p.abs, p.after, { fsync: true }));
    }
    planned.forEach((p, i) => {
      rename(temps[i]!, p.abs);
      replaced.push(p);
    });
  } catch (error) {
    for (const temp of temps) rmSync(temp, { force: true });
    restore();
    if (error instanceof ContactsError) throw error;
    refuse(`Không ghi được các tệp khi ${action}; mọi tệp đã được khôi phục như cũ. Hãy kiểm tra quyền ghi thư mục danh bạ rồi chạy lại.`);
  }
  const result = validateRegistry(dir, { today });
  if (!result.ok) {
    restore();
    refuse(`Sau khi ghi, danh bạ không hợp lệ; đã khôi phục các tệp như cũ:\n${problemLines(result.problems)}`);
  }
  return result;
}
