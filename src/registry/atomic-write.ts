/**
 * Replacing a file so that a reader (or a crash) sees the old content or the new one,
 * never half of it: the data goes to a temp file in the same folder (a rename within one
 * file system is atomic), which is then renamed over the target. A temp file is removed
 * again when anything fails.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Flush the data to disk before the rename, for files that must survive a power cut. */
  fsync?: boolean;
}

/** Permission bits of an existing `file` (a replacement keeps them); 0o666 less the umask for a new one, as writeFileSync. */
function modeOf(file: string): number {
  try {
    return statSync(file).mode & 0o777;
  } catch {
    return 0o666;
  }
}

/**
 * Writes `data` to a new, uniquely named, hidden temp file beside `file` and returns its
 * path, for callers that rename several files only once all are written.
 */
export function writeTempBeside(file: string, data: string, options: AtomicWriteOptions = {}): string {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', modeOf(file));
  try {
    try {
      writeSync(fd, data);
      if (options.fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return temp;
}

/** Replaces (or creates) `file` with `data` atomically; the folder must exist. */
export function writeFileAtomic(file: string, data: string, options: AtomicWriteOptions = {}): void {
  const temp = writeTempBeside(file, data, options);
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
