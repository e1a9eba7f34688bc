/**
 * The validation cache: the `FileResult` (file-result.ts) of each clean unit file, keyed
 * by a digest of the file's bytes and kept as its data and account keys (`cleanResult`
 * rebuilds the rest). A rebuild of a 135,000-unit registry then reads and hashes every
 * file (cheap) but parses only the ones that changed; the cross-file rules always run in
 * full (parallel.ts).
 *
 * An entry is trusted only under the head it was written with:
 * - `code`: a digest of the validator's own source (this folder, the schema, the URL
 *   rules) and of the parser and schema library versions, so a change to any rule
 *   empties the cache;
 * - `settings`: registry.yaml's bytes, which the account rules read;
 * - `today`: the account rules flag dates after today. A file clean on one day is clean
 *   on every later day, so the cache holds while `today` does not go back.
 * Only clean results are kept (no problem, not even a warning): a file with anything to
 * say is parsed again every time, so its positions and messages are always fresh. The
 * cache is rewritten only when more than 1 % of it is missing or unused (parallel.ts):
 * until then the few changed files are simply parsed again.
 *
 * The file is one line of JSON (the head), then the entries as JSON. A missing,
 * unreadable or foreign cache is simply not used.
 */
import { hash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './atomic-write.ts';
import { stateFile } from './state-file.ts';
import type { UnitData } from '../schema/index.ts';
import { isClean, type FileResult } from './file-result.ts';
import { digestUnitFile } from './read-file.ts';
import type { CrossFileUnit } from './cross-file.ts';
import { SETTINGS_FILE } from './unit-files.ts';

const FORMAT = 1;

export interface CacheHead {
  format: number;
  /** the registry folder, absolute */
  dir: string;
  code: string;
  settings: string;
  today: string;
}

export interface CachedUnit {
  data: UnitData;
  accountKeys: (string | null)[];
}

type Entry = [digest: string, data: UnitData, accountKeys: (string | null)[]];

/** `<cacheDir>/danh-ba/validation-<hash of the registry folder>.json`, beside the build's manifests. */
export function validationCacheFile(cacheDir: string, registryDir: string): string {
  return stateFile(cacheDir, registryDir, 'validation');
}

let codeDigest: string | undefined;

/** Every source file the per-file stage runs, and the versions of its YAML reader (yaml) and of zod. */
function validatorCodeDigest(): string {
  if (codeDigest !== undefined) return codeDigest;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts: string[] = [];
  const folder = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.ts')) parts.push(name, readFileSync(path.join(dir, name), 'utf8'));
    }
  };
  try {
    folder(here);
    folder(path.join(here, '../schema'));
  } catch {
    // Not running from the source tree: a digest nothing matches, so no cache is trusted.
    parts.push(`unreadable ${process.pid} ${Date.now()} ${Math.random()}`);
  }
  for (const name of ['yaml', 'zod']) {
    try {
      parts.push(readFileSync(path.join(here, '../../node_modules', name, 'package.json'), 'utf8'));
    } catch {
      parts.push(`${name}: unknown`);
    }
  }
  codeDigest = hash('sha1', parts.join('\0'), 'base64');
  return codeDigest;
}

export function cacheHead(dir: string, settings: string, today: string): CacheHead {
  return { format: FORMAT, dir: path.resolve(dir), code: validatorCodeDigest(), settings, today };
}

/** The entries, when the cache at `file` was written under a head that `head` may trust. */
export function readValidationCache(file: string, head: CacheHead): Map<string, CachedUnit> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  try {
    const stored = JSON.parse(text.slice(0, newline)) as Partial<CacheHead>;
    if (stored.format !== head.format || stored.dir !== head.dir || stored.code !== head.code || stored.settings !== head.settings) return undefined;
    if (typeof stored.today !== 'string' || stored.today > head.today) return undefined;
    const entries = JSON.parse(text.slice(newline + 1)) as Entry[];
    if (!Array.isArray(entries)) return undefined;
    return new Map(entries.map(([digest, data, accountKeys]) => [digest, { data, accountKeys }]));
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so an interrupted build leaves the old cache or none. */
export function writeValidationCache(file: string, head: CacheHead, entries: ReadonlyMap<string, CachedUnit>): void {
  const list: Entry[] = [];
  for (const [digest, { data, accountKeys }] of entries) list.push([digest, data, accountKeys]);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, `${JSON.stringify(head)}\n${JSON.stringify(list)}`);
  } catch {
    // A cache that cannot be written only makes the next run slower.
  }
}

/** Whether a file's result may be kept: it passed the schema and has nothing to report. */
export function cacheable(result: FileResult): result is FileResult & { data: UnitData; digest: string; unit: CrossFileUnit } {
  return result.data !== undefined && result.unit !== undefined && result.digest !== undefined && isClean(result);
}

/** registry.yaml's bytes as a digest ('' when unreadable): the account rules read the settings. */
export function settingsDigest(dir: string): string {
  return digestUnitFile(path.join(dir, SETTINGS_FILE)) ?? '';
}
