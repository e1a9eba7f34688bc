/**
 * Validating a registry as it would be after a change, without touching it: the folder
 * is copied to a private temp folder, the changed files are written there, the copy is
 * validated like the real one, and the copy is always removed (it may hold decrypted
 * contacts). Symbolic links are copied as links, so the copy is judged as the original.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateRegistry, type ValidationResult } from './load.ts';

export interface FileChange {
  /** Relative to the registry folder, `/`-separated. */
  file: string;
  text: string;
}

export function validateWithChanges(dir: string, changes: readonly FileChange[], options: { today?: string } = {}): ValidationResult {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'registry-check-'));
  try {
    cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
    for (const change of changes) {
      const target = path.join(copy, change.file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, change.text);
    }
    return validateRegistry(copy, { today: options.today });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
