/**
 * Validation on every core: the per-file stage (read, YAML, schema) of a large registry
 * is split between the main thread and worker threads; the cross-file stage then runs
 * once, in `validateRegistry`. Small registries skip the workers (starting one costs
 * more than it saves). Used by the CLIs; the Astro build calls `validateRegistry`.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { RegistrySettings, UnitData } from '../schema/index.ts';
import { canonicalize } from '../lib/facebook-url.ts';
import {
  checkUnitAccounts, listUnitFiles, parseUnitFile, readSettings, validateRegistry,
  type UnitFile, type UnitFileResult, type ValidateOptions, type ValidationResult,
} from './load.ts';
import { todayIso } from './model.ts';
import type { Problem } from './problems.ts';

const MIN_FILES_PER_THREAD = 4000;

type WorkerResult = [file: string, result: Omit<UnitFileResult, 'precise'>][];

interface WorkerInput {
  files: UnitFile[];
  settings: RegistrySettings | undefined;
  today: string;
  lean: boolean;
  batch: number;
}

/**
 * Only what the cross-file rules read (parent, level, successor, dissolution, each
 * account's address and end): copying less between threads is most of what `lean` saves.
 */
function leanData(data: UnitData): UnitData {
  const lean: UnitData = { name: data.name, level: data.level };
  if (data.parent !== undefined) lean.parent = data.parent;
  if (data.successor !== undefined) lean.successor = data.successor;
  if (data.dissolved !== undefined) lean.dissolved = data.dissolved;
  if (data.accounts) lean.accounts = data.accounts.map((a) => (a.until === undefined ? { role: a.role, url: a.url, name: '', since: a.since } : { role: a.role, url: a.url, name: '', since: a.since, until: a.until }));
  return lean;
}

function parseChunk({ files, settings, today, lean }: WorkerInput): WorkerResult {
  // The YAML document (positions) does not cross threads; the main thread re-parses the few files with problems.
  return files.map((f) => {
    const { precise: _precise, ...rest } = parseUnitFile(f);
    // Account rules need only the settings: checking them here takes them off the main thread.
    const checked = settings ? checkUnitAccounts(rest, settings, today, canonicalize) : rest;
    return [f.file, lean && checked.data && checked.accountProblems ? { ...checked, data: leanData(checked.data) } : checked];
  });
}

/** Results cross threads in batches: the main thread takes in one while the workers parse the next. */
const BATCH = 2000;

function runWorker(input: WorkerInput, onBatch: (batch: WorkerResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // A larger young generation: parsing allocates many short-lived objects.
    const worker = new Worker(new URL(import.meta.url), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    worker.on('message', (batch: WorkerResult | null) => {
      if (batch === null) resolve();
      else onBatch(batch);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`validation worker exited with code ${code}`));
    });
  });
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
}

export async function validateRegistryParallel(dir: string, options: ValidateOptions = {}, { minFilesPerThread = MIN_FILES_PER_THREAD, lean = false, batch = BATCH }: ParallelOptions = {}): Promise<ValidationResult> {
  const timing = process.env.VALIDATE_TIMING ? (label: string) => process.stderr.write(`${label} ${Math.round(performance.now() - started)} ms\n`) : () => {};
  const started = performance.now();
  const listProblems: Problem[] = [];
  const unitFiles = listUnitFiles(dir, listProblems);
  timing('listed');
  const threads = Math.min(availableParallelism(), Math.floor(unitFiles.length / minFilesPerThread));
  if (threads < 2) return validateRegistry(dir, options);
  const size = Math.ceil(unitFiles.length / threads);
  const chunks = Array.from({ length: threads }, (_, i) => unitFiles.slice(i * size, (i + 1) * size));
  // Every chunk goes to a worker: a fresh, small heap parses twice as fast as the main
  // thread's, whose garbage collector also has to walk everything loaded so far.
  const results = new Map<string, UnitFileResult>();
  const settings = readSettings(dir);
  const today = options.today ?? todayIso();
  const take = (batch: WorkerResult) => {
    for (const [file, result] of batch) results.set(file, result);
  };
  await Promise.all(chunks.map((files) => runWorker({ files, settings, today, lean, batch }, take)));
  timing('parsed');
  const result = validateRegistry(dir, { ...options, today, prepared: { unitFiles, listProblems, results } });
  timing('checked');
  return lean ? { ...result, registry: undefined } : result;
}

if (!isMainThread && parentPort && workerData?.files) {
  const input = workerData as WorkerInput;
  for (let i = 0; i < input.files.length; i += input.batch) parentPort.postMessage(parseChunk({ ...input, files: input.files.slice(i, i + input.batch) }));
  parentPort.postMessage(null);
}
