/**
 * After the build, reads every file Astro wrote and fails the build if any holds an
 * admin's phone or email, a hidden group's address or `admins_age` ciphertext
 * (`src/lib/leak-scan.ts`). The pages are meant never to output these; this is the
 * check that they did not, whatever a page, a component or a data file did. One file
 * may hold ciphertext: the office's bundle (`OFFICE_BUNDLE_FILE`, docs/office-report.md),
 * which carries what the public repository already holds; phones, emails and hidden
 * groups are still looked for in it.
 *
 * Every file is scanned as bytes (HTML, JSON, CSV, JS, XML, images, fonts alike);
 * `.gz` and `.br` files are scanned decompressed as well. Links are not followed.
 * The message names each file, line and kind of data, never the data itself.
 *
 * Incremental: after a clean scan, the guard remembers (in Astro's cache folder, as
 * one-way digests) which values it looked for. The next build of the same output folder
 * scans every file written since that scan whose content changed, and the other files
 * only if the registry now has values the earlier scan did not know, and then only for
 * those. A failed or
 * interrupted build leaves no such record, so the next build reads everything.
 */
import { hash } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { collectSecrets, leakMessage, restrictSecrets, secretIds, type Leak, type SecretSet } from '../lib/leak-scan.ts';
import type { Registry } from '../registry/model.ts';
import { OFFICE_BUNDLE_FILE } from '../site/office-format.ts';
import { loadSiteRegistry } from '../site/registry.ts';
import { readState, removeState, stateFile, writeState } from './output-state.ts';
import { MIN_TASKS_PER_THREAD, scanTasks, TaskScanner, type ScanContext, type ScanResult, type ScanTask } from './scan-files.ts';

export interface FileLeak extends Leak {
  /** Relative to the scanned folder, `/`-separated. */
  file: string;
}

export interface ScanOptions {
  /**
   * Incremental scan: files modified at or after `since` (ms) are scanned for every
   * secret, unless their content is the one `files` recorded for them at an earlier
   * clean scan; older or identical ones, which that scan already read, only for `kept`
   * (the secrets it did not know: a quick `secretPrefilter` first when they are few),
   * and not at all when `kept` is empty.
   */
  since?: number;
  kept?: SecretSet;
  files?: Readonly<Record<string, string>>;
  /** Filled with the digest of every file modified since `since` (or every file), and of older ones `files` knew. */
  digests?: Record<string, string>;
  /** Counts what was read. */
  stats?: { scanned: number; skipped: number; listed?: number };
  /** Folders that held only an `index.html` at the earlier clean scan… */
  lone?: ReadonlySet<string>;
  /** …and filled with those that do now. */
  loneOut?: string[];
  /** Files (relative, `/`-separated) allowed to hold armored ciphertext (not other secrets). */
  armorAllowed?: readonly string[];
}

/** What the build allows ciphertext in: the office's bundle, and nothing else. */
export const ARMOR_ALLOWED: readonly string[] = [OFFICE_BUNDLE_FILE];

const LONE_FILE = 'index.html';

/**
 * What each file under `dir` needs (see `ScanOptions`), in walk order. Links are not
 * followed (Astro writes none; a copied one would point outside).
 */
