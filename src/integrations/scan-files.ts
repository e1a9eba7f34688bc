/**
 * The leak guard's per-file work (read, hash, decompress, scan), apart from the walk so
 * that it can run on worker threads: on a 135,000-unit build it reads ~1 GB, and the
 * main thread has nothing else to do at that point. `leak-guard.ts` lists the files and
 * decides what each needs; this module does it, here or in a worker, with the same code.
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { mayHoldSecret, scanBytes, secretPrefilter, type Leak, type SecretSet } from '../lib/leak-scan.ts';

/** One file to look at. */
export interface ScanTask {
  abs: string;
  /** Relative to the scanned folder, `/`-separated. */
  rel: string;
  /** Modified since the earlier clean scan (or there was none): every secret applies. */
  fresh: boolean;
  /** Its digest at the earlier clean scan, if it was there. */
  prev?: string;
}

export interface ScanContext {
  secrets: SecretSet;
  /** The secrets the earlier clean scan did not know (incremental scans only). */
  kept?: SecretSet;
  /** There was an earlier clean scan: fresh files are hashed to compare with `prev`. */
  incremental: boolean;
  /** Record each file's digest (for the next incremental scan). */
  wantDigests: boolean;
}

export interface TaskLeak extends Leak {
  /** Index of the task in the list given (leaks are reported in walk order). */
  task: number;
  /** The decompressed content of a `.gz`/`.br` file, not its bytes. */
  inflated: boolean;
}

export interface ScanResult {
  leaks: TaskLeak[];
  digests: [rel: string, digest: string][];
  scanned: number;
  skipped: number;
}

/** Decompressed output is capped: a "zip bomb" in dist must not take the build down. */
const MAX_INFLATED = 256 * 1024 * 1024;

function inflated(file: string, bytes: Buffer): Buffer | undefined {
  try {
    if (/\.gz$/i.test(file)) return gunzipSync(bytes, { maxOutputLength: MAX_INFLATED });
    if (/\.br$/i.test(file)) return brotliDecompressSync(bytes, { maxOutputLength: MAX_INFLATED });
  } catch {
    /* not really compressed, or too large: the raw bytes are still scanned */
  }
  return undefined;
}

/** `indices[i]` is the index reported for `tasks[i]` (its place in the whole list). */
export function scanTasks(tasks: readonly ScanTask[], ctx: ScanContext, indices?: readonly number[]): ScanResult {
  const { secrets, kept, incremental, wantDigests } = ctx;
  const keptFilter = kept ? secretPrefilter(kept) : undefined;
  const result: ScanResult = { leaks: [], digests: [], scanned: 0, skipped: 0 };
  tasks.forEach(({ abs, rel, fresh, prev }, i) => {
    const task = indices?.[i] ?? i;
    let bytes: Buffer | undefined;
    let set = fresh ? secrets : kept;
    if (fresh && (wantDigests || incremental)) {
      bytes = readFileSync(abs);
      const sum = hash('sha1', bytes, 'base64');
      if (wantDigests) result.digests.push([rel, sum]);
      if (prev === sum) set = kept; // identical to what the earlier scan read
    } else if (wantDigests && prev !== undefined) {
      result.digests.push([rel, prev]); // unchanged: still the content that scan read
    }
    if (!set || set.size === 0) {
      result.skipped++;
      return;
    }
    bytes ??= readFileSync(abs);
    const plain = inflated(rel, bytes);
    if (set === kept && keptFilter && !mayHoldSecret(bytes.toString('latin1'), keptFilter) && !(plain && mayHoldSecret(plain.toString('latin1'), keptFilter))) {
      result.skipped++;
      return;
    }
    result.scanned++;
    for (const leak of scanBytes(bytes, set)) result.leaks.push({ ...leak, task, inflated: false });
    if (plain) for (const leak of scanBytes(plain, set)) result.leaks.push({ ...leak, task, inflated: true });
  });
  return result;
}

/** Below this many files a worker costs more to start than it saves. */
export const MIN_TASKS_PER_THREAD = 3000;

/** The same as `scanTasks`, split between `threads` worker threads (files interleaved, so each gets a share of every kind). */
export async function scanTasksParallel(tasks: readonly ScanTask[], ctx: ScanContext, threads: number): Promise<ScanResult> {
  if (threads < 2) return scanTasks(tasks, ctx);
  const parts = Array.from({ length: threads }, () => ({ tasks: [] as ScanTask[], indices: [] as number[] }));
  tasks.forEach((task, i) => {
    const part = parts[i % threads]!;
    part.tasks.push(task);
    part.indices.push(i);
  });
  const results = await Promise.all(
    parts.map(
      (part) =>
        new Promise<ScanResult>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: { leakScan: { ...part, ctx } } });
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`leak scan worker exited with code ${code}`));
          });
        }),
    ),
  );
  const merged: ScanResult = { leaks: [], digests: [], scanned: 0, skipped: 0 };
  for (const r of results) {
    merged.leaks.push(...r.leaks);
    merged.digests.push(...r.digests);
    merged.scanned += r.scanned;
    merged.skipped += r.skipped;
  }
  // Walk order, then (within a file) the scanner's order: the bytes first, then the decompressed content.
  merged.leaks.sort((a, b) => a.task - b.task || Number(a.inflated) - Number(b.inflated) || a.offset - b.offset);
  return merged;
}

if (!isMainThread && parentPort && workerData?.leakScan) {
  const { tasks, indices, ctx } = workerData.leakScan as { tasks: ScanTask[]; indices: number[]; ctx: ScanContext };
  parentPort.postMessage(scanTasks(tasks, ctx, indices));
}
