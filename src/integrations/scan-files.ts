/**
 * The leak guard's per-file work (read, hash, decompress, scan), apart from the walk so
 * that it can run on worker threads: on a 135,000-unit build it reads ~1 GB, and the
 * main thread has only the walk to do at that point. `leak-guard.ts` walks the output
 * and decides what each file needs; this module does it, here or in a worker, with the
 * same code, while the walk goes on.
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { JobWorker, serveJobs } from '../registry/worker-pool.ts';
import { mayHoldSecret, scanBytes, secretPrefilter, withoutArmor, type Leak, type SecretSet } from '../lib/leak-scan.ts';

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
  /** Files (relative, `/`-separated) allowed to hold armored ciphertext; every other secret is still looked for. */
  armorAllowed?: readonly string[];
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

function emptyResult(): ScanResult {
  return { leaks: [], digests: [], scanned: 0, skipped: 0 };
}

function addResult(into: ScanResult, from: ScanResult): void {
  into.leaks.push(...from.leaks);
  into.digests.push(...from.digests);
  into.scanned += from.scanned;
  into.skipped += from.skipped;
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
  const { incremental, wantDigests } = ctx;
  const keptFilter = ctx.kept ? secretPrefilter(ctx.kept) : undefined;
  const allowed = new Set(ctx.armorAllowed ?? []);
  const result = emptyResult();
  tasks.forEach(({ abs, rel, fresh, prev }, i) => {
    const task = indices?.[i] ?? i;
    const armorOk = allowed.has(rel);
    const secrets = armorOk ? withoutArmor(ctx.secrets) : ctx.secrets;
    const kept = armorOk && ctx.kept ? withoutArmor(ctx.kept) : ctx.kept;
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
    if (
      set === kept &&
      keptFilter &&
      !mayHoldSecret(bytes.toString('latin1'), keptFilter) &&
      !(plain && mayHoldSecret(plain.toString('latin1'), keptFilter))
    ) {
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

/** Tasks per message to a worker. */
const BATCH = 1000;

const POOL = 'leak-scan';

interface ScanBatch {
  tasks: ScanTask[];
  indices: number[];
}

interface ScanWorker {
  worker: JobWorker<ScanBatch, ScanResult>;
  /** What this worker found so far, batch by batch. */
  total: ScanResult;
  /** Every batch sent, answered or not. */
  sent: Promise<void>[];
  /** Dealt to this worker, not sent yet. */
  tasks: ScanTask[];
  indices: number[];
}

/**
 * Scans tasks as the walk finds them: on this thread while they are few, and once there
 * are `2 × minTasksPerThread`, on worker threads that start then and take the tasks in
 * batches while the walk goes on (the walk's own file-system calls overlap the reading).
 * Files are dealt out in turn, so each worker gets a share of every kind.
 */
export class TaskScanner {
  private readonly tasks: ScanTask[] = [];
  private workers?: ScanWorker[];
  private readonly ctx: ScanContext;
  private readonly threads: number;
  private readonly startAt: number;

  constructor(ctx: ScanContext, threads: number, minTasksPerThread = MIN_TASKS_PER_THREAD) {
    this.ctx = ctx;
    this.threads = threads;
    this.startAt = 2 * minTasksPerThread;
  }

  add(task: ScanTask): void {
    const index = this.tasks.push(task) - 1;
    if (!this.workers && this.threads >= 2 && this.tasks.length >= this.startAt) {
      this.workers = Array.from({ length: this.threads }, () => ({
        worker: new JobWorker<ScanBatch, ScanResult>(new URL(import.meta.url), POOL, this.ctx),
        total: emptyResult(),
        sent: [],
        tasks: [],
        indices: [],
      }));
      this.tasks.forEach((t, i) => this.deal(t, i));
    } else if (this.workers) this.deal(task, index);
  }

  /** The task list, in walk order (leaks name tasks by index). */
  get list(): readonly ScanTask[] {
    return this.tasks;
  }

  async finish(): Promise<ScanResult> {
    if (!this.workers) return scanTasks(this.tasks, this.ctx);
    for (const w of this.workers) this.flush(w);
    try {
      await Promise.all(this.workers.flatMap((w) => w.sent));
    } finally {
      this.abort();
    }
    const merged = emptyResult();
    for (const w of this.workers) addResult(merged, w.total);
    // Walk order, then (within a file) the scanner's order: the bytes first, then the decompressed content.
    merged.leaks.sort((a, b) => a.task - b.task || Number(a.inflated) - Number(b.inflated) || a.offset - b.offset);
    return merged;
  }

  /** Stops the workers (the walk failed: the scan is abandoned, the build fails). */
  abort(): void {
    for (const w of this.workers ?? []) w.worker.close();
  }

  private deal(task: ScanTask, index: number): void {
    const w = this.workers![index % this.threads]!;
    w.tasks.push(task);
    w.indices.push(index);
    if (w.tasks.length >= BATCH) this.flush(w);
  }

  private flush(w: ScanWorker): void {
    if (w.tasks.length === 0) return;
    const sent = w.worker.run({ tasks: w.tasks, indices: w.indices }, (result) => addResult(w.total, result));
    // A rejection is reported by finish(); until then it must not count as unhandled.
    sent.catch(() => {});
    w.sent.push(sent);
    w.tasks = [];
    w.indices = [];
  }
}

serveJobs<ScanBatch, ScanResult, ScanContext>(POOL, (batch, reply, ctx) => reply(scanTasks(batch.tasks, ctx, batch.indices)));
