/**
 * The same validation on every core: each unit file's own check (file-result.ts) of a
 * large registry runs on worker threads, or comes from the validation cache (cache.ts);
 * the whole-registry stage then runs once, on this thread, in `assembleRegistry`. Small
 * registries skip the workers (starting one costs more than it saves). Used by the CLIs
 * and by the Astro build (site/registry.ts), which keeps the cache so that a rebuild
 * parses only changed files.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { RegistrySettings } from '../schema/index.ts';
import { cacheable, cacheHead, readValidationCache, settingsDigest, writeValidationCache, type CachedUnit } from './cache.ts';
import { canonicalize, canonicalizeOnce } from './facebook-url.ts';
import { accountKeysOf, checkUnitFile, cleanResult, decodeFileResult, encodeFileResult, rulesView, type FileResult, type WireResult } from './file-result.ts';
import { assembleRegistry, assertRegistryDir, readRegistrySettings, validateRegistry, type ValidationResult } from './load.ts';
import { todayIso } from './model.ts';
import type { Problem } from './problems.ts';
import { digestUnitFile } from './read-file.ts';
import { indexUnitFiles, listUnitFiles, type UnitFile, type UnitIndex } from './unit-files.ts';
import { JobWorker, serveJobs } from './worker-pool.ts';

const MIN_FILES_PER_THREAD = 4000;
/** Results cross threads in batches: the main thread takes in one while the workers parse the next. */
const BATCH = 2000;
const POOL = 'validation';

export interface ParallelOptions {
  /** `YYYY-MM-DD`; dates after it are "in the future". Defaults to today (UTC). */
  today?: string;
  /**
   * The validation cache file (cache.ts): files whose bytes it knows are not parsed
   * again; it is rewritten when more than 1 % of it is stale. Off when undefined.
   */
  cacheFile?: string;
  /** Below twice this many files, everything runs on this thread (tests use small numbers). */
  minFilesPerThread?: number;
  /** Results per message from a worker (tests use small batches). */
  batch?: number;
}

interface WorkerJob {
  files: UnitFile[];
  settings: RegistrySettings | undefined;
  today: string;
  batch: number;
  /** 'digest': only read and hash each file (the cache decides what to parse). */
  mode: 'check' | 'digest';
  /** Check mode: also hash each file, for the cache. */
  withDigest: boolean;
  /** Check mode: send the units' full data, not only the rules' view. */
  withData: boolean;
}

/** A batch, as JSON text: the position of its first file in the job, then one entry a file. */
type Batch<E> = [offset: number, ...entries: E[]];

/** Validation with the registry's full data (the site, the look-up and report CLIs). */
export function validateRegistryParallel(dir: string, options: ParallelOptions = {}): Promise<ValidationResult> {
  return validateInParallel(dir, options, true);
}

/**
 * Problems only, for `npm run validate`: the units' data stays on the workers (only the
 * fields the rules across files read cross over), so `registry` is left out.
 */
export async function validateRegistryProblems(dir: string, options: ParallelOptions = {}): Promise<ValidationResult> {
  const { registry: _registry, ...result } = await validateInParallel(dir, options, false);
  return result;
}

async function validateInParallel(dir: string, options: ParallelOptions, withData: boolean): Promise<ValidationResult> {
  const timing = process.env.VALIDATE_TIMING ? (label: string) => process.stderr.write(`${label} ${Math.round(performance.now() - started)} ms\n`) : () => {};
  const started = performance.now();
  const { minFilesPerThread = MIN_FILES_PER_THREAD, batch = BATCH } = options;
  const today = options.today ?? todayIso();
  const listProblems: Problem[] = [];
  // Workers start as soon as the listing shows there will be work for two: their start
  // (loading the schema and parsers) overlaps with the rest of the listing.
  const cores = availableParallelism();
  const workers: JobWorker<WorkerJob, string>[] = [];
  const unitFiles = listUnitFiles(dir, listProblems, {
    count: 2 * minFilesPerThread,
    reached: () => {
      // A larger young generation: parsing allocates many short-lived objects.
      if (cores >= 2) for (let i = 0; i < cores; i++) workers.push(new JobWorker(new URL(import.meta.url), POOL, undefined, { maxYoungGenerationSizeMb: 96 }));
    },
  });
  timing('listed');
  const threads = Math.min(cores, Math.floor(unitFiles.length / minFilesPerThread));
  for (const extra of workers.splice(threads)) extra.close();
  try {
    if (threads < 2 || workers.length < 2) return validateRegistry(dir, { today });
    assertRegistryDir(dir);
    const run: WorkerRun = { dir, today, unitFiles, listProblems, workers, batch, minFilesPerThread, withData, cacheFile: options.cacheFile, timing };
    return await validateOnWorkers(run);
  } finally {
    for (const worker of workers) worker.close();
  }
}

interface WorkerRun {
  dir: string;
  today: string;
  unitFiles: UnitFile[];
  listProblems: Problem[];
  workers: JobWorker<WorkerJob, string>[];
  batch: number;
  minFilesPerThread: number;
  withData: boolean;
  cacheFile: string | undefined;
  timing: (label: string) => void;
}

