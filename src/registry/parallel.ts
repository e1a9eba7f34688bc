/**
 * Validation on every core: the per-file stage (read, YAML, schema) of a large registry
 * is split between the main thread and worker threads; the cross-file stage then runs
 * once, in `validateRegistry`. Small registries skip the workers (starting one costs
 * more than it saves). Used by the CLIs; the Astro build calls `validateRegistry`.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  listUnitFiles, parseUnitFile, validateRegistry,
  type UnitFile, type UnitFileResult, type ValidateOptions, type ValidationResult,
} from './load.ts';
import type { Problem } from './problems.ts';

const MIN_FILES_PER_THREAD = 4000;

type WorkerResult = [file: string, result: Omit<UnitFileResult, 'precise'>][];

function parseChunk(files: UnitFile[]): WorkerResult {
  // The YAML document (positions) does not cross threads; the main thread re-parses the few files with problems.
  return files.map((f) => {
    const { precise: _precise, ...rest } = parseUnitFile(f);
    return [f.file, rest];
  });
}

function runWorker(files: UnitFile[]): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    // A larger young generation: parsing allocates many short-lived objects.
    const worker = new Worker(new URL(import.meta.url), { workerData: { files }, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    worker.once('message', (result: WorkerResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`validation worker exited with code ${code}`));
    });
  });
}

export async function validateRegistryParallel(dir: string, options: ValidateOptions = {}, minFilesPerThread = MIN_FILES_PER_THREAD): Promise<ValidationResult> {
  const listProblems: Problem[] = [];
  const unitFiles = listUnitFiles(dir, listProblems);
  const threads = Math.min(availableParallelism(), Math.floor(unitFiles.length / minFilesPerThread));
  if (threads < 2) return validateRegistry(dir, options);
  const size = Math.ceil(unitFiles.length / threads);
  const chunks = Array.from({ length: threads }, (_, i) => unitFiles.slice(i * size, (i + 1) * size));
  // Every chunk goes to a worker: a fresh, small heap parses twice as fast as the main
  // thread's, whose garbage collector also has to walk everything loaded so far.
  const results = new Map<string, UnitFileResult>();
  for (const chunk of await Promise.all(chunks.map(runWorker))) for (const [file, result] of chunk) results.set(file, result);
  return validateRegistry(dir, { ...options, prepared: { unitFiles, listProblems, results } });
}

if (!isMainThread && parentPort && workerData?.files) {
  parentPort.postMessage(parseChunk(workerData.files as UnitFile[]));
}