function walkScanTasks(dir: string, options: ScanOptions, push: (task: ScanTask) => void): void {
  const { since, files, stats, lone, loneOut } = options;
  const add = (abs: string, rel: string, mtimeMs?: number) => {
    const task: ScanTask = { abs, rel, fresh: since === undefined || (mtimeMs ?? lstatSync(abs).mtimeMs) >= since };
    const prev = files?.[rel];
    if (prev !== undefined) task.prev = prev;
    push(task);
  };
  const walk = (abs: string, rel: string) => {
    const entries = readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (stats) stats.listed = (stats.listed ?? 0) + 1;
    if (loneOut && rel !== '' && entries.length === 1 && entries[0]!.isFile() && entries[0]!.name === LONE_FILE) loneOut.push(rel);
    for (const entry of entries) {
      const child = path.join(abs, entry.name);
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        // A unit page's folder that held only its index.html at the last clean scan, and
        // whose entries have not changed since (a folder's time changes when one is
        // added, removed or renamed): that file is all there is, no need to list it.
        if (lone?.has(childRel) && since !== undefined && lstatSync(child).mtimeMs < since) {
          const file = path.join(child, LONE_FILE);
          let mtimeMs: number | undefined;
          try {
            mtimeMs = lstatSync(file).mtimeMs;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          }
          if (mtimeMs !== undefined) {
            add(file, `${childRel}/${LONE_FILE}`, mtimeMs);
            loneOut?.push(childRel);
            continue;
          }
        }
        walk(child, childRel);
      } else if (entry.isFile()) add(child, childRel);
    }
  };
  if (lstatSync(dir).isDirectory()) walk(dir, '');
}

function scanContext(secrets: SecretSet, options: ScanOptions): ScanContext {
  const ctx: ScanContext = { secrets, incremental: options.files !== undefined, wantDigests: options.digests !== undefined };
  if (options.kept) ctx.kept = options.kept;
  if (options.armorAllowed) ctx.armorAllowed = options.armorAllowed;
  return ctx;
}

function collect(tasks: readonly ScanTask[], result: ScanResult, options: ScanOptions): FileLeak[] {
  const { digests, stats } = options;
  if (digests) for (const [rel, sum] of result.digests) digests[rel] = sum;
  if (stats) {
    stats.scanned += result.scanned;
    stats.skipped += result.skipped;
  }
  return result.leaks.map(({ task, inflated, ...leak }) => ({
    ...leak,
    file: inflated ? `${tasks[task]!.rel} (giải nén)` : tasks[task]!.rel,
  }));
}

/** Every secret in every file under `dir`, on this thread. */
export function scanDist(dir: string, secrets: SecretSet, options: ScanOptions = {}): FileLeak[] {
  if (secrets.size === 0) return [];
  const tasks: ScanTask[] = [];
  walkScanTasks(dir, options, (task) => tasks.push(task));
  return collect(tasks, scanTasks(tasks, scanContext(secrets, options)), options);
}

/** The same, with the reading and scanning shared among worker threads once there are many files. */
export async function scanDistParallel(
  dir: string,
  secrets: SecretSet,
  options: ScanOptions = {},
  minTasksPerThread = MIN_TASKS_PER_THREAD,
): Promise<FileLeak[]> {
  if (secrets.size === 0) return [];
  const scanner = new TaskScanner(scanContext(secrets, options), availableParallelism(), minTasksPerThread);
  try {
    walkScanTasks(dir, options, (task) => scanner.add(task));
  } catch (error) {
    scanner.abort();
    throw error;
  }
  return collect(scanner.list, await scanner.finish(), options);
}

export class LeakError extends Error {
  readonly leaks: readonly FileLeak[];
  constructor(leaks: readonly FileLeak[]) {
    const shown = leaks.slice(0, 50).map((leak) => `  ${leakMessage(leak.file, leak)}`);
    if (leaks.length > 50) shown.push(`  … và ${leaks.length - 50} chỗ khác.`);
    super(
      [
        `Trang web vừa xây dựng chứa dữ liệu không được công bố (${leaks.length} chỗ), nên bản xây dựng bị dừng và không được đưa lên mạng.`,
        `Số điện thoại, email của người quản trị và địa chỉ nhóm ẩn không bao giờ được có trên trang web; nội dung mã hoá admins_age chỉ được có trong ${OFFICE_BUNDLE_FILE} (dữ liệu của báo cáo nội bộ). Hãy sửa trang hoặc mã sinh ra các tệp sau rồi xây dựng lại:`,
        ...shown,
      ].join('\n'),
    );
    this.name = 'LeakError';
    this.leaks = leaks;
  }
}