async function validateOnWorkers({ dir, today, unitFiles, listProblems, workers, batch, minFilesPerThread, withData, cacheFile, timing }: WorkerRun): Promise<ValidationResult> {
  const settingsRead = readRegistrySettings(dir);
  const { settings } = settingsRead;
  // By position in unitFiles.
  const results: FileResult[] = new Array(unitFiles.length);
  const withDigest = cacheFile !== undefined;
  // Every job goes to a worker: a fresh, small heap parses twice as fast as the main
  // thread's, whose garbage collector also has to walk everything loaded so far. Jobs are
  // a quarter of a worker's share each, handed out as workers finish, so that one worker
  // slowed down by the machine does not keep the other waiting.
  const inWorkers = async <E>(indexes: readonly number[], mode: WorkerJob['mode'], take: (index: number, entry: E) => void) => {
    const size = Math.max(batch, Math.ceil(indexes.length / (workers.length * 4)));
    let next = 0;
    const drain = async (worker: JobWorker<WorkerJob, string>) => {
      while (next < indexes.length) {
        const job = indexes.slice(next, next + size);
        next += job.length;
        const files = job.map((i) => unitFiles[i]!);
        // The cache keeps full data: with it, the data crosses too.
        await worker.run({ files, settings, today, batch, mode, withDigest, withData: withData || withDigest }, (text) => {
          const [offset, ...entries] = JSON.parse(text) as Batch<E>;
          entries.forEach((entry, k) => take(job[offset + k]!, entry));
        });
      }
    };
    await Promise.all(workers.map(drain));
  };
  const check = (indexes: readonly number[]) =>
    inWorkers<WireResult>(indexes, 'check', (i, entry) => {
      results[i] = decodeFileResult(entry);
    });
  const all = unitFiles.map((_, i) => i);
  // What the file names tell is worked out on this thread while the workers first work.
  let index: UnitIndex | undefined;
  const meanwhile = async (work: Promise<void>) => {
    index ??= indexUnitFiles(unitFiles);
    await work;
  };

  if (cacheFile === undefined) {
    await meanwhile(check(all));
    timing('parsed');
  } else {
    const head = cacheHead(dir, settingsDigest(dir), today);
    let cached: Map<string, CachedUnit> | undefined;
    const digests: (string | null)[] = new Array(unitFiles.length).fill(null);
    if (existsSync(cacheFile)) {
      // The workers hash every file while this thread reads the cache.
      const hashing = inWorkers<string | null>(all, 'digest', (i, digest) => {
        digests[i] = digest;
      });
      cached = readValidationCache(cacheFile, head);
      await meanwhile(hashing);
      timing(`hashed (cache: ${cached ? cached.size : 'unusable'})`);
    }
    const misses: number[] = [];
    digests.forEach((digest, i) => {
      const hit = digest === null ? undefined : cached?.get(digest);
      if (hit === undefined || digest === null) misses.push(i);
      else results[i] = cleanResult(hit.data, hit.accountKeys, digest);
    });
    // A few changed files are checked here; starting workers would cost more.
    if (misses.length >= minFilesPerThread) await meanwhile(check(misses));
    else {
      const ctx = { settings, today, canonical: canonicalize };
      for (const i of misses) results[i] = checkUnitFile(unitFiles[i]!, ctx, true);
    }
    timing(`parsed ${misses.length}`);
    // Rewriting the cache (84 MB at 135,000 units) costs more than parsing a few changed
    // files again next time: it is rewritten when unusable, or when more than 1 % of the
    // files are not in it or it holds more than 1 % of entries no file has now.
    const keep = new Map<string, CachedUnit>();
    for (const result of results) if (result && cacheable(result)) keep.set(result.digest, { data: result.data, accountKeys: accountKeysOf(result.unit) });
    const slack = Math.max(1, unitFiles.length / 100);
    const unused = cached ? [...cached.keys()].filter((digest) => !keep.has(digest)).length : 0;
    if (!cached || misses.length > slack || unused > slack) {
      writeValidationCache(cacheFile, head, keep);
      timing('cache written');
    }
  }
  // The cross-file rules run here alone: the workers' memory can go.
  for (const worker of workers) worker.close();
  const resultOf = withData || !withDigest ? (at: number) => results[at]! : (at: number) => rulesView(results[at]!);
  const result = assembleRegistry(dir, today, settingsRead, { unitFiles, listProblems, index: index ?? indexUnitFiles(unitFiles), resultOf });
  timing('checked');
  return result;
}

serveJobs<WorkerJob, string>(POOL, (job, reply) => {
  const ctx = { settings: job.settings, today: job.today, canonical: canonicalizeOnce };
  for (let i = 0; i < job.files.length; i += job.batch) {
    const files = job.files.slice(i, i + job.batch);
    const entries: (WireResult | string | null)[] =
      job.mode === 'digest'
        ? files.map((f) => digestUnitFile(f.abs) ?? null)
        : files.map((f) => {
            const result = checkUnitFile(f, ctx, job.withDigest);
            // The YAML document (positions) does not cross threads; the main thread re-parses the few files with problems.
            return encodeFileResult(job.withData ? result : rulesView(result));
          });
    // As JSON text: one string crosses the thread boundary faster than thousands of small objects.
    reply(JSON.stringify([i, ...entries]));
  }
});
