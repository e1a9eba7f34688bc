/**
 * Validation on every core: the per-file stage (read, YAML, schema, account rules) of a
 * large registry runs on worker threads; the cross-file stage then runs once, on the main
 * thread, in `validateRegistry`. Small registries skip the workers (starting one costs
 * more than it saves). Used by the CLIs and by the Astro build (site/registry.ts), which
 * also keeps a validation cache (cache.ts) so that a rebuild parses only changed files.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { RegistrySettings, UnitData } from '../schema/index.ts';
import { canonicalize } from '../lib/facebook-url.ts';
import { cacheable, cacheHead, readValidationCache, writeValidationCache, type CachedUnit } from './cache.ts';
import {
  checkUnitAccounts, digestUnitFile, listUnitFiles, parseUnitFile, readSettings, settingsDigest, validateRegistry,
  type UnitFile, type UnitFileResult, type ValidateOptions, type ValidationResult,
} from './load.ts';
import { todayIso } from './model.ts';
import type { Problem } from './problems.ts';

const MIN_FILES_PER_THREAD = 4000;

type WorkerResult = [file: string, result: Omit<UnitFileResult, 'precise'>][];
type DigestResult = [file: string, digest: string | null][];

interface WorkerInput {
  files: UnitFile[];
  settings: RegistrySettings | undefined;
  today: string;
  lean: boolean;
  batch: number;
  /** 'digest': only read and hash each file (the cache decides what to parse). */
  mode: 'parse' | 'digest';
  /** Parse mode: also hash each file, for the cache. */
  withDigest: boolean;
}

/**
 * Only what the cross-file rules read (parent, level, successor, dissolution, each
 * account's address and end; names are left empty): copying less between threads is
 * most of what `lean` saves.
 */
function leanData(data: UnitData): UnitData {
  const lean: UnitData = { name: '', level: data.level };
  if (data.parent !== undefined) lean.parent = data.parent;
  if (data.successor !== undefined) lean.successor = data.successor;
  if (data.dissolved !== undefined) lean.dissolved = data.dissolved;
  if (data.accounts) lean.accounts = data.accounts.map((a) => (a.until === undefined ? { role: a.role, url: a.url, name: '', since: a.since } : { role: a.role, url: a.url, name: '', since: a.since, until: a.until }));
  return lean;
}

/** The per-file stage of one file; account rules need only the settings, so they run here too. */
function parseOne(file: UnitFile, settings: RegistrySettings | undefined, today: string, withDigest: boolean): UnitFileResult {
  const parsed = parseUnitFile(file, withDigest);
  return settings ? checkUnitAccounts(parsed, settings, today, canonicalize) : parsed;
}

function parseChunk({ files, settings, today, lean, withDigest }: WorkerInput): WorkerResult {
  // The YAML document (positions) does not cross threads; the main thread re-parses the few files with problems.
  return files.map((f) => {
    const { precise: _precise, ...checked } = parseOne(f, settings, today, withDigest);
    return [f.file, lean && checked.data && checked.accountProblems ? { ...checked, data: leanData(checked.data) } : checked];
  });
}

/** Results cross threads in batches: the main thread takes in one while the workers parse the next. */
const BATCH = 2000;

/**
 * A worker thread that takes validation jobs one after another (the cache path gives it
 * two: hash, then parse what changed). Started while the main thread is still listing.
 */
class ValidationWorker {
  private readonly worker: Worker;
  private job?: { onBatch: (batch: unknown) => void; resolve: () => void; reject: (error: unknown) => void };
  private failure?: unknown;
  private closed = false;