export interface LeakGuardOptions {
  /** The registry whose secrets to look for; defaults to the build's (`loadSiteRegistry`). */
  registry?: () => Pick<Registry, 'units' | 'settings'>;
}

/** What an earlier clean scan of the same output folder knew (state file in Astro's cache folder). */
export interface CleanScan {
  /** Which files this scan may skip: those modified before it (ms). */
  since: number;
  /** Digests of the values the earlier scan looked for. */
  secrets: readonly string[];
  /** Digests of the files it read (written by that build), by path. */
  files: Record<string, string>;
  /** Folders holding only an index.html (unit pages): not listed again while unchanged. */
  lone: string[];
}

const CLOCK_SLACK_MS = 1000;

/** One-way digest of a secret's id, as remembered between builds. */
function secretDigest(id: string): string {
  return hash('sha256', id, 'base64').slice(0, 22);
}

/**
 * Scans `dir` for the registry's secrets; throws `LeakError` if any is there. With
 * `previous`, files older than `previous.since` are read only if the registry has
 * secrets the earlier scan did not look for. Returns the digests to remember.
 */
export async function checkBuildOutput(
  dir: URL | string,
  registry: Pick<Registry, 'units' | 'settings'>,
  logger?: Pick<AstroIntegrationLogger, 'info' | 'error'>,
  previous?: CleanScan,
): Promise<CleanScan> {
  // Every file modified before this moment is read below (or was by an earlier clean
  // scan). File times come from a coarser clock than Date.now(): a second of margin.
  const since = Date.now() - CLOCK_SLACK_MS;
  const root = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const secrets = collectSecrets(registry);
  const digests = secretIds(secrets).map(secretDigest);
  const started = performance.now();
  const stats = { scanned: 0, skipped: 0 };
  const files: Record<string, string> = {};
  const lone: string[] = [];
  let options: ScanOptions = { stats, digests: files, loneOut: lone, armorAllowed: ARMOR_ALLOWED };
  if (previous) {
    const known = new Set(previous.secrets);
    options = {
      ...options,
      since: previous.since,
      files: previous.files,
      lone: new Set(previous.lone ?? []),
      kept: restrictSecrets(secrets, (id) => !known.has(secretDigest(id))),
    };
  }
  const leaks = await scanDistParallel(root, secrets, options);
  if (leaks.length > 0) {
    const error = new LeakError(leaks);
    logger?.error(error.message);
    throw error;
  }
  const how = previous
    ? `, ${stats.scanned} files scanned, ${stats.skipped} unchanged since the last clean scan${options.kept?.size ? ` (read again for ${options.kept.size} new values)` : ''}`
    : '';
  logger?.info(
    `no contact data, hidden group or ciphertext in the output (${secrets.size} values checked${how}, ${Math.round(performance.now() - started)} ms)`,
  );
  return { since, secrets: digests, files, lone };
}

export function leakGuard(options: LeakGuardOptions = {}): AstroIntegration {
  let cacheDir: string | undefined;
  let out: string | undefined;
  let previous: CleanScan | undefined;
  return {
    name: 'leak-guard',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
        out = fileURLToPath(config.outDir);
      },
      'astro:build:start': () => {
        if (cacheDir === undefined || out === undefined) return;
        const file = stateFile(cacheDir, out, 'leak-guard');
        previous = readState<CleanScan>(file, out);
        // The output is not known to be clean again until this build's scan passes.
        removeState(file);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const usable =
          previous && cacheDir !== undefined && out !== undefined && path.resolve(root) === path.resolve(out) ? previous : undefined;
        const clean = await checkBuildOutput(root, (options.registry ?? (() => loadSiteRegistry().registry))(), logger, usable);
        if (cacheDir !== undefined && out !== undefined && path.resolve(root) === path.resolve(out))
          writeState(stateFile(cacheDir, out, 'leak-guard'), out, clean);
      },
    },
  };
}
