/**
 * What lets a rebuild touch only what changed. Astro is told not to empty the output
 * folder (astro.config.mjs: `vite.build.emptyOutDir: false`); instead:
 * - `OutputWriter` writes the files the bulk writer owns (unit pages, lookup shards) only
 *   when their content hash differs from the previous build's manifest, and deletes the
 *   ones that no longer exist;
 * - `sweepStale` deletes every other file the build did not write this time (Astro's own
 *   pages and assets of an earlier build), by modification time;
 * - manifests live in Astro's cache folder (`node_modules/.astro/danh-ba/`), one per
 *   output folder, so CI keeps them with the output folder and they are never published.
 *
 * A manifest is only a hint: a file it lists that is missing from the output is written
 * again, and an unknown or unreadable manifest means "write everything".
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../registry/atomic-write.ts';
import { digest } from '../site/digest.ts';

export { digest };

const FORMAT = 1;

export { stateFile } from '../registry/state-file.ts';

/** The JSON at `file` if it was written for `out` with this format; otherwise undefined. */
export function readState<T>(file: string, out: string): T | undefined {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; out?: string; data?: T };
    return state.format === FORMAT && state.out === path.resolve(out) ? state.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeState(file: string, out: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, JSON.stringify({ format: FORMAT, out: path.resolve(out), data }));
}

export function removeState(file: string): void {
  rmSync(file, { force: true });
}

export interface WriteStats {
  written: number;
  kept: number;
  removed: number;
}

/** Writes files under `out` whose content changed since the manifest `previous` (relative path → digest). */
export class OutputWriter {
  readonly out: string;
  readonly current = new Map<string, string>();
  readonly stats: WriteStats = { written: 0, kept: 0, removed: 0 };
  private readonly previous: ReadonlyMap<string, string>;
  private readonly folders = new Set<string>();

  constructor(out: string, previous: Record<string, string> | undefined) {
    this.out = out;
    this.previous = new Map(Object.entries(previous ?? {}));
  }

  /**
   * True, and the file kept as it is, when the previous build wrote `rel` with this `sum`
   * and it is still there: what is made asynchronously (a rendered component) can skip
   * the making. Otherwise `put` must follow.
   */
  unchanged(rel: string, sum: string): boolean {
    if (this.previous.get(rel) !== sum || !existsSync(path.join(this.out, rel))) return false;
    this.current.set(rel, sum);
    this.stats.kept++;
    return true;
  }

  /**
   * `rel` is `/`-separated, relative to the output folder. `sum` identifies the content
   * (`digest` of the text, or of everything the text is made from); `content` is only
   * called when the file must be written.
   */
  put(rel: string, sum: string, content: () => string | Uint8Array): void {
    if (this.unchanged(rel, sum)) return;
    this.current.set(rel, sum);
    const file = path.join(this.out, rel);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.folders.add(folder);
    }
    writeFileSync(file, content());
    this.stats.written++;
  }

  /** Deletes what the previous build wrote and this one did not; returns the new manifest. */
  finish(): Record<string, string> {
    for (const rel of this.previous.keys()) {
      if (this.current.has(rel)) continue;
      const file = path.join(this.out, rel);
      rmSync(file, { force: true });
      this.stats.removed++;
      try {
        rmdirSync(path.dirname(file)); // a unit page's own folder, once empty
      } catch {
        /* not empty, or gone */
      }
    }
    return Object.fromEntries(this.current);
  }
}

/**
 * Deletes every file under `out` last modified before `since` (ms), except the ones
 * `owned` says another writer is responsible for (folders for which `ownedFolder` is true
 * are not even read: 135,000 unit folders); then removes the folders left empty.
 * Links are removed, never followed. Returns how many files were deleted.
 */
export function sweepStale(
  out: string,
  since: number,
  owned: (rel: string) => boolean,
  ownedFolder: (rel: string) => boolean = () => false,
): number {
  let removed = 0;
  const walk = (abs: string, rel: string): boolean => {
    let empty = true;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const child = path.join(abs, entry.name);
      if (entry.isDirectory()) {
        if (ownedFolder(childRel)) empty = false;
        else if (walk(child, childRel)) {
          rmdirSync(child);
        } else empty = false;
        continue;
      }
      if (owned(childRel) || lstatSync(child).mtimeMs >= since) {
        empty = false;
        continue;
      }
      rmSync(child, { force: true });
      removed++;
    }
    return empty;
  };
  if (existsSync(out)) walk(out, '');
  return removed;
}