  constructor() {
    // A larger young generation: parsing allocates many short-lived objects.
    this.worker = new Worker(new URL(import.meta.url), { workerData: { validationWorker: true }, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    this.worker.on('message', (batch: string | null) => {
      const job = this.job;
      if (!job) return;
      if (batch !== null) return job.onBatch(JSON.parse(batch));
      this.job = undefined;
      job.resolve();
    });
    const fail = (error: unknown) => {
      this.failure ??= error;
      this.job?.reject(error);
      this.job = undefined;
    };
    this.worker.once('error', fail);
    this.worker.once('exit', (code) => {
      if (code !== 0) fail(new Error(`validation worker exited with code ${code}`));
    });
  }

  run<T>(input: WorkerInput, onBatch: (batch: T) => void): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.job = { onBatch: onBatch as (batch: unknown) => void, resolve, reject };
      this.worker.postMessage(input);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.removeAllListeners('exit');
    void this.worker.terminate();
  }
}

export interface ParallelOptions {
  minFilesPerThread?: number;
  /**
   * Problems only: the returned `registry` is left out (its units would carry only what
   * the rules read). For `npm run validate`, which prints problems and nothing else.
   */
  lean?: boolean;
  /** Results per message from a worker (tests use small batches). */
  batch?: number;
  /**
   * The validation cache file (cache.ts): files whose bytes it knows are not parsed
   * again; it is rewritten when more than 1 % of it is stale. Off when undefined.
   */
  cacheFile?: string;
}

export async function validateRegistryParallel(dir: string, options: ValidateOptions = {}, { minFilesPerThread = MIN_FILES_PER_THREAD, lean = false, batch = BATCH, cacheFile }: ParallelOptions = {}): Promise<ValidationResult> {
  const timing = process.env.VALIDATE_TIMING ? (label: string) => process.stderr.write(`${label} ${Math.round(performance.now() - started)} ms\n`) : () => {};
  const started = performance.now();
  const listProblems: Problem[] = [];
  // Workers start as soon as the listing shows there will be work for two: their start
  // (loading the schema and parsers) overlaps with the rest of the listing.
  const cores = availableParallelism();
  const workers: ValidationWorker[] = [];
  const unitFiles = listUnitFiles(dir, listProblems, {
    count: 2 * minFilesPerThread,
    reached: () => {
      if (cores >= 2) for (let i = 0; i < cores; i++) workers.push(new ValidationWorker());
    },
  });
  timing('listed');
  const threads = Math.min(cores, Math.floor(unitFiles.length / minFilesPerThread));
  for (const extra of workers.splice(threads)) extra.close();
  try {
    if (threads < 2 || workers.length < 2) return validateRegistry(dir, { ...options, problemsOnly: lean });
    return await validateOnWorkers(dir, options, { unitFiles, listProblems, workers, lean, batch, cacheFile, minFilesPerThread, timing });
  } finally {
    for (const worker of workers) worker.close();
  }
}

interface WorkerRun {
  unitFiles: UnitFile[];
  listProblems: Problem[];
  workers: ValidationWorker[];
  lean: boolean;
  batch: number;
  cacheFile: string | undefined;
  minFilesPerThread: number;
  timing: (label: string) => void;
}

async function validateOnWorkers(dir: string, options: ValidateOptions, { unitFiles, listProblems, workers, lean, batch, cacheFile, minFilesPerThread, timing }: WorkerRun): Promise<ValidationResult> {
  const threads = workers.length;
  const settings = readSettings(dir);
  const today = options.today ?? todayIso();
  const results = new Map<string, UnitFileResult>();
  // Every chunk goes to a worker: a fresh, small heap parses twice as fast as the main
  // thread's, whose garbage collector also has to walk everything loaded so far.
  const inWorkers = async <T>(files: UnitFile[], mode: WorkerInput['mode'], take: (batch: T) => void) => {
    const size = Math.ceil(files.length / threads);
    const chunks = Array.from({ length: threads }, (_, i) => files.slice(i * size, (i + 1) * size));
    const withDigest = cacheFile !== undefined;
    await Promise.all(chunks.map((chunk, i) => workers[i]!.run<T>({ files: chunk, settings, today, lean: lean && !withDigest, batch, mode, withDigest }, take)));
  };
  const parse = (files: UnitFile[]) =>
    inWorkers<WorkerResult>(files, 'parse', (list) => {
      for (const [file, result] of list) results.set(file, result);
    });

  if (cacheFile === undefined) {
    await parse(unitFiles);
    timing('parsed');
  } else {
    const head = cacheHead(dir, settingsDigest(dir), today);
    let cached: Map<string, CachedUnit> | undefined;
    const digests = new Map<string, string>();
    if (existsSync(cacheFile)) {
      // The workers hash every file while this thread reads the cache.
      const hashing = inWorkers<DigestResult>(unitFiles, 'digest', (list) => {
        for (const [file, digest] of list) if (digest !== null) digests.set(file, digest);
      });
      cached = readValidationCache(cacheFile, head);
      await hashing;
      timing(`hashed (cache: ${cached ? cached.size : 'unusable'})`);
    }
    const misses: UnitFile[] = [];
    for (const unitFile of unitFiles) {
      const digest = digests.get(unitFile.file);
      const hit = digest === undefined ? undefined : cached?.get(digest);
      if (hit) results.set(unitFile.file, { data: hit.data, problems: [], pathProblems: [], accountProblems: [], accountKeys: hit.accountKeys, digest });
      else misses.push(unitFile);
    }
    // A few changed files are parsed here; starting workers would cost more.
    if (misses.length >= minFilesPerThread) await parse(misses);
    else for (const unitFile of misses) results.set(unitFile.file, parseOne(unitFile, settings, today, true));
    timing(`parsed ${misses.length}`);
    // Rewriting the cache (84 MB at 135,000 units) costs more than parsing a few changed
    // files again next time: it is rewritten when unusable, or when more than 1 % of the
    // files are not in it or it holds more than 1 % of entries no file has now.
    const keep = new Map<string, CachedUnit>();
    for (const result of results.values()) if (cacheable(result)) keep.set(result.digest, { data: result.data, accountKeys: result.accountKeys });
    const slack = Math.max(1, unitFiles.length / 100);
    const unused = cached ? [...cached.keys()].filter((digest) => !keep.has(digest)).length : 0;
    if (!cached || misses.length > slack || unused > slack) {
      writeValidationCache(cacheFile, head, keep);
      timing('cache written');
    }
  }
  // The cross-file rules run here alone: the workers' memory can go.
  for (const worker of workers) worker.close();
  const result = validateRegistry(dir, { ...options, today, prepared: { unitFiles, listProblems, results }, problemsOnly: lean });
  timing('checked');
  return result;
}

if (!isMainThread && parentPort && workerData?.validationWorker) {
  const port = parentPort;
  port.on('message', (input: WorkerInput) => {
    for (let i = 0; i < input.files.length; i += input.batch) {
      const files = input.files.slice(i, i + input.batch);
      // As JSON text: one string crosses the thread boundary faster than thousands of small objects.
      port.postMessage(JSON.stringify(input.mode === 'digest' ? files.map((f): DigestResult[number] => [f.file, digestUnitFile(f.abs) ?? null]) : parseChunk({ ...input, files })));
    }
    port.postMessage(null);
  });
}
