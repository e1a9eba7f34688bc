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
import type { RegistrySettings, Role, UnitData } from '../schema/index.ts';
import { canonicalizeOnce } from './facebook-url.ts';
import { cacheable, cacheHead, readValidationCache, writeValidationCache, type CachedUnit } from './cache.ts';
import {
  checkUnitAccounts, digestUnitFile, indexUnitFiles, listUnitFiles, parseUnitFile, readSettings, settingsDigest, validateRegistry,
  type UnitFile, type UnitFileResult, type UnitIndex, type ValidateOptions, type ValidationResult,
} from './load.ts';
import { todayIso } from './model.ts';
import type { Problem } from './problems.ts';

const MIN_FILES_PER_THREAD = 4000;

/**
 * One file's result as it crosses threads. In lean mode a clean file (no problem at all)
 * goes as a flat list of what the cross-file rules read — `[level, parent, successor,
 * dissolved, accounts]`, absent values as 0, accounts as `role, url, key, since, until`
 * five at a time — which is several times cheaper to send and take in than the object.
 */
type LeanRecord = [level: string, parent: string | 0, successor: string | 0, dissolved: string | 0, accounts: (string | 0)[] | 0];
type WireResult = Omit<UnitFileResult, 'precise'> | LeanRecord;
/** A batch: the position of its first file in the job, then one entry a file. */
type Batch<E> = [offset: number, ...entries: E[]];

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

/** The empty lists of every clean result (frozen: nothing may add to them). */
const NONE = Object.freeze([]) as never[];

function leanRecord(data: UnitData, keys: readonly (string | null)[]): LeanRecord {
  let accounts: (string | 0)[] | 0 = 0;
  if (data.accounts) {
    accounts = [];
    data.accounts.forEach((a, i) => (accounts as (string | 0)[]).push(a.role, a.url ?? 0, keys[i] ?? 0, a.since, a.until ?? 0));
  }
  return [data.level, data.parent ?? 0, data.successor ?? 0, data.dissolved ?? 0, accounts];
}

/**
 * A lean record back as a result: the unit's data holds only what the cross-file rules
 * read (level, parent, successor, dissolution, each account's role, address, dates;
 * names are left empty).
 */
function fromLeanRecord([level, parent, successor, dissolved, list]: LeanRecord): UnitFileResult {
  const data: UnitData = { name: '', level };
  if (parent !== 0) data.parent = parent;
  if (successor !== 0) data.successor = successor;
  if (dissolved !== 0) data.dissolved = dissolved;
  const accountKeys: (string | null)[] = [];
  if (list !== 0) {
    const accounts: NonNullable<UnitData['accounts']> = [];
    for (let i = 0; i < list.length; i += 5) {
      const role = list[i] as Role;
      const url = list[i + 1]!;
      const key = list[i + 2]!;
      const since = list[i + 3] as string;
      const until = list[i + 4]!;
      // An encrypted hidden group has no address here: the key (its digest) is what the cross-file rules compare.
      const account: NonNullable<UnitData['accounts']>[number] = url === 0 ? { role, name: '', since } : { role, url, name: '', since };
      if (until !== 0) account.until = until;
      accounts.push(account);
      accountKeys.push(key === 0 ? null : key);
    }
    data.accounts = accounts;
  }
  return { data, problems: NONE, pathProblems: NONE, accountProblems: NONE, accountKeys };
}

/** Lean copies of files with problems keep the object form, with the same lean data. */
function leanData(data: UnitData): UnitData {
  return fromLeanRecord(leanRecord(data, NONE)).data!;
}

/**
 * The per-file stage of one file; account rules need only the settings, so they run here
 * too. Addresses are not remembered: each is seen once here.
 */
function parseOne(file: UnitFile, settings: RegistrySettings | undefined, today: string, withDigest: boolean): UnitFileResult {
  const parsed = parseUnitFile(file, withDigest);
  return settings ? checkUnitAccounts(parsed, settings, today, canonicalizeOnce) : parsed;
}

function parseChunk({ files, settings, today, lean, withDigest }: WorkerInput): WireResult[] {
  // The YAML document (positions) does not cross threads; the main thread re-parses the few files with problems.
  return files.map((f) => {
    const { precise: _precise, ...checked } = parseOne(f, settings, today, withDigest);
    if (!lean || !checked.data || !checked.accountProblems) return checked;
    const clean = checked.problems.length === 0 && checked.pathProblems.length === 0 && checked.accountProblems.length === 0;
    return clean ? leanRecord(checked.data, checked.accountKeys ?? NONE) : { ...checked, data: leanData(checked.data) };
  });
}

/** Results cross threads in batches: the main thread takes in one while the workers parse the next. */
const BATCH = 2000;

/**
 * A worker thread that takes validation jobs one after another (several a run; the cache
 * path first has every file hashed, then what changed parsed). Started while the main
 * thread is still listing.
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
  const settings = readSettings(dir);
  const today = options.today ?? todayIso();
  // By position in unitFiles.
  const results: (UnitFileResult | undefined)[] = new Array(unitFiles.length);
  const withDigest = cacheFile !== undefined;
  // Every job goes to a worker: a fresh, small heap parses twice as fast as the main
  // thread's, whose garbage collector also has to walk everything loaded so far. Jobs are
  // a quarter of a worker's share each, handed out as workers finish, so that one worker
  // slowed down by the machine does not keep the other waiting.
  const inWorkers = async <E extends WireResult | string | null>(indexes: readonly number[], mode: WorkerInput['mode'], take: (index: number, entry: E) => void) => {
    const size = Math.max(batch, Math.ceil(indexes.length / (workers.length * 4)));
    let next = 0;
    const drain = async (worker: ValidationWorker) => {
      while (next < indexes.length) {
        const job = indexes.slice(next, next + size);
        next += job.length;
        const files = job.map((i) => unitFiles[i]!);
        await worker.run<Batch<E>>({ files, settings, today, lean: lean && !withDigest, batch, mode, withDigest }, ([offset, ...entries]) => {
          entries.forEach((entry, k) => take(job[offset + k]!, entry));
        });
      }
    };
    await Promise.all(workers.map(drain));
  };
  const parse = (indexes: readonly number[]) =>
    inWorkers<WireResult>(indexes, 'parse', (i, entry) => {
      results[i] = Array.isArray(entry) ? fromLeanRecord(entry) : entry;
    });
  const all = unitFiles.map((_, i) => i);
  // What the file names tell is worked out on this thread while the workers first work.
  let index: UnitIndex | undefined;
  const meanwhile = async (work: Promise<void>) => {
    index ??= indexUnitFiles(unitFiles);
    await work;
  };

  if (cacheFile === undefined) {
    await meanwhile(parse(all));
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
      else results[i] = { data: hit.data, problems: [], pathProblems: [], accountProblems: [], accountKeys: hit.accountKeys, digest };
    });
    // A few changed files are parsed here; starting workers would cost more.
    if (misses.length >= minFilesPerThread) await meanwhile(parse(misses));
    else for (const i of misses) results[i] = parseOne(unitFiles[i]!, settings, today, true);
    timing(`parsed ${misses.length}`);
    // Rewriting the cache (84 MB at 135,000 units) costs more than parsing a few changed
    // files again next time: it is rewritten when unusable, or when more than 1 % of the
    // files are not in it or it holds more than 1 % of entries no file has now.
    const keep = new Map<string, CachedUnit>();
    for (const result of results) if (result && cacheable(result)) keep.set(result.digest, { data: result.data, accountKeys: result.accountKeys });
    const slack = Math.max(1, unitFiles.length / 100);
    const unused = cached ? [...cached.keys()].filter((digest) => !keep.has(digest)).length : 0;
    if (!cached || misses.length > slack || unused > slack) {
      writeValidationCache(cacheFile, head, keep);
      timing('cache written');
    }
  }
  // The cross-file rules run here alone: the workers' memory can go.
  for (const worker of workers) worker.close();
  const result = validateRegistry(dir, { ...options, today, prepared: { unitFiles, listProblems, results, index }, problemsOnly: lean });
  timing('checked');
  return result;
}

if (!isMainThread && parentPort && workerData?.validationWorker) {
  const port = parentPort;
  port.on('message', (input: WorkerInput) => {
    for (let i = 0; i < input.files.length; i += input.batch) {
      const files = input.files.slice(i, i + input.batch);
      const entries = input.mode === 'digest' ? files.map((f) => digestUnitFile(f.abs) ?? null) : parseChunk({ ...input, files });
      // As JSON text: one string crosses the thread boundary faster than thousands of small objects.
      port.postMessage(JSON.stringify([i, ...entries]));
    }
    port.postMessage(null);
  });
}
